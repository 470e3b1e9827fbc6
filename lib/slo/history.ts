import "server-only";
import type { Catalog, Workload } from "../catalog/load";
import type { Slo } from "../catalog/slo-schema";
import type { PrometheusClient, RangeSeries } from "../prometheus/client";
import { groupSlos, subgroup } from "../prometheus/slo-queries";
import { readErrorRatioRange, readEventSteps } from "../prometheus/slo-reads";
import { BURN_WINDOWS, type BurnWindow } from "./alert-tiers";
import { budgetRemaining, burnRate, errorBudget } from "./budget";
import { sloWindowMs, sloWindowStart } from "./windows";

export type Point = [number, number];

/**
 * Series are read from raw series: recording rules only hold data since they were
 * loaded, while a burn-down needs the whole SLO window.
 */
export interface SloSeries {
  slo: string;
  /** Budget remaining over the SLO window as it stood at each point (burn-down). */
  budgetRemaining: Point[];
  /** Burn rate per window over the requested range. */
  burnRates: Record<BurnWindow, Point[]>;
  /** The SLO's objective, for drawing tier thresholds: factor × budget = error ratio. */
  errorBudget: number;
}

const POINTS = 120;

function pick(series: RangeSeries[], label: string, workload: string): Point[] {
  const s = series.find((x) => x.labels[label] === workload);
  return (s?.points ?? []).filter(([, v]) => Number.isFinite(v));
}

/** Cumulative sums of per-step increases, so a calendar month's burn-down starts at its first day. */
function cumulativeRemaining(bad: Point[], total: Point[], objective: number): Point[] {
  const totals = new Map(total);
  let b = 0;
  let t = 0;
  const out: Point[] = [];
  for (const [time, v] of bad) {
    b += v;
    t += totals.get(time) ?? 0;
    if (t > 0) out.push([time, budgetRemaining(b / t, objective)]);
  }
  return out;
}

/**
 * Burn-down and burn-rate series of one workload's SLOs. Burn rates cover
 * [end − rangeMs, end]; the burn-down covers the SLO window up to `end`.
 */
export async function fetchSloSeries(
  prom: PrometheusClient,
  catalog: Catalog,
  workload: Workload,
  end: Date,
  rangeMs: number,
): Promise<SloSeries[]> {
  const label = catalog.groupingLabel;
  const groups = groupSlos(catalog).filter((g) => g.workloads.includes(workload));
  return Promise.all(
    workload.slos.map(async (slo: Slo) => {
      const group = groups.find((x) => x.slo.name === slo.name)!;
      const g = subgroup(label, group, [workload]);
      const windowStart = sloWindowStart(slo.window, end);
      const windowStep = Math.max(60, Math.round(sloWindowMs(slo.window, end) / POINTS / 1000));
      const burnStep = Math.max(15, Math.round(rangeMs / POINTS / 1000));
      const burnStart = new Date(end.getTime() - rangeMs);

      let burnDown: Point[];
      if (slo.window === "calendar-month") {
        // POINTS steps of whole milliseconds that tile [month start, end]: each point holds the
        // increase over the step that ends at it, so the running sums count the month exactly.
        const stepMs = Math.max(
          60_000,
          Math.floor((end.getTime() - windowStart.getTime()) / POINTS),
        );
        const first = new Date(
          end.getTime() -
            Math.floor((end.getTime() - windowStart.getTime()) / stepMs) * stepMs +
            stepMs,
        );
        const steps = await readEventSteps(prom, label, g, first, end, stepMs);
        burnDown = cumulativeRemaining(
          pick(steps.bad, label, workload.name),
          pick(steps.total, label, workload.name),
          slo.objective,
        );
      } else {
        const series = await readErrorRatioRange(
          prom,
          label,
          g,
          slo.window,
          "burn-down",
          windowStart,
          end,
          windowStep,
        );
        burnDown = pick(series, label, workload.name).map(([t, e]) => [
          t,
          budgetRemaining(e, slo.objective),
        ]);
      }
      const burnSeries = await Promise.all(
        BURN_WINDOWS.map((w) =>
          readErrorRatioRange(prom, label, g, w, w, burnStart, end, burnStep),
        ),
      );
      const burnRates = Object.fromEntries(
        BURN_WINDOWS.map((w, i) => [
          w,
          pick(burnSeries[i]!, label, workload.name).map(([t, e]): Point => [
            t,
            burnRate(e, slo.objective),
          ]),
        ]),
      ) as Record<BurnWindow, Point[]>;
      return {
        slo: slo.name,
        budgetRemaining: burnDown,
        burnRates,
        errorBudget: errorBudget(slo.objective),
      };
    }),
  );
}
