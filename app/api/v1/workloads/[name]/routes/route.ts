import { NextResponse, type NextRequest } from "next/server";
import { badRequest } from "@/lib/api/params";
import { findWorkload, getWorkloadRoutes } from "@/lib/workload";
import { parseRangeParams } from "@/lib/workload/api-params";

/** GET /api/v1/workloads/{name}/routes?from=…&to=…: requests, error share, p95 and p99 per route. */
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
  const routes = await getWorkloadRoutes(name, parsed.range);
  return NextResponse.json(routes, { status: routes.result.ok ? 200 : 503 });
}
