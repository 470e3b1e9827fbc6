import type { WorkloadSlos } from "../slo/status";
import { sloWindowMs } from "../slo/windows";
import type { BurningSlo } from "./types";

const HOUR_MS = 3600_000;

/**
 * The SLOs spending budget faster than sustainable (1-hour burn above 1) or with an alert
 * tier firing, fastest spender first: the share of the whole budget gone per hour
 * (burn × 1 h / window), so a 7-day SLO at burn 2 outranks a 30-day SLO at burn 4.
 */
export function burningSlos(workloads: WorkloadSlos[], time: Date): BurningSlo[] {
  const rows: BurningSlo[] = [];
  for (const w of workloads) {
    for (const s of w.slos) {
      const burn1h = s.burnRates["1h"];
      const firingTiers = s.alerts.filter((a) => a.firing).map((a) => a.tier);
      if (burn1h === null || (burn1h <= 1 && firingTiers.length === 0)) continue;
      rows.push({
        workload: w.workload,
        team: w.team,
        slo: s.name,
        objective: s.objective,
        window: s.window,
        burn1h,
        spendPerHour: (burn1h * HOUR_MS) / sloWindowMs(s.window, time),
        budgetRemaining: s.budgetRemaining,
        timeToExhaustionMs: s.timeToExhaustionMs,
        firingTiers,
      });
    }
  }
  return rows.sort(
    (a, b) =>
      b.spendPerHour - a.spendPerHour ||
      (a.budgetRemaining ?? Infinity) - (b.budgetRemaining ?? Infinity) ||
      a.workload.localeCompare(b.workload) ||
      a.slo.localeCompare(b.slo),
  );
}
