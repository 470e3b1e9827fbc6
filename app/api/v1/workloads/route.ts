import { NextResponse, type NextRequest } from "next/server";
import { badRequest, parseTimeParam } from "@/lib/api/params";
import { reportResponse } from "@/lib/api/report-response";
import { getCatalog } from "@/lib/catalog";
import { allPanelsFailed, getOverview } from "@/lib/overview";
import { toWorkloadsResponse } from "@/lib/overview/api-shape";
import { isOverviewPreset, OVERVIEW_PRESETS } from "@/lib/overview/ranges";
import { apiRoute } from "@/lib/api/route";
import { filterByWorkload } from "@/lib/auth/scope";
import { scopeOf } from "@/lib/auth/viewer-scope";
import { scopeOverview } from "@/lib/overview/scope";

/**
 * GET /api/v1/workloads?range=1h&time=<ISO 8601 or unix seconds>: the overview's numbers,
 * of the viewer's workloads only (docs/auth.md, "Team scopes").
 */
export const GET = apiRoute(async (req: NextRequest, _ctx: unknown, session) => {
  const q = req.nextUrl.searchParams;
  const range = q.get("range") ?? "1h";
  if (!isOverviewPreset(range)) {
    return badRequest("range", `expected one of ${OVERVIEW_PRESETS.join(", ")}`);
  }
  const at = parseTimeParam(q.get("time"));
  if (at instanceof NextResponse) return at;
  const all = await getOverview(range, at);
  const scope = scopeOf(session);
  const overview = scopeOverview(all, scope);
  const workloads = filterByWorkload(scope, getCatalog().workloads, (w) => w.name);
  const body = toWorkloadsResponse(overview, workloads);
  return reportResponse(overview, body, { failed: allPanelsFailed(overview) });
});
