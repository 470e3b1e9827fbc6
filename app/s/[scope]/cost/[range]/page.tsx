import { CostPage } from "@/app/_pages/cost";
import { scopedViewer } from "@/lib/auth/session";

// ISR, cached per scope: the front door rewrites the page here with the viewer's scope
// (docs/auth.md). Rendered on the first request of each scope, never at build. The period
// is an upper bound; the data cache inside getCostReport lowers it to REVALIDATE_SECONDS.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

export const metadata = { title: "Cost" };

export default async function Page({
  params,
}: {
  params: Promise<{ scope: string; range: string }>;
}) {
  const { scope, range } = await params;
  const viewer = scopedViewer(scope);
  return <CostPage range={range} cached viewer={viewer} />;
}
