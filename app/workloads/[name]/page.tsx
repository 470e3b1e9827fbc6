import { notFound, redirect } from "next/navigation";
import { findWorkload } from "@/lib/workload";
import { workloadFromSegment, workloadHref } from "@/lib/workload/url";

/** /workloads/{name} shows the default preset, 24 h. */
export default async function WorkloadIndex({ params }: { params: Promise<{ name: string }> }) {
  const name = workloadFromSegment((await params).name);
  if (name === null || !findWorkload(name)) notFound();
  redirect(workloadHref(name, "24h"));
}
