import type { Catalog } from "../catalog/load";
import {
  badEvents,
  burnAlertExpr,
  eventQueries,
  groupSlos,
  ratioOf,
  recordedErrorRatio,
  recordedEvents,
  type SloGroup,
} from "../prometheus/slo-queries";
import { BURN_WINDOWS, tierFactor, TIERS } from "./alert-tiers";
import { errorBudget } from "./budget";
import { alertWindowMs } from "./windows";

interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}
interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: (RecordingRule | AlertingRule)[];
}

const percent = (r: number) => `${Number((r * 100).toPrecision(6))}%`;
const span = (ms: number) =>
  ms >= 2 * 86_400_000
    ? `${Number((ms / 86_400_000).toFixed(1))} days`
    : `${Number((ms / 3_600_000).toFixed(1))} hours`;

function alertRules(label: string, g: SloGroup): AlertingRule[] {
  // Objective, window and factor overrides may differ per workload: one rule set per variant.
  const variants = new Map<string, string[]>();
  for (const w of g.workloads) {
    const slo = w.slos.find((s) => s.name === g.slo.name)!;
    const key = JSON.stringify([slo.objective, slo.window, slo.alertFactors]);
    variants.set(key, [...(variants.get(key) ?? []), w.name]);
  }
  const out: AlertingRule[] = [];
  for (const [key, names] of variants) {
    const [objective, window, overrides] = JSON.parse(key) as [
      number,
      SloGroup["slo"]["window"],
      Record<string, number>,
    ];
    const windowMs = alertWindowMs(window);
    const budget = Number(errorBudget(objective).toPrecision(12)); // 0.0005, not 0.000499999…
    for (const t of TIERS) {
      const factor = overrides[t.name] ?? tierFactor(t, windowMs);
      out.push({
        alert: "SLOErrorBudgetBurn",
        expr: burnAlertExpr(label, g.slo.name, names, budget, t, factor),
        labels: { severity: t.severity, slo: g.slo.name, tier: t.name },
        annotations: {
          summary:
            `{{ $labels.${label} }} is burning its ${g.slo.name} error budget ` +
            `{{ printf "%.1f" $value }}× faster than sustainable (objective ${percent(objective)} over ${window})`,
          description:
            `Burn rate above ${Number(factor.toFixed(3))}× over both ${t.long} and ${t.short}: ` +
            `at this rate ${percent(t.budgetSpent)} of the budget goes in ${t.long}, ` +
            `all of it in ${span(windowMs / factor)}.`,
        },
      });
    }
  }
  return out;
}

/**
 * Recording rules for the error ratio of every SLO over each burn window, the event
 * increase over each SLO window (its own, slower group), and one alert per tier.
 */
export function generateRules(catalog: Catalog): { groups: RuleGroup[] } {
  const label = catalog.groupingLabel;
  const groups = groupSlos(catalog);
  const burn: RuleGroup = { name: "sightline-slo-burn-rates", interval: "30s", rules: [] };
  const windows: RuleGroup = { name: "sightline-slo-windows", interval: "5m", rules: [] };
  const alerts: RuleGroup = { name: "sightline-slo-alerts", interval: "30s", rules: [] };
  for (const g of groups) {
    const labels = { slo: g.slo.name };
    for (const w of BURN_WINDOWS) {
      burn.rules.push({
        record: recordedErrorRatio(w),
        expr: ratioOf(eventQueries(label, g, w)),
        labels,
      });
    }
    const sloWindows = new Set(
      g.workloads.map((w) => w.slos.find((s) => s.name === g.slo.name)!.window),
    );
    for (const window of sloWindows) {
      if (window === "calendar-month") continue; // a moving range: computed from raw series
      const q = eventQueries(label, g, window);
      windows.rules.push({
        record: recordedEvents("bad", window),
        expr: badEvents(q),
        labels,
      });
      windows.rules.push({ record: recordedEvents("total", window), expr: q.total, labels });
    }
    alerts.rules.push(...alertRules(label, g));
  }
  return { groups: [burn, windows, alerts] };
}
