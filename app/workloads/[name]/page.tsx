import { notFound, redirect } from "next/navigation";
import { verifySession } from "@/lib/auth/session";
import { findWorkload } from "@/lib/workload";
import { workloadFromSegment, workloadHref } from "@/lib/workload/url";

export const dynamic = "force-dynamic";

/** /workloads/{name} shows the default preset, 24 h. */
export default async function WorkloadIndex({ params }: { params: Promise<{ name: string }> }) {
  await verifySession();
  const name = workloadFromSegment((await params).name);
  if (name === null || !findWorkload(name)) notFound();
  redirect(workloadHref(name, "24h"));
}
