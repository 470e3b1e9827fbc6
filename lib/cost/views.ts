/**
 * The cost views' figures from what the readers return (docs/numbers.md, "Cost"): cost
 * per million requests, cost over time stacked by workload or team, and one workload's
 * cost per hour and per million requests on its page's time axis. Pure: unit-tested.
 */
import type { CostSummary } from "./summary";
import type { HourRange } from "./ranges";

/** cost / requests × 10⁶; null without a cost, without request rows, or with no requests. */
export function perMillion(costUsd: number | null, requests: number | null): number | null {
  if (costUsd === null || requests === null || !(requests > 0)) return null;
  return (costUsd / requests) * 1e6;
}

/** A cost summary with the requests served in the same hours. */
export interface CostRow extends CostSummary {
  /**
   * Requests in the hours the row's workloads have cost rows (from the hourly request
   * rollup); null when none of them has request rows there, never 0 for unknown.
   */
  requests: number | null;
  /** costUsd / requests × 10⁶ over the same hours. */
  costPerMillionRequests: number | null;
}

/**
 * Summaries with their requests: a workload's own, a team's summed over its workloads that
 * have request rows (null when none has). `requests` holds only workloads with rows.
 */
export function withRequests(
  summaries: CostSummary[],
  requests: Map<string, number>,
  groupOf: (workload: string) => string,
): CostRow[] {
  const byGroup = new Map<string, number>();
  for (const [workload, n] of requests) {
    const g = groupOf(workload);
    byGroup.set(g, (byGroup.get(g) ?? 0) + n);
  }
  return summaries.map((s) => {
    const n = byGroup.get(s.key) ?? null;
    return { ...s, requests: n, costPerMillionRequests: perMillion(s.costUsd, n) };
  });
}

/** Significant digits a chart value keeps: a chart reads no further, and the page stays small. */
export const CHART_DIGITS = 4;
const round = (v: number) => Number(v.toPrecision(CHART_DIGITS));

/** Cost over time, stacked: a column per bucket, a row of values per key. */
export interface StackedCost {
  bucketSeconds: number;
  /** Start of each bucket (unix ms) from the range's first to its last, ascending. */
  times: number[];
  /**
   * Average cost per hour over each bucket's hours inside the range ($/h), null where the
   * key has no row in the bucket; the most expensive keys first, the rest as "other".
   */
  series: { key: string; values: (number | null)[] }[];
}

/** The name of the series that sums the keys beyond the most expensive ones. */
export const OTHER = "other";

/**
 * Per-bucket cost per key (workload, or its team) as average $/h over the bucket's hours
 * inside `range`, the `maxSeries` most expensive keys over the range on their own and the
 * rest summed as "other". Bucket starts are multiples of `bucketSeconds` since the epoch.
 */
export function stackCost(
  points: { workload: string; tMs: number; costUsd: number }[],
  keyOf: (workload: string) => string,
  range: HourRange,
  bucketSeconds: number,
  maxSeries = 8,
): StackedCost {
  const bucketMs = bucketSeconds * 1000;
  const first = Math.floor(range.fromMs / bucketMs) * bucketMs;
  const times: number[] = [];
  for (let t = first; t < range.toMs; t += bucketMs) times.push(t);
  const index = new Map(times.map((t, i) => [t, i]));
  const hoursIn = times.map(
    (t) => (Math.min(t + bucketMs, range.toMs) - Math.max(t, range.fromMs)) / 3600_000,
  );

  const sums = new Map<string, (number | null)[]>();
  const totals = new Map<string, number>();
  for (const p of points) {
    const i = index.get(Math.floor(p.tMs / bucketMs) * bucketMs);
    if (i === undefined) continue;
    const key = keyOf(p.workload);
    const row = sums.get(key) ?? times.map(() => null);
    row[i] = (row[i] ?? 0) + p.costUsd;
    sums.set(key, row);
    totals.set(key, (totals.get(key) ?? 0) + p.costUsd);
  }
  const order = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const own = order.length > maxSeries ? order.slice(0, maxSeries - 1) : order;
  const rest = order.slice(own.length);
  const series = own.map((key) => ({ key, values: sums.get(key)! }));
  if (rest.length > 0) {
    series.push({
      key: OTHER,
      values: times.map((_, i) => {
        const vs = rest.map((k) => sums.get(k)![i]).filter((v): v is number => v !== null);
        return vs.length ? vs.reduce((a, b) => a + b, 0) : null;
      }),
    });
  }
  return {
    bucketSeconds,
    times,
    series: series.map((s) => ({
      key: s.key,
      values: s.values.map((v, i) => (v === null ? null : round(v / hoursIn[i]!))),
    })),
  };
}

/** One hour of one workload: its cost row and the requests of that hour (null: no rows). */
export interface WorkloadHour {
  /** Start of the hour, unix ms. */
  hourMs: number;
  costUsd: number;
  requests: number | null;
}

/** A workload's cost on its page's time axis. */
export interface WorkloadCostSeries {
  /** Each point covers this many seconds from its bucket's start: an hour, or the chart step. */
  bucketSeconds: number;
  /** [time, cost / bucket hours] ($/h). */
  costPerHour: [number, number][];
  /**
   * [time, cost / requests × 10⁶] over the bucket's hours with cost rows (an hour without
   * request rows served none), where some hour had request rows and requests > 0.
   */
  costPerMillion: [number, number][];
}

/**
 * Buckets of `bucketSeconds` (a multiple of an hour) from a workload's hourly rows. A point
 * stands at its bucket's start, or at the range's start for the bucket in progress there
 * (an hour that began before a short range), so every chart of the page shares its axis.
 */
export function workloadCostSeries(
  hours: WorkloadHour[],
  range: { fromMs: number; toMs: number },
  bucketSeconds: number,
): WorkloadCostSeries {
  const bucketMs = bucketSeconds * 1000;
  const buckets = new Map<number, { cost: number; requests: number | null }>();
  for (const h of hours) {
    const start = Math.floor(h.hourMs / bucketMs) * bucketMs;
    if (start + bucketMs <= range.fromMs || start >= range.toMs) continue;
    const b = buckets.get(start) ?? { cost: 0, requests: null };
    b.cost += h.costUsd;
    if (h.requests !== null) b.requests = (b.requests ?? 0) + h.requests;
    buckets.set(start, b);
  }
  const costPerHour: [number, number][] = [];
  const costPerMillion: [number, number][] = [];
  for (const [start, b] of [...buckets].sort((x, y) => x[0] - y[0])) {
    const at = Math.max(start, range.fromMs);
    costPerHour.push([at, b.cost / (bucketSeconds / 3600)]);
    const pm = perMillion(b.cost, b.requests);
    if (pm !== null) costPerMillion.push([at, pm]);
  }
  return { bucketSeconds, costPerHour, costPerMillion };
}

/** The bucket of a workload page's cost charts: an hour, or the chart's step when longer. */
export function workloadCostBucketSeconds(stepSeconds: number): number {
  return Math.max(3600, Math.ceil(stepSeconds / 3600) * 3600);
}
