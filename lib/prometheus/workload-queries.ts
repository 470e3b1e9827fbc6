/**
 * PromQL of the workload page's charts, and the reader that runs them over one aligned
 * range. The number of queries is fixed: it depends on neither the workload nor the range.
 */
import "server-only";
import { failedSelector, measures } from "../catalog/conventions";
import type { KubeTarget } from "../catalog/kubernetes";
import { collectWarnings, passWarnings, type PanelWarning } from "../errors/data-source-error";
import type { Workload } from "../catalog/load";
import { assertLabelName, duration, labelToString, selector, union, withLabel } from "../promql";
import type { AlignedRange } from "../time/step";
import type { PrometheusClient, RangeSeries } from "./client";
import {
  CONTAINER_METRICS,
  containerMatchers,
  onTargetPods,
  replicasQuery,
  requestsSelector,
} from "./kubernetes";
import { scope } from "./scope";

export interface WorkloadQueries {
  /**
   * Request rate by status code (grouped into classes afterwards); for a convention that
   * counts failures apart, whose requests carry no status to split by, the rate of all
   * requests and of the failed ones, told apart by REQUEST_LINE_LABEL. This and the error
   * ratio and latency queries are null when the workload's convention names no such
   * metric (a `custom` one names only what its SLOs read): the chart reads as not measured.
   */
  requestsByStatus: string | null;
  errorRatio: string | null;
  p50: string | null;
  p95: string | null;
  p99: string | null;
  cacheHitRate: string;
  poolUtilization: string;
  /** Null when the workload has no Kubernetes mapping (the charts say why). */
  cpuUsage: string | null;
  cpuRequests: string | null;
  memoryUsage: string | null;
  memoryRequests: string | null;
  replicas: string | null;
  alerts: string;
}

/** The label of `requestsByStatus` for a failures counter: `all` or `failed`. */
export const REQUEST_LINE_LABEL = "sightline_requests";

/** The label that carries the HTTP status in the workload's convention. */
export function statusLabelOf(w: Workload): string {
  return w.convention.errors[0]?.label ?? "status";
}

/**
 * The rate window of each point: the step, but at least 1 minute so a 15-second scrape
 * interval still leaves 4 samples per window.
 */
export function rateWindow(stepSeconds: number): string {
  return duration(`${Math.max(60, Math.round(stepSeconds))}s`);
}

export function workloadQueries(
  groupingLabel: string,
  w: Workload,
  stepSeconds: number,
): WorkloadQueries {
  const win = rateWindow(stepSeconds);
  const own = scope({ label: assertLabelName(groupingLabel), op: "=", value: w.name }, w.matchers);
  const m = own.matchers;
  const c = w.convention;
  const status = labelToString(statusLabelOf(w));
  const rate = (sel: string) => `sum(rate(${sel}[${win}]))`;
  const avg = (sel: string) => `sum(avg_over_time(${sel}[${win}]))`;
  const requests = measures(c, "requests") ? selector(c.requests, m) : null;
  const buckets = measures(c, "latency")
    ? `sum by (le) (rate(${selector(`${c.latency}_bucket`, m)}[${win}]))`
    : null;
  const quantile = (q: number) => buckets && `histogram_quantile(${q}, ${buckets})`;
  const k = w.kubernetes.ok ? w.kubernetes.target : null;
  // CPU: a pod counts in a point when it existed at any time in the point's window, so
  // pods that ended within it (a rollout, a scale-in) keep their share of the rate. Memory
  // and requests: the pods at the point, each averaged over its samples in the window, so
  // a rollout's old and new pods are not added up.
  const inPods = (expr: (t: KubeTarget) => string, over?: string) =>
    k ? `sum(${onTargetPods(expr(k), k, over)})` : null;
  return {
    requestsByStatus:
      requests &&
      (c.failures
        ? union([
            withLabel(rate(requests), REQUEST_LINE_LABEL, "all"),
            withLabel(rate(failedSelector(c, m)), REQUEST_LINE_LABEL, "failed"),
          ])
        : `sum by (${status}) (rate(${requests}[${win}]))`),
    errorRatio:
      requests && measures(c, "errors")
        ? `${rate(failedSelector(c, m))} / ${rate(requests)}`
        : null,
    p50: quantile(0.5),
    p95: quantile(0.95),
    p99: quantile(0.99),
    cacheHitRate:
      `${rate(selector(c.cache, [...m, { label: "result", op: "=", value: "hit" }]))} / ` +
      rate(selector(c.cache, [...m, { label: "result", op: "=~", value: "hit|miss" }])),
    poolUtilization: `${avg(selector(c.poolInUse, m))} / ${avg(selector(c.poolMax, m))}`,
    // Container series carry namespace, pod and container, never the grouping label.
    cpuUsage: inPods(
      (t) => `rate(${selector(CONTAINER_METRICS.cpuUsage, containerMatchers(t))}[${win}])`,
      win,
    ),
    cpuRequests: inPods((t) => `avg_over_time(${requestsSelector(t, "cpu")}[${win}])`),
    memoryUsage: inPods(
      (t) =>
        `avg_over_time(${selector(CONTAINER_METRICS.memoryUsage, containerMatchers(t))}[${win}])`,
    ),
    memoryRequests: inPods((t) => `avg_over_time(${requestsSelector(t, "memory")}[${win}])`),
    replicas: k ? replicasQuery(k) : null,
    // Any firing within each step counts, so short alerts survive long steps.
    alerts: `max_over_time(${selector("ALERTS", [own.grouping, { label: "alertstate", op: "=", value: "firing" }])}[${win}])`,
  };
}

/**
 * Runs the workload's chart queries over `range` on demand: one request per query however
 * many charts read it (replicas: chart and markers). A failed query rejects only the
 * charts that await it.
 */
export function workloadSeriesReader(
  prom: PrometheusClient,
  groupingLabel: string,
  w: Workload,
  range: AlignedRange,
): (key: keyof WorkloadQueries) => Promise<RangeSeries[]> {
  const q = workloadQueries(groupingLabel, w, range.stepSeconds);
  const start = new Date(range.fromMs);
  const end = new Date(range.toMs);
  type Answer = { value: RangeSeries[]; warnings: PanelWarning[] };
  const pending = new Map<keyof WorkloadQueries, Promise<Answer>>();
  // Each chart that reads an answer gets its warnings, not only the first to ask.
  const read = (p: Promise<Answer>) =>
    p.then(({ value, warnings }) => (passWarnings(warnings), value));
  return (key) => {
    const known = pending.get(key);
    if (known) return read(known);
    const query = q[key];
    const p: Promise<Answer> =
      query === null
        ? Promise.resolve({ value: [], warnings: [] })
        : collectWarnings(() =>
            prom.range(`workload:${key}`, query, start, end, range.stepSeconds),
          );
    p.catch(() => {}); // handled by whoever awaits it
    pending.set(key, p);
    return read(p);
  };
}
