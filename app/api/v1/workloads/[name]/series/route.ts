import { NextResponse, type NextRequest } from "next/server";
import { getWorkloadSeries } from "@/lib/workload";
import { workloadRangeRequest } from "@/lib/api/workload-request";

/** GET /api/v1/workloads/{name}/series?from=…&to=…: the workload page's charts for a custom range. */
export async function GET(req: NextRequest, ctx: { params: Promise<{ name: string }> }) {
  const r = await workloadRangeRequest(req, ctx);
  if (r instanceof NextResponse) return r;
  const series = await getWorkloadSeries(r.name, r.range);
  const failed = series.charts.every((c) => !c.result.ok) && !series.slos.ok;
  return NextResponse.json(series, { status: failed ? 503 : 200 });
}
