import { NextResponse, type NextRequest } from "next/server";
import { reportResponse } from "@/lib/api/report-response";
import { workloadRangeRequest } from "@/lib/api/workload-request";
import { getWorkloadSeries, workloadSeriesFailed } from "@/lib/workload";
import { apiRoute } from "@/lib/api/route";

/** GET /api/v1/workloads/{name}/series?from=…&to=…: the workload page's charts for a custom range. */
export const GET = apiRoute(
  async (req: NextRequest, ctx: { params: Promise<{ name: string }> }, session) => {
    const r = await workloadRangeRequest(req, ctx, session);
    if (r instanceof NextResponse) return r;
    const series = await getWorkloadSeries(r.name, r.range);
    return reportResponse(series, series, { failed: workloadSeriesFailed(series) });
  },
);
