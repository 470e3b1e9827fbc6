import "server-only";
import { unstable_cache } from "next/cache";
import { cacheNamespace } from "../cache/namespace";
import { getCatalog } from "../catalog";
import type { Workload } from "../catalog/load";
import { getClickHouse } from "../clickhouse";
import { getEnv } from "../env";
import { settle } from "../errors/data-source-error";
import { getPrometheus } from "../prometheus";
import { workloadCheck } from "../prometheus/discovery";
import { getResolvedCatalog } from "../prometheus/resolved-catalog";
import { fetchWorkloadCharts } from "./charts";
import { fetchRouteRows, routeTableFor } from "../clickhouse/queries/routes";
import { fetchWorkloadSloCharts } from "./slo-charts";
import type { AlignedRange } from "../time/step";
import type { WorkloadRoutes, WorkloadSeries } from "./types";

export function findWorkload(name: string): Workload | undefined {
  return getCatalog().workloads.find((w) => w.name === name);
}

async function computeSeries(name: string, range: AlignedRange): Promise<WorkloadSeries> {
  const { catalog, report } = await getResolvedCatalog();
  const w = catalog.workloads.find((x) => x.name === name)!;
  const prom = getPrometheus();
  const [charts, slos] = await Promise.all([
    fetchWorkloadCharts(prom, catalog, w, range, workloadCheck(report, name)),
    settle(() => fetchWorkloadSloCharts(prom, catalog, w, range)),
  ]);
  return {
    workload: name,
    evaluatedAt: new Date().toISOString(),
    ...range,
    ...charts,
    slos,
  };
}

async function computeRoutes(name: string, range: AlignedRange): Promise<WorkloadRoutes> {
  const result = await settle(async () => {
    const ch = await getClickHouse();
    return (await fetchRouteRows(ch, name, range.fromMs, range.toMs)).rows;
  });
  return {
    workload: name,
    evaluatedAt: new Date().toISOString(),
    fromMs: range.fromMs,
    toMs: range.toMs,
    table: routeTableFor(range.toMs - range.fromMs),
    result,
  };
}

const cacheKey = (r: AlignedRange) => [String(r.fromMs), String(r.toMs), String(r.stepSeconds)];

/**
 * Charts, markers and SLO series of a known workload over an aligned range. Cached per
 * (workload, range): the ISR page and the API asked for the same range share one result.
 */
export async function getWorkloadSeries(
  name: string,
  range: AlignedRange,
): Promise<WorkloadSeries> {
  const { fingerprint } = await getResolvedCatalog();
  return unstable_cache(computeSeries, ["workload-series", fingerprint, name, ...cacheKey(range)], {
    revalidate: getEnv().REVALIDATE_SECONDS,
    tags: ["workload", `workload:${name}`],
  })(name, range);
}

/** The route table of a known workload over an aligned range, cached like the series. */
export function getWorkloadRoutes(name: string, range: AlignedRange): Promise<WorkloadRoutes> {
  const key = ["workload-routes", cacheNamespace(), name, ...cacheKey(range)];
  return unstable_cache(computeRoutes, key, {
    revalidate: getEnv().REVALIDATE_SECONDS,
    tags: ["workload", `workload:${name}`],
  })(name, range);
}

/**
 * True when nothing on the page has data: the render must fail, not be cached
 * (docs/architecture.md, "Every panel fails on its own").
 */
export function allFailed(s: WorkloadSeries, r: WorkloadRoutes): boolean {
  return s.charts.every((c) => !c.result.ok) && !s.slos.ok && !r.result.ok;
}
