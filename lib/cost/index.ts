/**
 * The cost report of /cost and /api/v1/cost, through the one cached loader: per workload
 * and per team over whole hours with the previous period, cost over time stacked both
 * ways, and each workload's p95 and availability over the same hours for cost versus
 * performance. Each panel fails on its own and keeps its last good data
 * (docs/caching.md).
 */
import "server-only";
import { cachedPerStep } from "../cache/loader";
import { getClickHouse } from "../clickhouse";
import { fetchCostSeries, fetchCostTotals } from "../clickhouse/queries/cost";
import { fetchRequestsInCostHours } from "../clickhouse/queries/cost-requests";
import { settle, type PanelResult } from "../errors/data-source-error";
import { getPrometheus } from "../prometheus";
import { whyNoFigure, workloadCheck } from "../prometheus/discovery";
import { fetchIndicators } from "../prometheus/indicators";
import { getResolvedCatalog } from "../prometheus/resolved-catalog";
import { roundEvalTime } from "../time/ranges";
import {
  COST_PRESET_MS,
  costBucketSeconds,
  costRangeEnding,
  previousPeriod,
  promWindow,
  type CostPreset,
  type HourRange,
} from "./ranges";
import type { WorkloadScope } from "../auth/scope";
import {
  assembleCost,
  type CostData,
  type CostOverTime,
  type CostPerformance,
  type CostPoints,
  type CostSums,
  type CostTables,
} from "./assemble";
import { sloTargets } from "./scatter";

export type { CostOverTime, CostPerformance, CostTables } from "./assemble";

export interface CostReport {
  /** When the report was evaluated (ISO 8601). */
  evaluatedAt: string;
  /** The preset, or null for a custom range of the API. */
  preset: CostPreset | null;
  /** Whole hours: [fromMs, toMs); the previous period is as long and ends at fromMs. */
  fromMs: number;
  toMs: number;
  previousFromMs: number;
  /** ClickHouse: cost, efficiency, idle, change and requests. */
  costs: PanelResult<CostTables>;
  /** ClickHouse: cost per hour over time, by workload and by team. */
  overTime: PanelResult<CostOverTime>;
  /** Prometheus: p95 and availability over the same hours, with the SLO targets. */
  performance: PanelResult<CostPerformance>;
}

/** ClickHouse's sums and Prometheus's figures of every catalog workload: cached for all viewers. */
async function computeCost(
  preset: CostPreset | null,
  range: HourRange,
  evalMs: number,
): Promise<CostData> {
  const { catalog, report } = await getResolvedCatalog();
  const names = catalog.workloads.map((w) => w.name);
  const previous = previousPeriod(range);
  const bucketSeconds = costBucketSeconds(range.toMs - range.fromMs);
  const from = new Date(range.fromMs);
  const to = new Date(range.toMs);

  const [costs, overTime, performance] = await Promise.all([
    settle(async (): Promise<CostSums> => {
      const ch = await getClickHouse();
      const [now, before, requests] = await Promise.all([
        fetchCostTotals(ch, names, from, to),
        fetchCostTotals(ch, names, new Date(previous.fromMs), new Date(previous.toMs)),
        fetchRequestsInCostHours(ch, names, range.fromMs, range.toMs),
      ]);
      return { now, before, requests: [...requests] };
    }),
    settle(async (): Promise<CostPoints> => {
      const points = await fetchCostSeries(await getClickHouse(), names, from, to, bucketSeconds);
      return {
        bucketSeconds,
        points: points.map(({ workload, tMs, costUsd }) => ({ workload, tMs, costUsd })),
      };
    }),
    settle(async (): Promise<CostPerformance> => {
      // The same hours as the cost: the window ends where the cost range ends.
      const values = await fetchIndicators(getPrometheus(), catalog, promWindow(range), to);
      return {
        rows: catalog.workloads.map((w) => {
          const v = values.get(w.name);
          const p95 = v?.p95 ?? null;
          const availability = v?.availability ?? null;
          const check = workloadCheck(report, w.name);
          const why = {
            ...(p95 === null && { p95: whyNoFigure(w, check, "p95", { inRow: true }) }),
            ...(availability === null && {
              availability: whyNoFigure(w, check, "availability", { inRow: true }),
            }),
          };
          return {
            workload: w.name,
            team: w.team,
            p95Seconds: p95 !== null && Number.isFinite(p95) ? p95 : null,
            availability,
            ...sloTargets(w.slos),
            ...(Object.values(why).some(Boolean) && { why }),
          };
        }),
      };
    }),
  ]);
  return {
    evaluatedAt: new Date(evalMs).toISOString(),
    preset,
    fromMs: range.fromMs,
    toMs: range.toMs,
    previousFromMs: previous.fromMs,
    teams: catalog.workloads.map((w) => [w.name, w.team]),
    costs,
    overTime,
    performance,
  };
}

const costLoader = cachedPerStep<CostData>({
  name: "cost",
  failed: (r) => !r.costs.ok && !r.overTime.ok && !r.performance.ok,
});

/** The report as `scope` may see it (docs/auth.md, "Team scopes"): added up per request. */
function scoped(data: CostData, scope: WorkloadScope): CostReport {
  const { evaluatedAt, preset, fromMs, toMs, previousFromMs } = data;
  return { evaluatedAt, preset, fromMs, toMs, previousFromMs, ...assembleCost(data, scope) };
}

/**
 * The cost report of a preset ending at the start of the hour of `at` (default now),
 * evaluated at `at` rounded to the evaluation step, of the workloads within `scope`
 * (lib/auth/viewer-scope.ts scopeOf; null: every workload). The sums are cached once for
 * every viewer: the ISR page and /api/v1/cost asked about the same moment answer the
 * same numbers.
 */
export async function getCostReport(
  preset: CostPreset,
  scope: WorkloadScope,
  at: number = Date.now(),
): Promise<CostReport> {
  const evalMs = roundEvalTime(at).getTime();
  const range = costRangeEnding(COST_PRESET_MS[preset], evalMs);
  const data = await costLoader.load([preset], evalMs, () => computeCost(preset, range, evalMs));
  return scoped(data, scope);
}

/** The cost report of a custom range of whole hours (/api/v1/cost?from=…&to=…). */
export async function getCostReportFor(
  range: HourRange,
  scope: WorkloadScope,
  at: number = Date.now(),
): Promise<CostReport> {
  const evalMs = roundEvalTime(at).getTime();
  const data = await costLoader.load(["custom", range.fromMs, range.toMs], evalMs, () =>
    computeCost(null, range, evalMs),
  );
  return scoped(data, scope);
}

/** Nothing usable, not even stale: the page throws, the API answers 503. */
export const costReportFailed = (r: CostReport) =>
  !r.costs.ok && !r.overTime.ok && !r.performance.ok;
