import { NextResponse, type NextRequest } from "next/server";
import { badRequest, parseInstant, parseTimeParam } from "@/lib/api/params";
import { reportResponse } from "@/lib/api/report-response";
import { costReportFailed, getCostReport, getCostReportFor } from "@/lib/cost";
import { COST_GROUP_BY, isCostGroupBy, toCostResponse } from "@/lib/cost/api-shape";
import {
  COST_PRESETS,
  DEFAULT_COST_PRESET,
  floorHour,
  isCostPreset,
  MAX_COST_RANGE_MS,
  MIN_COST_RANGE_MS,
} from "@/lib/cost/ranges";
import { apiRoute } from "@/lib/api/route";
import { scopeOf } from "@/lib/auth/viewer-scope";

/**
 * GET /api/v1/cost?range=30d&groupBy=workload|team&time=…, or ?from=…&to=… (whole hours):
 * the cost report of /cost, of the viewer's workloads only (docs/auth.md, "Team scopes").
 */
export const GET = apiRoute(async (req: NextRequest, _ctx: unknown, session) => {
  const q = req.nextUrl.searchParams;
  const groupBy = q.get("groupBy") ?? "workload";
  if (!isCostGroupBy(groupBy)) {
    return badRequest("groupBy", `expected one of ${COST_GROUP_BY.join(", ")}`);
  }
  const from = q.get("from");
  const to = q.get("to");
  if (from === null && to === null) {
    const range = q.get("range") ?? DEFAULT_COST_PRESET;
    if (!isCostPreset(range)) {
      return badRequest("range", `expected one of ${COST_PRESETS.join(", ")}`);
    }
    const at = parseTimeParam(q.get("time"));
    if (at instanceof NextResponse) return at;
    const report = await getCostReport(range, scopeOf(session), at);
    return reportResponse(report, toCostResponse(report, groupBy), {
      failed: costReportFailed(report),
    });
  }
  if (q.has("range")) return badRequest("range", "give either range or from and to, not both");
  if (q.has("time")) return badRequest("time", "applies to a range preset, not to from and to");
  if (from === null) return badRequest("from", "is required with to (ISO 8601 or unix seconds)");
  if (to === null) return badRequest("to", "is required with from (ISO 8601 or unix seconds)");
  const f = parseInstant(from);
  const t = parseInstant(to);
  if (!Number.isFinite(f))
    return badRequest("from", "expected an ISO 8601 timestamp or unix seconds");
  if (!Number.isFinite(t))
    return badRequest("to", "expected an ISO 8601 timestamp or unix seconds");
  if (t > Date.now() + 60_000) return badRequest("to", "is in the future");
  // Cost is kept per hour: both ends are rounded down to whole hours.
  const range = { fromMs: floorHour(f), toMs: floorHour(t) };
  if (range.toMs - range.fromMs < MIN_COST_RANGE_MS) {
    return badRequest("from", "must be at least one whole hour before to");
  }
  if (range.toMs - range.fromMs > MAX_COST_RANGE_MS) {
    return badRequest("from", `must be at most ${MAX_COST_RANGE_MS / 86_400_000} days before to`);
  }
  const report = await getCostReportFor(range, scopeOf(session));
  return reportResponse(report, toCostResponse(report, groupBy), {
    failed: costReportFailed(report),
  });
});
