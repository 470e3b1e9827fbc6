import type { Catalog, Workload } from "../catalog/load";
import type { Convention } from "../catalog/conventions";
import type { PrometheusClient, Sample } from "./client";
import { anyOf, assertLabelName, duration, selector, type Matcher } from "./promql";

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
 * with one query per indicator (ARCHITECTURE.md decision 3); a workload with its own
 * selector forms a group of one.
 */
export interface QueryGroup {
  convention: Convention;
  workloads: Workload[];
  /** The grouping-label matcher plus the group's own matchers. */
  matchers: Matcher[];
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
    matchers: [
      anyOf(
        catalog.groupingLabel,
        g.workloads.map((w) => w.name),
      ),
      ...g.own,
    ],
  }));
}

/** `(sum(increase(part)) or 0 * sum(increase(all))) / sum(increase(all))`: a ratio of event counts that reads 0 when no event matched `part`. */
export function countRatio(label: string, part: string, all: string, window: string): string {
  const sumInc = (s: string) => `sum by (${label}) (increase(${s}[${window}]))`;
  return `(${sumInc(part)} or 0 * ${sumInc(all)}) / ${sumInc(all)}`;
}

/** The PromQL of each indicator for one group over one window. */
export function indicatorQueries(
  groupingLabel: string,
  group: QueryGroup,
  window: string,
): Record<Indicator, string> {
  const L = assertLabelName(groupingLabel);
  const w = duration(window);
  const c = group.convention;
  const m = group.matchers;
  const requests = selector(c.requests, m);
  const errors = selector(c.requests, [...m, ...c.errors]);
  const buckets = `sum by (${L}, le) (rate(${selector(`${c.latency}_bucket`, m)}[${w}]))`;
  const hits = selector(c.cache, [...m, { label: "result", op: "=", value: "hit" }]);
  const lookups = selector(c.cache, [...m, { label: "result", op: "=~", value: "hit|miss" }]);
  return {
    // availability = 1 − errors/requests, from event counts over the window (SLO-MATH.md)
    availability: `1 - ${countRatio(L, errors, requests, w)}`,
    p95: `histogram_quantile(0.95, ${buckets})`,
    p99: `histogram_quantile(0.99, ${buckets})`,
    cacheHitRate: countRatio(L, hits, lookups, w),
    poolUtilization:
      `sum by (${L}) (avg_over_time(${selector(c.poolInUse, m)}[${w}]))` +
      ` / sum by (${L}) (avg_over_time(${selector(c.poolMax, m)}[${w}]))`,
  };
}

function byWorkload(label: string, samples: Sample[]): Map<string, number> {
  return new Map(samples.map((s) => [s.labels[label] ?? "", s.value]));
}

/** A finite number, or null for absent/NaN (no traffic: 0/0) results. */
function finite(v: number | undefined): number | null {
  return v === undefined || Number.isNaN(v) ? null : v;
}

/**
 * Reads every indicator of every workload over `window`, evaluated at `time`. The number
 * of queries is 5 × groups, independent of the number of workloads in a group.
 */
export async function fetchIndicators(
  prom: PrometheusClient,
  catalog: Catalog,
  window: string,
  time: Date,
): Promise<Map<string, IndicatorValues>> {
  const label = catalog.groupingLabel;
  const out = new Map<string, IndicatorValues>();
  await Promise.all(
    groupWorkloads(catalog).map(async (group) => {
      const queries = indicatorQueries(label, group, window);
      const results = await Promise.all(
        INDICATORS.map((ind) => prom.instant(`${ind}:${window}`, queries[ind], time)),
      );
      const maps = results.map((r) => byWorkload(label, r));
      for (const w of group.workloads) {
        const values = Object.fromEntries(
          INDICATORS.map((ind, i) => [ind, finite(maps[i]!.get(w.name))]),
        ) as IndicatorValues;
        out.set(w.name, values);
      }
    }),
  );
  return out;
}
