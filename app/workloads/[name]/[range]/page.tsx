import { WorkloadPage, workloadMetadata, type WorkloadParams } from "@/app/_pages/workload";
import { EmbedAccess } from "@/components/embed/embed-access";
import { hasRole } from "@/lib/auth/roles";
import { verifySession } from "@/lib/auth/session";

// Per request: the session is checked every time (docs/auth.md); the charts still come
// from the data cache shared by every viewer. With a session, the front door serves the
// twin cached per scope (app/s/[scope]/, docs/auth.md); this page answers the rest.
export const dynamic = "force-dynamic";

export const generateMetadata = workloadMetadata;

export default async function Page({ params }: { params: WorkloadParams }) {
  const viewer = await verifySession();
  const { name, range } = await params;
  return (
    <EmbedAccess allowed={hasRole(viewer.role, "editor")}>
      <WorkloadPage segment={name} range={range} cached={false} viewer={viewer} />
    </EmbedAccess>
  );
}
