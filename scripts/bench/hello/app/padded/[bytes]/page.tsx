// The same hello page padded to a given size, rendered on its first request and cached
// like the overview (a dynamic segment, no params at build): the bench serves it at the
// overview's byte size to tell what the overview's bytes cost from what its code costs.
export const revalidate = 60;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

const LINE = "Hello, world — padding that stands for a dashboard's rows. ";

export default async function PaddedPage({ params }: { params: Promise<{ bytes: string }> }) {
  const { bytes } = await params;
  // The text is in the HTML and again in the RSC payload: half the extra bytes each.
  const n = Math.max(0, Math.min(1_000_000, Number(bytes) || 0));
  const lines = Math.floor(n / 2 / LINE.length);
  return (
    <div>
      <h1>Hello, world</h1>
      {Array.from({ length: lines }, (_, i) => (
        <p key={i}>{LINE}</p>
      ))}
    </div>
  );
}
