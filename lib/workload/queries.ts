/**
 * PromQL of the workload page's charts, built with lib/prometheus/promql. Pure. The
 * number of queries is fixed: it depends on neither the workload nor the range.
 */
import type { Workload } from "../catalog/load";
import { assertLabelName, duration, labelToString, selector, type Matcher } from "../promql";

export interface WorkloadQueries {
  /** Request rate by status code (grouped into classes afterwards). */
  requestsByStatus: string;
  errorRatio: string;
  p50: string;
  p95: string;
  p99: string;
  cacheHitRate: string;
  poolUtilization: string;
  cpuUsage: string;
  cpuRequests: string;
  memoryUsage: string;
  memoryRequests: string;
  replicas: string;
  alerts: string;
}

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
  const m: Matcher[] = [
    { label: assertLabelName(groupingLabel), op: "=", value: w.name },
    ...w.matchers,
  ];
  const c = w.convention;
  const status = labelToString(statusLabelOf(w));
  const rate = (sel: string) => `sum(rate(${sel}[${win}]))`;
  const avg = (sel: string) => `sum(avg_over_time(${sel}[${win}]))`;
  const requests = selector(c.requests, m);
  const buckets = `sum by (le) (rate(${selector(`${c.latency}_bucket`, m)}[${win}]))`;
  const resource = (r: string) =>
    selector("kube_pod_container_resource_requests", [
      ...m,
      { label: "resource", op: "=", value: r },
    ]);
  return {
    requestsByStatus: `sum by (${status}) (rate(${requests}[${win}]))`,
    errorRatio: `${rate(selector(c.requests, [...m, ...c.errors]))} / ${rate(requests)}`,
    p50: `histogram_quantile(0.5, ${buckets})`,
    p95: `histogram_quantile(0.95, ${buckets})`,
    p99: `histogram_quantile(0.99, ${buckets})`,
    cacheHitRate:
      `${rate(selector(c.cache, [...m, { label: "result", op: "=", value: "hit" }]))} / ` +
      rate(selector(c.cache, [...m, { label: "result", op: "=~", value: "hit|miss" }])),
    poolUtilization: `${avg(selector(c.poolInUse, m))} / ${avg(selector(c.poolMax, m))}`,
    cpuUsage: rate(selector("container_cpu_usage_seconds_total", m)),
    cpuRequests: avg(resource("cpu")),
    memoryUsage: avg(selector("container_memory_working_set_bytes", m)),
    memoryRequests: avg(resource("memory")),
    replicas: `max(${selector("kube_horizontalpodautoscaler_status_current_replicas", m)})`,
    // Any firing within each step counts, so short alerts survive long steps.
    alerts: `max_over_time(${selector("ALERTS", [...m.slice(0, 1), { label: "alertstate", op: "=", value: "firing" }])}[${win}])`,
  };
}
