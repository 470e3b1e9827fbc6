import "server-only";
import { cachedPerStep } from "../cache/loader";
import { getCatalog } from "../catalog";
import type { Workload } from "../catalog/load";
import { getClickHouse } from "../clickhouse";
import { fetchWorkloadCost } from "../cost/workload";
import { settle } from "../errors/data-source-error";
import { getPrometheus } from "../prometheus";
import { workloadCheck } from "../prometheus/discovery";
import { getResolvedCatalog } from "../prometheus/resolved-catalog";
import { fetchWorkloadCharts } from "./charts";
import { otelLinkStatus } from "../clickhouse/otel-link";
import { fetchSpanCounts } from "../clickhouse/queries/otel";
import { fetchRouteRows, routeTableFor } from "../clickhouse/queries/routes";
import { fetchWorkloadSloCharts } from "./slo-charts";
import type { AlignedRange } from "../time/step";
import type { SpanAccounting, WorkloadRoutes, WorkloadSeries } from "./types";

export function findWorkload(name: string): Workload | undefined {
  return getCatalog().workloads.find((w) => w.name === name);
}

async function computeSeries(name: string, range: AlignedRange): Promise<WorkloadSeries> {
  const { catalog, report } = await getResolvedCatalog();
  const w = catalog.workloads.find((x) => x.name === name)!;
  const prom = getPrometheus();
  const [charts, slos, cost] = await Promise.all([
    fetchWorkloadCharts(prom, catalog, w, range, workloadCheck(report, name)),
    // SLO math: an answer with warnings is refused, not drawn (lib/errors).
    settle(() => fetchWorkloadSloCharts(prom, catalog, w, range), { refuseWarnings: true }),
    settle(async () => fetchWorkloadCost(await getClickHouse(), name, range)),
  ]);
  return {
    workload: name,
    evaluatedAt: new Date().toISOString(),
    ...range,
    ...charts,
    slos,
    cost,
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
    spans: result.ok ? await spanAccounting(name, range) : null,
  };
}

/**
 * The workload's spans that are not requests, when requests come from spans: null when
 * the link is off, or when the workload has no span in the range and the link is well
 * (its requests come from elsewhere, an access log say).
 */
async function spanAccounting(name: string, range: AlignedRange): Promise<SpanAccounting | null> {
  const link = otelLinkStatus();
  if (link.state === "off") return null;
  const counts = await settle(async () =>
    fetchSpanCounts(await getClickHouse(), name, range.fromMs, range.toMs),
  );
  const c = counts.ok ? counts.data : null;
  const none = c !== null && Object.values(c).every((n) => !n);
  if (none && link.state === "ready") return null;
  return {
    state: link.state,
    ...(link.progress !== undefined && link.state === "backfilling"
      ? { progress: link.progress }
      : {}),
    ...(link.message ? { message: link.message } : {}),
    unattributed: c
      ? {
          notServer: c.not_server ?? 0,
          noRoute: c.no_route ?? 0,
          badStatus: c.bad_status ?? 0,
          malformed: c.malformed ?? 0,
        }
      : null,
  };
}

/** What a range's figures are about besides its end: the workload, the span and the step. */
const identity = (name: string, r: AlignedRange) => [name, r.toMs - r.fromMs, r.stepSeconds];
const tags = ([name]: readonly string[]) => ["workload", `workload:${name}`];

const seriesLoader = cachedPerStep<WorkloadSeries>({
  name: "workload-series",
  tags,
  failed: (s) => s.charts.every((c) => !c.result.ok) && !s.slos.ok && !s.cost.ok,
});

const routesLoader = cachedPerStep<WorkloadRoutes>({
  name: "workload-routes",
  tags,
  failed: (r) => !r.result.ok,
});

/**
 * Charts, markers and SLO series of a known workload over an aligned range. Cached per
 * (workload, range): the ISR page and the API asked for the same range share one result.
 */
export function getWorkloadSeries(name: string, range: AlignedRange): Promise<WorkloadSeries> {
  return seriesLoader.load(identity(name, range), range.toMs, () => computeSeries(name, range));
}

/** The route table of a known workload over an aligned range, cached like the series. */
export function getWorkloadRoutes(name: string, range: AlignedRange): Promise<WorkloadRoutes> {
  return routesLoader.load(identity(name, range), range.toMs, () => computeRoutes(name, range));
}

/** No chart, SLO chart or cost series has data, not even stale: the API answers 503. */
export const workloadSeriesFailed = seriesLoader.failed;
/** No route rows, not even stale: the API answers 503. */
export const workloadRoutesFailed = routesLoader.failed;

/**
 * True when nothing on the page has data: the render must fail, not be cached
 * (docs/architecture.md, "Every panel fails on its own").
 */
export function allFailed(s: WorkloadSeries, r: WorkloadRoutes): boolean {
  return workloadSeriesFailed(s) && workloadRoutesFailed(r);
}
