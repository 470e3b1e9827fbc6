import { NextResponse } from "next/server";
import { staleSummary, warningsSummary, type Report } from "../cache/stale";

/**
 * The JSON answer built from a cached report (lib/cache/loader.ts): 503 when the report's
 * loader says nothing usable exists, else 200; with a top-level `stale` (the oldest panel
 * answered with its last good data, its age and the error) whenever a panel is stale, and a
 * top-level `warnings` (each panel computed from an answer that carried warnings).
 */
export function reportResponse(
  report: Report,
  body: object,
  opts: { failed: boolean; headers?: HeadersInit },
): NextResponse {
  const stale = staleSummary(report, Date.now());
  const warnings = warningsSummary(report);
  return NextResponse.json(
    { ...body, ...(stale && { stale }), ...(warnings && { warnings }) },
    {
      status: opts.failed ? 503 : 200,
      headers: opts.headers,
    },
  );
}
