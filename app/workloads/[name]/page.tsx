import { notFound, redirect } from "next/navigation";
import { verifySession } from "@/lib/auth/session";
import { maySeeWorkload } from "@/lib/auth/viewer-scope";
import { workloadFromSegment, workloadHref } from "@/lib/workload/url";

export const dynamic = "force-dynamic";

/** /workloads/{name} shows the default preset, 24 h. */
export default async function WorkloadIndex({ params }: { params: Promise<{ name: string }> }) {
  const viewer = await verifySession();
  const name = workloadFromSegment((await params).name);
  // Another team's workload is answered as an unknown one (docs/auth.md, "Team scopes").
  if (name === null || !maySeeWorkload(viewer, name)) notFound();
  redirect(workloadHref(name, "24h"));
}
