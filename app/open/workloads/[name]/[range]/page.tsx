import { WorkloadPage, workloadMetadata, type WorkloadParams } from "@/app/_pages/workload";
import { signInOffOnly } from "@/lib/auth/session";

// ISR, served by proxy.ts while sign-in is off: rendered on the first request, never at
// build. The period is an upper bound; the data cache inside getWorkloadSeries lowers it
// to REVALIDATE_SECONDS.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

export const generateMetadata = workloadMetadata;

export default async function Page({ params }: { params: WorkloadParams }) {
  const viewer = signInOffOnly();
  const { name, range } = await params;
  return <WorkloadPage segment={name} range={range} cached viewer={viewer} />;
}
