import { NextResponse, type NextRequest } from "next/server";
import { parseTimeParam } from "@/lib/api/params";
import { reportResponse } from "@/lib/api/report-response";
import { getSlos, slosFailed } from "@/lib/slo";
import { apiRoute } from "@/lib/api/route";
import { filterByWorkload, mapPanel } from "@/lib/auth/scope";
import { scopeOf } from "@/lib/auth/viewer-scope";

/**
 * GET /api/v1/slos?time=…: every workload's SLOs with budget, burn rates and alert tiers;
 * the viewer's workloads only (docs/auth.md, "Team scopes").
 */
export const GET = apiRoute(async (req: NextRequest, _ctx: unknown, session) => {
  const at = parseTimeParam(req.nextUrl.searchParams.get("time"));
  if (at instanceof NextResponse) return at;
  const report = await getSlos(at);
  const scope = scopeOf(session);
  const { evaluatedAt } = report;
  const result = mapPanel(report.result, (list) =>
    filterByWorkload(scope, list, (w) => w.workload),
  );
  const body = result.ok
    ? { evaluatedAt, workloads: result.data }
    : { evaluatedAt, error: result.error };
  return reportResponse(report, body, { failed: slosFailed(report) });
});
