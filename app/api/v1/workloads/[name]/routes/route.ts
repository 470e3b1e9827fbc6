import { NextResponse, type NextRequest } from "next/server";
import { reportResponse } from "@/lib/api/report-response";
import { workloadRangeRequest } from "@/lib/api/workload-request";
import { getWorkloadRoutes, workloadRoutesFailed } from "@/lib/workload";
import { apiRoute } from "@/lib/api/route";

/** GET /api/v1/workloads/{name}/routes?from=…&to=…: requests, error share, p95 and p99 per route. */
export const GET = apiRoute(
  async (req: NextRequest, ctx: { params: Promise<{ name: string }> }, session) => {
    const r = await workloadRangeRequest(req, ctx, session);
    if (r instanceof NextResponse) return r;
    const routes = await getWorkloadRoutes(r.name, r.range);
    return reportResponse(routes, routes, { failed: workloadRoutesFailed(routes) });
  },
);
