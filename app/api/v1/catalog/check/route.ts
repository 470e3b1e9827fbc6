import { NextResponse } from "next/server";
import { getResolvedCatalog } from "@/lib/prometheus/resolved-catalog";
import { apiRoute } from "@/lib/api/route";
import { filterByWorkload } from "@/lib/auth/scope";
import { scopeOf } from "@/lib/auth/viewer-scope";

/**
 * GET /api/v1/catalog/check: for every workload, which metric names Sightline found in
 * Prometheus (in the last hour, or only earlier in the last 30 days), which are missing,
 * the spelling in use, and catalog lines that would fix what is missing. The viewer's
 * workloads only (docs/auth.md, "Team scopes").
 */
export const GET = apiRoute(async (_req: Request, _ctx: unknown, session) => {
  const { report, fingerprint } = await getResolvedCatalog();
  const workloads = filterByWorkload(scopeOf(session), report.workloads, (w) => w.workload);
  return NextResponse.json(
    { ...report, workloads, fingerprint },
    { status: report.ok ? 200 : 503 },
  );
});

export const dynamic = "force-dynamic";
