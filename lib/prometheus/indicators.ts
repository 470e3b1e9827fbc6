import "server-only";
import type { Catalog, Workload } from "../catalog/load";
import { failedSelector, measures, type Convention } from "../catalog/conventions";
import type { PrometheusClient } from "./client";
import { zeroFilledRatio } from "./ratios";
import { scope, type Scope } from "./scope";
import {
  anyOf,
  assertLabelName,
  duration,
  selector,
  union,
  withLabel,
  type Matcher,
} from "../promql";

export const INDICATORS = [
  "availability",
  "p95",
  "p99",
  "cacheHitRate",
  "poolUtilization",
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** One workload's indicators over a window; null when the selector matched no series. */
export type IndicatorValues = Record<Indicator, number | null>;

/**
 * Workloads that share a metric convention and have no selector of their own are read
 * with one query per indicator (docs/architecture.md, "One query per window for all
 * workloads"); a workload with its own selector forms a group of one.
 */
export interface QueryGroup extends Scope {
  convention: Convention;
  workloads: Workload[];
}

export function groupWorkloads(catalog: Catalog): QueryGroup[] {
  const groups = new Map<
    string,
    { convention: Convention; workloads: Workload[]; own: Matcher[] }
  >();
  for (const w of catalog.workloads) {
    const key =
      JSON.stringify(w.convention) +
      (w.matchers.length ? `|${w.name}|${JSON.stringify(w.matchers)}` : "");
    const g = groups.get(key) ?? { convention: w.convention, workloads: [], own: w.matchers };
    g.workloads.push(w);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({
    convention: g.convention,
    workloads: g.workloads,
    ...scope(
      anyOf(
        catalog.groupingLabel,
        g.workloads.map((w) => w.name),
      ),
      g.own,
    ),
  }));
}

/** `(sum(increase(part)) or 0 * sum(increase(all))) / sum(increase(all))`: a ratio of event counts that reads 0 when no event matched `part`. */
export function countRatio(label: string, part: string, all: string, window: string): string {
  const sumInc = (s: string) => `sum by (${label}) (increase(${s}[${window}]))`;
  return zeroFilledRatio(sumInc(part), sumInc(all));
}

/**
 * The PromQL of each indicator for one group over one window. An indicator whose metric
 * the group's convention does not name (a `custom` one with only the metrics its SLOs
 * read) has no query: it reads as not measured, never as a selector without a name.
 */
export function indicatorQueries(
  groupingLabel: string,
  group: QueryGroup,
  window: string,
): Partial<Record<Indicator, string>> {
  const L = assertLabelName(groupingLabel);
  const w = duration(window);
  const c = group.convention;
  const m = group.matchers;
  const hits = selector(c.cache, [...m, { label: "result", op: "=", value: "hit" }]);
  const lookups = selector(c.cache, [...m, { label: "result", op: "=~", value: "hit|miss" }]);
  const out: Partial<Record<Indicator, string>> = {};
  if (measures(c, "errors")) {
    const requests = selector(c.requests, m);
    const errors = failedSelector(c, m);
    // availability = 1 − failed/requests, from event counts over the window
    // (docs/numbers.md, Indicators)
    out.availability = `1 - ${countRatio(L, errors, requests, w)}`;
  }
  if (measures(c, "latency")) {
    const buckets = `sum by (${L}, le) (rate(${selector(`${c.latency}_bucket`, m)}[${w}]))`;
    out.p95 = `histogram_quantile(0.95, ${buckets})`;
    out.p99 = `histogram_quantile(0.99, ${buckets})`;
  }
  out.cacheHitRate = countRatio(L, hits, lookups, w);
  out.poolUtilization =
    `sum by (${L}) (avg_over_time(${selector(c.poolInUse, m)}[${w}]))` +
    ` / sum by (${L}) (avg_over_time(${selector(c.poolMax, m)}[${w}]))`;
  return out;
}

/** The label that tells an indicator's results apart in the one query of a window. */
export const INDICATOR_LABEL = "sightline_indicator";

/**
 * Every indicator of every group over one window as one query, each result tagged with
 * its indicator. Prometheus evaluates the parts one after another on one core: the
 * overview's render waits for about this one query, not for a queue of forty.
 */
export function indicatorsQuery(
  groupingLabel: string,
  groups: QueryGroup[],
  window: string,
): string {
  if (groupingLabel === INDICATOR_LABEL) {
    throw new Error(`the grouping label cannot be "${INDICATOR_LABEL}"`);
  }
  return union(
    groups.flatMap((g) => {
      const q = indicatorQueries(groupingLabel, g, window);
      return INDICATORS.flatMap((ind) => {
        const part = q[ind];
        return part === undefined ? [] : [withLabel(part, INDICATOR_LABEL, ind)];
      });
    }),
  );
}

/** A finite number, or null for absent/NaN (no traffic: 0/0) results. */
function finite(v: number | undefined): number | null {
  return v === undefined || Number.isNaN(v) ? null : v;
}

/**
 * Reads every indicator of every workload over `window`, evaluated at `time`: one query,
 * whatever the number of workloads, groups and indicators.
 */
export async function fetchIndicators(
  prom: PrometheusClient,
  catalog: Catalog,
  window: string,
  time: Date,
): Promise<Map<string, IndicatorValues>> {
  const label = catalog.groupingLabel;
  const groups = groupWorkloads(catalog);
  const samples = await prom.instant(
    `indicators:${window}`,
    indicatorsQuery(label, groups, window),
    time,
  );
  const values = new Map<string, number>();
  for (const s of samples) {
    values.set(`${s.labels[INDICATOR_LABEL]}\u0000${s.labels[label]}`, s.value);
  }
  const out = new Map<string, IndicatorValues>();
  for (const w of catalog.workloads) {
    const row = Object.fromEntries(
      INDICATORS.map((ind) => [ind, finite(values.get(`${ind}\u0000${w.name}`))]),
    ) as IndicatorValues;
    out.set(w.name, row);
  }
  return out;
}
