import { NextResponse, type NextRequest } from "next/server";
import { badRequest, parseTimeParam } from "@/lib/api/params";
import { reportResponse } from "@/lib/api/report-response";
import { getCatalog } from "@/lib/catalog";
import { allPanelsFailed, getOverview } from "@/lib/overview";
import { toWorkloadsResponse } from "@/lib/overview/api-shape";
import { isOverviewPreset, OVERVIEW_PRESETS } from "@/lib/overview/ranges";
import { apiRoute } from "@/lib/api/route";

/** GET /api/v1/workloads?range=1h&time=<ISO 8601 or unix seconds>: the overview's numbers. */
export const GET = apiRoute(async (req: NextRequest) => {
  const q = req.nextUrl.searchParams;
  const range = q.get("range") ?? "1h";
  if (!isOverviewPreset(range)) {
    return badRequest("range", `expected one of ${OVERVIEW_PRESETS.join(", ")}`);
  }
  const at = parseTimeParam(q.get("time"));
  if (at instanceof NextResponse) return at;
  const overview = await getOverview(range, at);
  const body = toWorkloadsResponse(overview, getCatalog().workloads);
  return reportResponse(overview, body, { failed: allPanelsFailed(overview) });
});
