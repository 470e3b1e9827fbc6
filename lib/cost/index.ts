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
import { whyNoValue, workloadCheck } from "../prometheus/discovery";
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
import { sloTargets, type PerformanceRow } from "./scatter";
import { summarizeCost } from "./summary";
import { stackCost, withRequests, type CostRow, type StackedCost } from "./views";

export interface CostTables {
  /** Per workload with cost rows in the range, most expensive first. */
  workloads: CostRow[];
  /** Per team of those workloads, most expensive first. */
  teams: CostRow[];
  /** Every workload together; null when none has cost rows. */
  total: CostRow | null;
}

export interface CostOverTime {
  workload: StackedCost;
  team: StackedCost;
}

export interface CostPerformance {
  /** Every catalog workload, in catalog order. */
  rows: (PerformanceRow & { why?: { p95?: string; availability?: string } })[];
}

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

/** The key of the all-workloads row. */
const TOTAL = "total";

async function computeCost(
  preset: CostPreset | null,
  range: HourRange,
  evalMs: number,
): Promise<CostReport> {
  const { catalog, report } = await getResolvedCatalog();
  const names = catalog.workloads.map((w) => w.name);
  const teams = new Map(catalog.workloads.map((w) => [w.name, w.team]));
  const teamOf = (w: string) => teams.get(w) ?? "";
  const previous = previousPeriod(range);
  const bucket = costBucketSeconds(range.toMs - range.fromMs);
  const from = new Date(range.fromMs);
  const to = new Date(range.toMs);

  const [costs, overTime, performance] = await Promise.all([
    settle(async (): Promise<CostTables> => {
      const ch = await getClickHouse();
      const [now, before, requests] = await Promise.all([
        fetchCostTotals(ch, names, from, to),
        fetchCostTotals(ch, names, new Date(previous.fromMs), new Date(previous.toMs)),
        fetchRequestsInCostHours(ch, names, range.fromMs, range.toMs),
      ]);
      const all = new Map(names.map((n) => [n, TOTAL]));
      return {
        workloads: withRequests(summarizeCost(now, before, teams, "workload"), requests, (w) => w),
        teams: withRequests(summarizeCost(now, before, teams, "team"), requests, teamOf),
        total:
          withRequests(summarizeCost(now, before, all, "team"), requests, () => TOTAL)[0] ?? null,
      };
    }),
    settle(async (): Promise<CostOverTime> => {
      const points = await fetchCostSeries(await getClickHouse(), names, from, to, bucket);
      return {
        workload: stackCost(points, (w) => w, range, bucket),
        team: stackCost(points, teamOf, range, bucket),
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
            ...(p95 === null && { p95: whyNoValue(check, "p95", { inRow: true }) }),
            ...(availability === null && {
              availability: whyNoValue(check, "availability", { inRow: true }),
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
    costs,
    overTime,
    performance,
  };
}

const costLoader = cachedPerStep<CostReport>({
  name: "cost",
  failed: (r) => !r.costs.ok && !r.overTime.ok && !r.performance.ok,
});

/**
 * The cost report of a preset ending at the start of the hour of `at` (default now),
 * evaluated at `at` rounded to the evaluation step: the ISR page and /api/v1/cost asked
 * about the same moment answer the same numbers.
 */
export function getCostReport(preset: CostPreset, at: number = Date.now()): Promise<CostReport> {
  const evalMs = roundEvalTime(at).getTime();
  const range = costRangeEnding(COST_PRESET_MS[preset], evalMs);
  return costLoader.load([preset], evalMs, () => computeCost(preset, range, evalMs));
}

/** The cost report of a custom range of whole hours (/api/v1/cost?from=…&to=…). */
export function getCostReportFor(range: HourRange, at: number = Date.now()): Promise<CostReport> {
  const evalMs = roundEvalTime(at).getTime();
  return costLoader.load(["custom", range.fromMs, range.toMs], evalMs, () =>
    computeCost(null, range, evalMs),
  );
}

/** Nothing usable, not even stale: the page throws, the API answers 503. */
export const costReportFailed = costLoader.failed;
