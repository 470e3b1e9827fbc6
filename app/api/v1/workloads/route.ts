import { NextResponse, type NextRequest } from "next/server";
import { getCatalog } from "@/lib/catalog";
import { allPanelsFailed, getOverview } from "@/lib/overview";
import { toWorkloadsResponse } from "@/lib/overview/api-shape";
import { isOverviewPreset, OVERVIEW_PRESETS } from "@/lib/overview/ranges";

function badRequest(parameter: string, message: string) {
  return NextResponse.json({ error: { parameter, message } }, { status: 400 });
}

/** GET /api/v1/workloads?range=1h&time=<ISO 8601 or unix seconds>: the overview's numbers. */
export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const range = q.get("range") ?? "1h";
  if (!isOverviewPreset(range)) {
    return badRequest("range", `expected one of ${OVERVIEW_PRESETS.join(", ")}`);
  }
  let at = Date.now();
  const time = q.get("time");
  if (time !== null) {
    const parsed = /^\d+(\.\d+)?$/.test(time) ? Number(time) * 1000 : Date.parse(time);
    if (!Number.isFinite(parsed)) {
      return badRequest("time", "expected an ISO 8601 timestamp or unix seconds");
    }
    if (parsed > Date.now() + 60_000) return badRequest("time", "is in the future");
    at = parsed;
  }
  const overview = await getOverview(range, at);
  const body = toWorkloadsResponse(overview, getCatalog().workloads);
  return NextResponse.json(body, { status: allPanelsFailed(overview) ? 503 : 200 });
}
