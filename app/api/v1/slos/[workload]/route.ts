import { NextResponse, type NextRequest } from "next/server";
import { badRequest, parseTimeParam } from "@/lib/api/params";
import { reportResponse } from "@/lib/api/report-response";
import { unknownWorkload } from "@/lib/api/workload-request";
import { getWorkloadSlos, workloadSlosFailed } from "@/lib/slo";
import { isRange, RANGES } from "@/lib/time/ranges";
import { workloadFromSegment } from "@/lib/workload/url";
import { apiRoute } from "@/lib/api/route";
import { maySeeWorkload } from "@/lib/auth/viewer-scope";

/** GET /api/v1/slos/{workload}?range=24h&time=…: the workload's SLOs and their series. */
export const GET = apiRoute(
  async (req: NextRequest, ctx: { params: Promise<{ workload: string }> }, session) => {
    const segment = (await ctx.params).workload;
    const workload = workloadFromSegment(segment);
    if (workload === null) return unknownWorkload("workload", segment, null);
    // Another team's workload is answered as an unknown one (docs/auth.md, "Team scopes").
    if (!maySeeWorkload(session, workload)) return unknownWorkload("workload", segment, workload);
    const q = req.nextUrl.searchParams;
    const range = q.get("range") ?? "24h";
    if (!isRange(range))
      return badRequest("range", `expected one of ${Object.keys(RANGES).join(", ")}`);
    const at = parseTimeParam(q.get("time"));
    if (at instanceof NextResponse) return at;
    const report = await getWorkloadSlos(workload, RANGES[range].ms, at);
    if (!report) return unknownWorkload("workload", segment, workload);
    return reportResponse(report, report, { failed: workloadSlosFailed(report) });
  },
);
