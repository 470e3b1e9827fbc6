import { WorkloadPage, workloadMetadata, type WorkloadParams } from "@/app/_pages/workload";
import { verifySession } from "@/lib/auth/session";

// Per request: the session is checked every time (docs/auth.md); the charts still come
// from the data cache shared by every viewer. Sign-in off: proxy.ts serves app/open/ (ISR).
export const dynamic = "force-dynamic";

export const generateMetadata = workloadMetadata;

export default async function Page({ params }: { params: WorkloadParams }) {
  const viewer = await verifySession();
  const { name, range } = await params;
  return <WorkloadPage segment={name} range={range} cached={false} viewer={viewer} />;
}
