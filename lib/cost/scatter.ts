/**
 * Cost versus performance (docs/numbers.md, "Cost versus performance"): every workload as
 * a point of cost per million requests against its p95 (or availability) over the same
 * hours, measured against its own SLOs, and the quadrant it falls in. Pure: server and
 * browser.
 */
import type { Slo } from "../catalog/slo-schema";

/** The objectives a workload's point is measured against, from the catalog. */
export interface SloTargets {
  /**
   * The latency SLO whose percentile is nearest the 95th (objective 95 %, else the nearest
   * objective, the tighter threshold on a tie): p95 ≤ threshold is its condition when the
   * objective is 95 %. Null without a latency SLO.
   */
  latency: { thresholdSeconds: number; objective: number } | null;
  /** The strictest availability objective (ratio); null without one. */
  availabilityObjective: number | null;
}

export function sloTargets(slos: Slo[]): SloTargets {
  const latency = slos
    .filter((s) => s.indicator === "latency" && s.threshold !== undefined)
    .map((s) => ({ thresholdSeconds: s.threshold!, objective: s.objective }))
    .sort(
      (a, b) =>
        Math.abs(a.objective - 0.95) - Math.abs(b.objective - 0.95) ||
        a.thresholdSeconds - b.thresholdSeconds,
    )[0];
  const availability = slos
    .filter((s) => s.indicator === "availability")
    .map((s) => s.objective)
    .sort((a, b) => b - a)[0];
  return { latency: latency ?? null, availabilityObjective: availability ?? null };
}

/** One workload's Prometheus figures over the cost range, with its objectives. */
export interface PerformanceRow extends SloTargets {
  workload: string;
  team: string;
  /** Seconds; null when no latency series matched or no traffic. */
  p95Seconds: number | null;
  /** Ratio; null without requests. */
  availability: number | null;
}

export type Quadrant = "expensive-slow" | "cheap-slow" | "expensive-fine" | "cheap-fine";

export const QUADRANT_LABEL: Record<Quadrant, string> = {
  "expensive-slow": "expensive and slow",
  "cheap-slow": "cheap but slow",
  "expensive-fine": "expensive but fine",
  "cheap-fine": "cheap and fine",
};

/**
 * The quadrant of a point: expensive when its cost per million requests is above the
 * fleet's, slow when its p95 is above its latency SLO threshold (a value equal to a split
 * is on the cheap, fine side). Null when either is unknown.
 */
export function quadrantOf(
  costPerMillion: number | null,
  fleetCostPerMillion: number | null,
  p95OverThreshold: number | null,
): Quadrant | null {
  if (costPerMillion === null || fleetCostPerMillion === null || p95OverThreshold === null) {
    return null;
  }
  const cost = costPerMillion > fleetCostPerMillion ? "expensive" : "cheap";
  const speed = p95OverThreshold > 1 ? "slow" : "fine";
  return `${cost}-${speed}`;
}

/** One workload's point, as the chart, its table view and /api/v1/cost show it. */
export interface CostPerformancePoint {
  workload: string;
  team: string;
  costUsd: number | null;
  requests: number | null;
  /** x: cost / requests × 10⁶ over the range's hours with cost rows. */
  costPerMillionRequests: number | null;
  /** y of the latency view: p95 over the same hours, from Prometheus. */
  p95Seconds: number | null;
  latencyThresholdSeconds: number | null;
  latencyObjective: number | null;
  /** p95 / latency threshold: above 1, slower than the SLO allows. */
  p95OverThreshold: number | null;
  availability: number | null;
  availabilityObjective: number | null;
  /** (1 − availability) / (1 − objective): the range's burn rate; above 1, it misses. */
  availabilityBurn: number | null;
  /** Availability at or above its objective; null when either is unknown. */
  meetsAvailability: boolean | null;
  quadrant: Quadrant | null;
}

/**
 * The fleet's cost per million requests, the split between cheap and expensive: the cost
 * of every workload that served requests over their requests, × 10⁶. Null without any.
 */
export function fleetCostPerMillion(
  rows: { costUsd: number; requests: number | null }[],
): number | null {
  let cost = 0;
  let requests = 0;
  for (const r of rows) {
    if (r.requests === null || !(r.requests > 0)) continue;
    cost += r.costUsd;
    requests += r.requests;
  }
  return requests > 0 ? (cost / requests) * 1e6 : null;
}

/**
 * Every workload of `performance` (the catalog's, in its order) as a point, with its cost
 * row when it has one: a workload without cost rows or requests has no x, one without a
 * latency series or SLO no y; those are listed, not plotted.
 */
export function costPerformancePoints(
  costRows: { key: string; costUsd: number; requests: number | null }[],
  performance: PerformanceRow[],
): { fleetCostPerMillion: number | null; points: CostPerformancePoint[] } {
  const fleet = fleetCostPerMillion(costRows);
  const byWorkload = new Map(costRows.map((r) => [r.key, r]));
  const points = performance.map((p): CostPerformancePoint => {
    const c = byWorkload.get(p.workload);
    const requests = c?.requests ?? null;
    const x = c && requests !== null && requests > 0 ? (c.costUsd / requests) * 1e6 : null;
    const threshold = p.latency?.thresholdSeconds ?? null;
    const over = p.p95Seconds !== null && threshold !== null ? p.p95Seconds / threshold : null;
    const objective = p.availabilityObjective;
    const a = p.availability;
    return {
      workload: p.workload,
      team: p.team,
      costUsd: c?.costUsd ?? null,
      requests,
      costPerMillionRequests: x,
      p95Seconds: p.p95Seconds,
      latencyThresholdSeconds: threshold,
      latencyObjective: p.latency?.objective ?? null,
      p95OverThreshold: over,
      availability: a,
      availabilityObjective: objective,
      availabilityBurn: a !== null && objective !== null ? (1 - a) / (1 - objective) : null,
      meetsAvailability: a !== null && objective !== null ? a >= objective : null,
      quadrant: quadrantOf(x, fleet, over),
    };
  });
  return { fleetCostPerMillion: fleet, points };
}

/**
 * Ticks of a log axis between `min` and `max` (both > 0): 1, 2, 5 × 10ⁿ, thinned to every
 * decade when there would be more than `maxTicks`.
 */
export function logTicks(min: number, max: number, maxTicks = 8): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const all: number[] = [];
  const decades: number[] = [];
  for (let e = lo; e <= hi; e++) {
    const base = Number(`1e${e}`);
    decades.push(base);
    for (const m of [1, 2, 5]) all.push(Number((m * base).toPrecision(1)));
  }
  const within = (ticks: number[]) => ticks.filter((t) => t >= min && t <= max);
  const fine = within(all);
  if (fine.length <= maxTicks && fine.length >= 2) return fine;
  const coarse = within(decades);
  return coarse.length >= 2 ? coarse : within(all).slice(0, maxTicks);
}

/**
 * A log axis's domain around `values` (all > 0): a margin of a quarter decade each side,
 * and at least one decade in all so a single point sits in the middle.
 */
export function logDomain(values: number[]): [number, number] | null {
  const vs = values.filter((v) => v > 0 && Number.isFinite(v));
  if (vs.length === 0) return null;
  let lo = Math.log10(Math.min(...vs)) - 0.25;
  let hi = Math.log10(Math.max(...vs)) + 0.25;
  if (hi - lo < 1) {
    const mid = (lo + hi) / 2;
    lo = mid - 0.5;
    hi = mid + 0.5;
  }
  return [10 ** lo, 10 ** hi];
}
