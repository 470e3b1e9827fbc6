import { NextResponse, type NextRequest } from "next/server";
import { badRequest, parseTimeParam } from "@/lib/api/params";
import { isRange, RANGES } from "@/lib/overview/ranges";
import { getWorkloadSlos } from "@/lib/slo";

/** GET /api/v1/slos/{workload}?range=24h&time=…: the workload's SLOs and their series. */
export async function GET(req: NextRequest, ctx: { params: Promise<{ workload: string }> }) {
  const { workload } = await ctx.params;
  const q = req.nextUrl.searchParams;
  const range = q.get("range") ?? "24h";
  if (!isRange(range))
    return badRequest("range", `expected one of ${Object.keys(RANGES).join(", ")}`);
  const at = parseTimeParam(q.get("time"));
  if (at instanceof NextResponse) return at;
  const report = await getWorkloadSlos(workload, RANGES[range].ms, at);
  if (!report) {
    return NextResponse.json(
      {
        error: { parameter: "workload", message: `no workload named "${workload}" in the catalog` },
      },
      { status: 404 },
    );
  }
  const failed = !report.status.ok && !report.series.ok;
  return NextResponse.json(report, { status: failed ? 503 : 200 });
}
