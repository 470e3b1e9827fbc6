import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { AlignedRange } from "../time/step";
import type { VerifiedSession } from "../auth/session";
import { maySeeWorkload } from "../auth/viewer-scope";
import { parseRangeParams } from "./range-params";
import { workloadFromSegment } from "../workload/url";
import { badRequest } from "./params";

/**
 * The 404 of a workload path parameter: the name it stands for is not in the catalog (or
 * is another team's: answered alike, docs/auth.md "Team scopes"), or the segment is not
 * one lib/workload/url.ts writes (a `~` or `%` outside its escapes).
 */
export function unknownWorkload(parameter: string, segment: string, name: string | null) {
  const message =
    name === null
      ? `"${segment}" is no workload path segment: write ~ as ~7E and % as ~25, then percent-encode`
      : `no workload named ${JSON.stringify(name)} in the catalog`;
  return NextResponse.json({ error: { parameter, message } }, { status: 404 });
}

/**
 * The workload and the custom range of a /api/v1/workloads/{name}/… request, or the
 * response that refuses it: 404 for an unknown workload or one of a team not the
 * viewer's, 400 naming a bad parameter.
 */
export async function workloadRangeRequest(
  req: NextRequest,
  ctx: { params: Promise<{ name: string }> },
  viewer: VerifiedSession,
): Promise<{ name: string; range: AlignedRange } | NextResponse> {
  const segment = (await ctx.params).name;
  const name = workloadFromSegment(segment);
  if (name === null || !maySeeWorkload(viewer, name)) {
    return unknownWorkload("name", segment, name);
  }
  const q = req.nextUrl.searchParams;
  const parsed = parseRangeParams(q.get("from"), q.get("to"), Date.now());
  if (!parsed.ok) return badRequest(parsed.parameter, parsed.message);
  return { name, range: parsed.range };
}
