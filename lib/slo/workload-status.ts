import { isBudgetSpent } from "./budget";
import type { SloStatus } from "./status";

export type HealthStatus = "burning" | "exhausted" | "healthy" | "unknown";

export interface WorkloadHealth {
  status: HealthStatus;
  /** The lowest budget remaining among the workload's SLOs (null: none computable). */
  budgetRemaining: number | null;
  /** The highest 1-hour burn rate among its SLOs. */
  burnRate: number | null;
  /** SLOs behind the status, e.g. the firing ones. */
  reasons: string[];
}

const min = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);

/**
 * One word for a workload: burning when any page tier fires (someone should look now),
 * budget exhausted when any SLO has spent its budget, healthy otherwise.
 */
export function workloadHealth(slos: SloStatus[]): WorkloadHealth {
  const remaining = slos.flatMap((s) => (s.budgetRemaining === null ? [] : [s.budgetRemaining]));
  const burns = slos.flatMap((s) => (s.burnRates["1h"] === null ? [] : [s.burnRates["1h"]]));
  const paging = slos.filter((s) => s.alerts.some((a) => a.severity === "page" && a.firing));
  const spent = slos.filter((s) => s.budgetRemaining !== null && isBudgetSpent(s.budgetRemaining));
  const base = { budgetRemaining: min(remaining), burnRate: max(burns) };
  if (paging.length) return { ...base, status: "burning", reasons: paging.map((s) => s.name) };
  if (spent.length) return { ...base, status: "exhausted", reasons: spent.map((s) => s.name) };
  if (!remaining.length) return { ...base, status: "unknown", reasons: [] };
  return { ...base, status: "healthy", reasons: [] };
}
