import { NextResponse, type NextRequest } from "next/server";
import { badRequest } from "@/lib/api/params";
import { findWorkload, getWorkloadSeries } from "@/lib/workload";
import { parseRangeParams } from "@/lib/workload/api-params";

/** GET /api/v1/workloads/{name}/series?from=…&to=…: the workload page's charts for a custom range. */
export async function GET(req: NextRequest, ctx: { params: Promise<{ name: string }> }) {
  const { name } = await ctx.params;
  if (!findWorkload(name)) {
    return NextResponse.json(
      { error: { parameter: "name", message: `no workload named "${name}" in the catalog` } },
      { status: 404 },
    );
  }
  const q = req.nextUrl.searchParams;
  const parsed = parseRangeParams(q.get("from"), q.get("to"), Date.now());
  if (!parsed.ok) return badRequest(parsed.parameter, parsed.message);
  const series = await getWorkloadSeries(name, parsed.range);
  const failed = series.charts.every((c) => !c.result.ok) && !series.slos.ok;
  return NextResponse.json(series, { status: failed ? 503 : 200 });
}
