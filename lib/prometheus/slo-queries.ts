import { failedSelector, measures, SLO_METRICS } from "../catalog/conventions";
import type { Catalog, Workload } from "../catalog/load";
import type { Slo } from "../catalog/slo-schema";
import { anyOf, assertLabelName, boundRegex, duration, selector, type Matcher } from "../promql";
import { groupWorkloads, type QueryGroup } from "./indicators";
import { zeroFilled, zeroFilledRatio } from "./ratios";
import { scope, type Scope } from "./scope";

/**
 * Workloads that share a convention group and an SLO of the same definition are read
 * with one query per window: the query count follows distinct definitions, not workloads.
 */
export interface SloGroup extends Scope {
  /** The definition shared by every workload of the group (name, indicator, threshold, window). */
  slo: Slo;
  group: QueryGroup;
  workloads: Workload[];
}

/** The window is part of the definition: the group's window events are read over it. */
function sloKey(s: Slo): string {
  return JSON.stringify([s.name, s.indicator, s.threshold ?? null, s.window]);
}

export function groupSlos(catalog: Catalog): SloGroup[] {
  const out: SloGroup[] = [];
  for (const group of groupWorkloads(catalog)) {
    const bySlo = new Map<string, { slo: Slo; workloads: Workload[] }>();
    for (const w of group.workloads) {
      for (const slo of w.slos) {
        const entry = bySlo.get(sloKey(slo)) ?? { slo, workloads: [] };
        entry.workloads.push(w);
        bySlo.set(sloKey(slo), entry);
      }
    }
    for (const { slo, workloads } of bySlo.values()) {
      out.push(sloGroup(catalog.groupingLabel, slo, group, workloads));
    }
  }
  return out;
}

/** The SLO `slo` of `workloads` (of one convention group), reading only their series. */
function sloGroup(label: string, slo: Slo, group: QueryGroup, workloads: Workload[]): SloGroup {
  return {
    slo,
    group,
    workloads,
    ...scope(
      anyOf(
        label,
        workloads.map((w) => w.name),
      ),
      group.extra,
    ),
  };
}

/**
 * The group with only `workloads` of it, reading only their series (one workload: a page
 * about it reads its series alone).
 */
export function subgroup(label: string, g: SloGroup, workloads: Workload[]): SloGroup {
  return sloGroup(label, g.slo, g.group, workloads);
}

/**
 * The bucket at a threshold, matched by value: `le="1"` (text format), `le="1.0"`
 * (OpenMetrics, Python's prometheus_client, Prometheus 3) and exponent forms all select it.
 */
export function bucketMatcher(seconds: number): Matcher {
  return { label: "le", op: "=~", value: boundRegex(seconds) };
}

export interface EventQueries {
  /** Bad events (or bad one-minute slices) over the range, by grouping label. */
  bad: string;
  total: string;
  /** Whether an absent `bad` means zero bad events (not for latency: a missing bucket is an error). */
  zeroFill: boolean;
}

/**
 * Bad and total events of an SLO group over a range, by grouping label. `range` is a
 * PromQL duration (`5m`, `30d`, or seconds like `1728000s` for a calendar month so far).
 */
export function eventQueries(label: string, g: SloGroup, range: string): EventQueries {
  const L = assertLabelName(label);
  const w = duration(range);
  const c = g.group.convention;
  const m = g.matchers;
  const inc = (s: string) => `sum by (${L}) (increase(${s}[${w}]))`;
  // The catalog refuses a custom workload whose SLOs read a metric it does not name
  // (lib/catalog/schema.ts): a query without the metric's name would read the wrong series.
  const lacking = SLO_METRICS[g.slo.indicator].find((m) => !measures(c, m));
  if (lacking) throw new Error(`the ${g.slo.name} SLO reads metrics.${lacking}, which is not set`);
  switch (g.slo.indicator) {
    case "availability":
      return {
        bad: inc(failedSelector(c, m)),
        total: inc(selector(c.requests, m)),
        zeroFill: true,
      };
    case "latency": {
      const total = inc(selector(`${c.latency}_count`, m));
      const le = bucketMatcher(g.slo.threshold!);
      return {
        bad: `${total} - ${inc(selector(`${c.latency}_bucket`, [...m, le]))}`,
        total,
        zeroFill: false,
      };
    }
    case "cache-hit-rate":
      return {
        bad: inc(selector(c.cache, [...m, { label: "result", op: "=", value: "miss" }])),
        total: inc(selector(c.cache, [...m, { label: "result", op: "=~", value: "hit|miss" }])),
        zeroFill: true,
      };
    case "pool-utilization": {
      // Time slices (docs/numbers.md, SLOs): a one-minute slice is bad when in_use/max
      // exceeds the limit.
      const util = `sum by (${L}) (${selector(c.poolInUse, m)}) / sum by (${L}) (${selector(c.poolMax, m)})`;
      return {
        bad: `sum_over_time((${util} > bool ${g.slo.threshold})[${w}:1m])`,
        total: `count_over_time((${util})[${w}:1m])`,
        zeroFill: false,
      };
    }
  }
}

/** Bad events over the range; with zeroFill, 0 where traffic had no bad event. */
export function badEvents(q: EventQueries): string {
  return q.zeroFill ? zeroFilled(q.bad, q.total) : q.bad;
}

/** bad / total; absent where there was no traffic (and, with zeroFill, 0 where nothing was bad). */
export function ratioOf(q: EventQueries): string {
  return q.zeroFill ? zeroFilledRatio(q.bad, q.total) : `(${q.bad}) / ${q.total}`;
}

/** The query that lists the histogram's bucket boundaries, to validate a latency threshold. */
export function bucketBoundariesQuery(g: SloGroup): string {
  const c = g.group.convention;
  return `count by (le) (${selector(`${c.latency}_bucket`, g.matchers)})`;
}

/** Recorded series names (rules generated by lib/slo/rules.ts); status reads them when they exist. */
export const recordedErrorRatio = (window: string) => `sightline:slo_error_ratio:rate${window}`;
export const recordedEvents = (kind: "bad" | "total", window: string) =>
  `sightline:slo_events_${kind}:increase${window}`;
/** RE2 patterns (anchored by Prometheus) matching every recorded ratio / event series. */
export const recordedRatioPattern = (windows: readonly string[]) =>
  `sightline:slo_error_ratio:rate(?:${windows.join("|")})`;
export const recordedEventsPattern = () =>
  "sightline:slo_events_(?:bad|total):increase[0-9]+[a-z]+";

/**
 * A tier's alert: the recorded burn rate over both its long and its short window above
 * `factor`, for the workloads `names` of one SLO whose error budget is `budget`.
 */
export function burnAlertExpr(
  label: string,
  slo: string,
  names: string[],
  budget: number,
  windows: { long: string; short: string },
  factor: number,
): string {
  const m: Matcher[] = [
    { label: "slo", op: "=", value: slo },
    anyOf(assertLabelName(label), names),
  ];
  const burn = (w: string) => `${selector(recordedErrorRatio(w), m)} / ${budget}`;
  return `(${burn(windows.long)} > ${factor}) and (${burn(windows.short)} > ${factor})`;
}
