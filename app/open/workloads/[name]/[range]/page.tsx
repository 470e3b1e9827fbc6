import { EmbedAccess } from "@/components/embed/embed-access";
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
  signInOffOnly();
  const { name, range } = await params;
  return (
    // Sign-in is off: everyone is an admin (docs/auth.md).
    <EmbedAccess allowed>
      <WorkloadPage segment={name} range={range} cached />
    </EmbedAccess>
  );
}
