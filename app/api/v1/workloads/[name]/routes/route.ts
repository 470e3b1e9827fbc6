import { NextResponse, type NextRequest } from "next/server";
import { getWorkloadRoutes } from "@/lib/workload";
import { workloadRangeRequest } from "@/lib/api/workload-request";

/** GET /api/v1/workloads/{name}/routes?from=…&to=…: requests, error share, p95 and p99 per route. */
export async function GET(req: NextRequest, ctx: { params: Promise<{ name: string }> }) {
  const r = await workloadRangeRequest(req, ctx);
  if (r instanceof NextResponse) return r;
  const routes = await getWorkloadRoutes(r.name, r.range);
  return NextResponse.json(routes, { status: routes.result.ok ? 200 : 503 });
}
