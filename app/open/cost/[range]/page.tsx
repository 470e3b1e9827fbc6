import { CostPage } from "@/app/_pages/cost";
import { signInOffOnly } from "@/lib/auth/session";

// ISR, served by proxy.ts while sign-in is off: rendered on the first request, never at
// build. The period is an upper bound; the data cache inside getCostReport lowers it to
// REVALIDATE_SECONDS.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

export const metadata = { title: "Cost" };

export default async function Page({ params }: { params: Promise<{ range: string }> }) {
  const viewer = signInOffOnly();
  return <CostPage range={(await params).range} cached viewer={viewer} />;
}
