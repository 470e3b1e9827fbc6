/** What the on-call view reads from Prometheus: the active alerts and the page alerts that fired. */
import "server-only";
import { selector } from "../promql";
import type { ActiveAlert, PrometheusClient, RangeSeries } from "./client";

/** Page alerts that fired, as Prometheus records them in its ALERTS series. */
export const PAGE_INCIDENTS_QUERY = selector("ALERTS", [
  { label: "alertstate", op: "=", value: "firing" },
  { label: "severity", op: "=", value: "page" },
]);

/** The alerts active now, from Prometheus' alerts API. */
export function readActiveAlerts(prom: PrometheusClient): Promise<ActiveAlert[]> {
  return prom.alerts("oncall:alerts");
}

/** Firing page alerts at each `stepSeconds` of [start, end]. */
export function readPageAlertSeries(
  prom: PrometheusClient,
  start: Date,
  end: Date,
  stepSeconds: number,
): Promise<RangeSeries[]> {
  return prom.range("oncall:incidents", PAGE_INCIDENTS_QUERY, start, end, stepSeconds);
}
