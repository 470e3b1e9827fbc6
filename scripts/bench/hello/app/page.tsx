// The baseline of `npm run bench`: the smallest ISR page Next.js can serve.
export const revalidate = 60;

export default function HelloPage() {
  return <h1>Hello, world</h1>;
}
