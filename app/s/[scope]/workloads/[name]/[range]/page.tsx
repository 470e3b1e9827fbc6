import { WorkloadPage, workloadMetadata } from "@/app/_pages/workload";
import { EmbedAccess } from "@/components/embed/embed-access";
import { hasRole } from "@/lib/auth/roles";
import { scopedViewer } from "@/lib/auth/session";

// ISR, cached per scope: the front door rewrites the page here with the viewer's scope
// (docs/auth.md). Rendered on the first request of each scope, never at build. The period
// is an upper bound; the data cache inside getWorkloadSeries lowers it to REVALIDATE_SECONDS.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

export const generateMetadata = workloadMetadata;

export default async function Page({
  params,
}: {
  params: Promise<{ scope: string; name: string; range: string }>;
}) {
  const { scope, name, range } = await params;
  const viewer = scopedViewer(scope);
  return (
    <EmbedAccess allowed={hasRole(viewer.role, "editor")}>
      <WorkloadPage segment={name} range={range} cached viewer={viewer} />
    </EmbedAccess>
  );
}
