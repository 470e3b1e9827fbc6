import { NextResponse } from "next/server";
import { getResolvedCatalog } from "@/lib/prometheus/resolved-catalog";
import { apiRoute } from "@/lib/api/route";

/**
 * GET /api/v1/catalog/check: for every workload, which metric names Sightline found in
 * Prometheus (in the last hour, or only earlier in the last 30 days), which are missing,
 * the spelling in use, and catalog lines that would fix what is missing.
 */
export const GET = apiRoute(async () => {
  const { report, fingerprint } = await getResolvedCatalog();
  return NextResponse.json({ ...report, fingerprint }, { status: report.ok ? 200 : 503 });
});

export const dynamic = "force-dynamic";
