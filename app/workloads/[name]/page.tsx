import { notFound, redirect } from "next/navigation";
import { findWorkload } from "@/lib/workload";
import { decodeSegment } from "@/lib/workload/query-keys";

/** /workloads/{name} shows the default preset, 24 h. */
export default async function WorkloadIndex({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const decoded = decodeSegment(name);
  if (!findWorkload(decoded)) notFound();
  redirect(`/workloads/${encodeURIComponent(decoded)}/24h`);
}
