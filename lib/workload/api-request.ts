import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { badRequest } from "../api/params";
import { findWorkload } from "./index";
import { parseRangeParams } from "./api-params";
import type { AlignedRange } from "./step";

/**
 * The workload and the custom range of a /api/v1/workloads/{name}/… request, or the
 * response that refuses it: 404 for an unknown workload, 400 naming a bad parameter.
 */
export async function workloadRangeRequest(
  req: NextRequest,
  ctx: { params: Promise<{ name: string }> },
): Promise<{ name: string; range: AlignedRange } | NextResponse> {
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
  return { name, range: parsed.range };
}
