/**
 * An SLO's status from its figures: budget, burn rates, time to exhaustion and alert
 * tiers (docs/numbers.md, SLOs). Pure: the figures are read by lib/slo/evaluate.ts.
 */
import type { Slo } from "../catalog/slo-schema";
import { BURN_WINDOWS, tierStates, type BurnWindow, type TierState } from "./alert-tiers";
import { budgetConsumed, budgetRemaining, burnRate, timeToExhaustionMs } from "./budget";
import { alertWindowMs, sloWindowMs } from "./windows";

/** Where the figures came from: recording rules when they exist, else raw series. */
export type SloSource = "recorded" | "raw";

export interface SloStatus extends Omit<Slo, "alertFactors"> {
  source: SloSource;
  /** Bad and total events (or one-minute slices) over the SLO window. */
  events: { bad: number; total: number } | null;
  /** 1 − bad/total over the SLO window; null without traffic. */
  sli: number | null;
  budgetConsumed: number | null;
  budgetRemaining: number | null;
  burnRates: Record<BurnWindow, number | null>;
  /** At the 1-hour burn; null means never (nothing burns). */
  timeToExhaustionMs: number | null;
  alerts: TierState[];
  /** Why the SLO cannot be computed, e.g. a latency threshold that is not a bucket boundary. */
  problem?: string;
}

export interface WorkloadSlos {
  workload: string;
  team: string;
  tier: number;
  slos: SloStatus[];
}

const finite = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);

/** One SLO group's figures, each by workload name. */
export interface GroupFigures {
  ratios: Record<BurnWindow, Map<string, number>>;
  bad: Map<string, number>;
  total: Map<string, number>;
  problem?: string;
}

const fmtSeconds = (s: number) => (s < 1 ? `${Number((s * 1000).toPrecision(6))} ms` : `${s} s`);

/**
 * "0.25 s is not a bucket boundary of http_request_duration_seconds; nearest: 200 ms,
 * 300 ms", from the histogram's finite boundaries (ascending).
 */
export function thresholdMessage(threshold: number, metric: string, bounds: number[]): string {
  const below = bounds.filter((b) => b < threshold).at(-1);
  const above = bounds.find((b) => b > threshold);
  const nearest = [below, above].filter((b): b is number => b !== undefined).map(fmtSeconds);
  return (
    `${fmtSeconds(threshold)} is not a bucket boundary of ${metric}` +
    (nearest.length ? `; nearest: ${nearest.join(", ")}` : "; it has no finite buckets")
  );
}

/** Budget, burn and alert state of one workload's SLO from its figures (pure). */
export function sloStatus(
  slo: Slo,
  source: SloSource,
  f: GroupFigures,
  workload: string,
  time: Date,
): SloStatus {
  const bad = finite(f.bad.get(workload));
  const total = finite(f.total.get(workload));
  const e = bad !== null && total !== null && total > 0 ? bad / total : null;
  const burnRates = Object.fromEntries(
    BURN_WINDOWS.map((w) => {
      const r = finite(f.ratios[w].get(workload));
      return [w, r === null ? null : burnRate(r, slo.objective)];
    }),
  ) as Record<BurnWindow, number | null>;
  const windowMs = sloWindowMs(slo.window, time);
  const remaining = e === null ? null : budgetRemaining(e, slo.objective);
  const tte =
    remaining === null ? null : timeToExhaustionMs(remaining, windowMs, burnRates["1h"] ?? 0);
  const { alertFactors, ...definition } = slo;
  return {
    ...definition,
    source,
    events: bad !== null && total !== null ? { bad, total } : null,
    sli: e === null ? null : 1 - e,
    budgetConsumed: e === null ? null : budgetConsumed(e, slo.objective),
    budgetRemaining: remaining,
    burnRates,
    timeToExhaustionMs: tte === null || tte === Infinity ? null : tte,
    alerts: tierStates(burnRates, alertWindowMs(slo.window), alertFactors),
    ...(f.problem && bad === null && { problem: f.problem }),
  };
}
