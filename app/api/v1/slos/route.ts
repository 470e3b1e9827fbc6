import { NextResponse, type NextRequest } from "next/server";
import { parseTimeParam } from "@/lib/api/params";
import { reportResponse } from "@/lib/api/report-response";
import { getSlos, slosFailed } from "@/lib/slo";
import { apiRoute } from "@/lib/api/route";

/** GET /api/v1/slos?time=…: every workload's SLOs with budget, burn rates and alert tiers. */
export const GET = apiRoute(async (req: NextRequest) => {
  const at = parseTimeParam(req.nextUrl.searchParams.get("time"));
  if (at instanceof NextResponse) return at;
  const report = await getSlos(at);
  const { evaluatedAt, result } = report;
  const body = result.ok
    ? { evaluatedAt, workloads: result.data }
    : { evaluatedAt, error: result.error };
  return reportResponse(report, body, { failed: slosFailed(report) });
});
