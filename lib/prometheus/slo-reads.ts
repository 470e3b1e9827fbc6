/**
 * What the SLO engine reads from Prometheus: recorded figures, raw window events, burn
 * ratios, bucket boundaries and the series of a workload page's SLO charts. Each read
 * returns plain maps or series; the math lives in lib/slo.
 */
import "server-only";
import { anyOf, assertLabelName, matcherToString, parseBound } from "../promql";
import type { PrometheusClient, RangeSeries, Sample } from "./client";
import {
  badEvents,
  bucketBoundariesQuery,
  eventQueries,
  ratioOf,
  recordedEventsPattern,
  recordedRatioPattern,
  type SloGroup,
} from "./slo-queries";

/** A value per grouping-label value (workload name). */
export type ByWorkload = Map<string, number>;

const byLabel = (label: string, samples: Sample[]): ByWorkload =>
  new Map(samples.map((s) => [s.labels[label] ?? "", s.value] as const));

const SERIES_LABEL = "sightline_series";

/** Every recorded figure of the catalog's workloads, by recordedKey and series name. */
export type Recorded = Map<string, Map<string, number>>;
export const recordedKey = (slo: string, workload: string) => `${slo}\u0000${workload}`;

/**
 * All recorded burn-window ratios and window events of the catalog's workloads: two
 * queries, whatever the number of workloads and SLOs.
 */
export async function readRecorded(
  prom: PrometheusClient,
  label: string,
  names: string[],
  burnWindows: readonly string[],
  time: Date,
): Promise<Recorded> {
  const L = assertLabelName(label);
  const workloads = matcherToString(anyOf(L, names));
  // The series name travels as a label: the client keeps labels, not names.
  const named = (names: string) =>
    `label_replace({__name__=~"${names}",${workloads}}, "${SERIES_LABEL}", "$1", "__name__", "(.+)")`;
  const [ratios, events] = await Promise.all([
    prom.instant("slo:recorded:ratios", named(recordedRatioPattern(burnWindows)), time),
    prom.instant("slo:recorded:events", named(recordedEventsPattern()), time),
  ]);
  const out: Recorded = new Map();
  for (const s of [...ratios, ...events]) {
    const key = recordedKey(s.labels.slo ?? "", s.labels[L] ?? "");
    const series = out.get(key) ?? new Map<string, number>();
    series.set(s.labels[SERIES_LABEL] ?? "", s.value);
    out.set(key, series);
  }
  return out;
}

const tag = (g: SloGroup, what: string) => `slo:${g.slo.name}:${what}`;

/** Bad and total events of the group over `range` (a PromQL duration) ending at `time`. */
export async function readWindowEvents(
  prom: PrometheusClient,
  label: string,
  g: SloGroup,
  range: string,
  time: Date,
): Promise<{ bad: ByWorkload; total: ByWorkload }> {
  const q = eventQueries(label, g, range);
  const [bad, total] = await Promise.all([
    prom.instant(tag(g, "bad"), badEvents(q), time),
    prom.instant(tag(g, "total"), q.total, time),
  ]);
  return { bad: byLabel(label, bad), total: byLabel(label, total) };
}

/** The group's error ratio over each window: one query per window. */
export async function readErrorRatios<W extends string>(
  prom: PrometheusClient,
  label: string,
  g: SloGroup,
  windows: readonly W[],
  time: Date,
): Promise<Record<W, ByWorkload>> {
  const ratios = await Promise.all(
    windows.map((w) => prom.instant(tag(g, w), ratioOf(eventQueries(label, g, w)), time)),
  );
  return Object.fromEntries(windows.map((w, i) => [w, byLabel(label, ratios[i]!)])) as Record<
    W,
    ByWorkload
  >;
}

/** The finite bucket boundaries of the group's latency histogram, ascending, by value. */
export async function readBucketBounds(
  prom: PrometheusClient,
  g: SloGroup,
  time: Date,
): Promise<number[]> {
  const rows = await prom.instant(tag(g, "buckets"), bucketBoundariesQuery(g), time);
  // By value: `1` and `1.0` are one boundary, however each series spells it.
  return [...new Set(rows.map((r) => parseBound(r.labels.le ?? "")).filter((b) => b !== null))]
    .filter((b) => Number.isFinite(b))
    .sort((a, b) => a - b);
}

const seriesTag = (g: SloGroup, what: string) => `slo-series:${g.slo.name}:${what}`;

/** Bad and total event increases over each step of `stepMs` ending at the points of [first, end]. */
export async function readEventSteps(
  prom: PrometheusClient,
  label: string,
  g: SloGroup,
  first: Date,
  end: Date,
  stepMs: number,
): Promise<{ bad: RangeSeries[]; total: RangeSeries[] }> {
  const q = eventQueries(label, g, `${stepMs}ms`);
  const [bad, total] = await Promise.all([
    prom.range(seriesTag(g, "bad"), badEvents(q), first, end, stepMs / 1000),
    prom.range(seriesTag(g, "total"), q.total, first, end, stepMs / 1000),
  ]);
  return { bad, total };
}

/** The group's error ratio over `window` (a PromQL duration) at each step of [start, end]. */
export function readErrorRatioRange(
  prom: PrometheusClient,
  label: string,
  g: SloGroup,
  window: string,
  what: string,
  start: Date,
  end: Date,
  stepSeconds: number,
): Promise<RangeSeries[]> {
  const ratio = ratioOf(eventQueries(label, g, window));
  return prom.range(seriesTag(g, what), ratio, start, end, stepSeconds);
}
