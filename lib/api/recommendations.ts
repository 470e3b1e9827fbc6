import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { staleSummary } from "../cache/stale";
import type { VerifiedSession } from "../auth/session";
import { inScope } from "../auth/scope";
import { scopeOf } from "../auth/viewer-scope";
import { getCatalog } from "../catalog";
import { getRecommendations, recommendationsFailed } from "../cost/recommendations";
import { narrowRightSizing } from "../cost/scope";
import { csvFilename, rightSizingCsv } from "../cost/rightsizing-csv";
import { badRequest, parseTimeParam } from "./params";
import { RECOMMENDATION_FORMATS } from "./recommendations-params";
import { reportResponse } from "./report-response";

/**
 * GET /api/v1/cost/recommendations (`format` json or csv) and
 * /api/v1/cost/recommendations.csv (`csv`): right-sizing per workload and container, at
 * `time` (default now) rounded down to 5 minutes, optionally for one `team` or `workload`.
 * 400 names a bad parameter; 503 when Prometheus failed and nothing was answered before.
 * Only the viewer's workloads: a team or workload of another team is answered as an
 * unknown one (docs/auth.md, "Team scopes").
 */
export async function recommendationsGet(
  req: NextRequest,
  forced: "csv" | null,
  viewer: VerifiedSession,
): Promise<NextResponse> {
  const q = req.nextUrl.searchParams;
  const format = q.get("format") ?? forced ?? "json";
  if (forced !== null && format !== forced) {
    return badRequest("format", `this path answers ${forced} only: leave format out`);
  }
  if (!(RECOMMENDATION_FORMATS as readonly string[]).includes(format)) {
    return badRequest("format", `expected one of ${RECOMMENDATION_FORMATS.join(", ")}`);
  }
  const at = parseTimeParam(q.get("time"));
  if (at instanceof NextResponse) return at;
  const scope = scopeOf(viewer);
  const workloads = getCatalog().workloads.filter((w) => inScope(scope, w.name));
  const team = q.get("team");
  if (team !== null && !workloads.some((w) => w.team === team)) {
    return badRequest("team", `no workload of the catalog has team ${JSON.stringify(team)}`);
  }
  const workload = q.get("workload");
  if (workload !== null && !workloads.some((w) => w.name === workload)) {
    return badRequest("workload", `no workload named ${JSON.stringify(workload)} in the catalog`);
  }

  const report = await getRecommendations(at);
  const { evaluatedAt, result } = report;
  if (!result.ok) {
    return reportResponse(
      report,
      { evaluatedAt, error: result.error },
      { failed: recommendationsFailed(report) },
    );
  }
  const table = narrowRightSizing(
    result.data,
    (r) =>
      inScope(scope, r.workload) &&
      (team === null || r.team === team) &&
      (workload === null || r.workload === workload),
  );
  if (format === "csv") {
    const stale = staleSummary(report, Date.now());
    return new NextResponse(rightSizingCsv(table), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8; header=present",
        "Content-Disposition": `attachment; filename="${csvFilename(evaluatedAt)}"`,
        "X-Sightline-Evaluated-At": evaluatedAt,
        ...(stale && { "X-Sightline-Stale-As-Of": stale.asOf }),
      },
    });
  }
  const { settings, rows, missing, totalSavingsUsdPerMonth } = table;
  return reportResponse(
    report,
    { evaluatedAt, settings, totalSavingsUsdPerMonth, recommendations: rows, missing },
    { failed: false },
  );
}
