import { OverviewPage } from "@/app/_pages/overview";
import { signInOffOnly } from "@/lib/auth/session";

// ISR, served by proxy.ts while sign-in is off: rendered on the first request, never at
// build. The period is an upper bound; the data cache inside getOverview lowers it to
// REVALIDATE_SECONDS.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

export const metadata = { title: "Overview" };

export default async function Page({ params }: { params: Promise<{ range: string }> }) {
  const viewer = signInOffOnly();
  return <OverviewPage range={(await params).range} cached viewer={viewer} />;
}
