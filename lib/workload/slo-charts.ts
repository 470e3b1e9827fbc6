/** Burn-down and burn-rate series of one workload's SLOs, with the alert tiers' thresholds. */
import "server-only";
import type { Catalog, Workload } from "../catalog/load";
import type { PrometheusClient } from "../prometheus/client";
import { TIERS, tierFactor } from "../slo/alert-tiers";
import { fetchSloSeries } from "../slo/history";
import { alertWindowMs } from "../slo/windows";
import type { AlignedRange } from "../time/step";
import type { SloChart } from "./types";

/** The windows drawn: each tier's long window (the short ones only confirm). */
const DRAWN = [...new Set(TIERS.map((t) => t.long))];

export async function fetchWorkloadSloCharts(
  prom: PrometheusClient,
  catalog: Catalog,
  w: Workload,
  range: AlignedRange,
): Promise<SloChart[]> {
  const end = new Date(range.toMs);
  const series = await fetchSloSeries(prom, catalog, w, end, range.toMs - range.fromMs);
  return w.slos.map((slo) => {
    const s = series.find((x) => x.slo === slo.name)!;
    const windowMs = alertWindowMs(slo.window);
    return {
      slo: slo.name,
      objective: slo.objective,
      window: slo.window,
      budgetRemaining: s.budgetRemaining,
      burnRates: DRAWN.map((win) => ({ window: win, points: s.burnRates[win] })),
      tiers: TIERS.map((t) => ({
        tier: t.name,
        factor: slo.alertFactors[t.name] ?? tierFactor(t, windowMs),
      })),
    };
  });
}
