import "server-only";
import { failedSelector, measures } from "../catalog/conventions";
import type { Catalog } from "../catalog/load";
import type { PrometheusClient } from "./client";
import { countRatio, groupWorkloads } from "./indicators";
import { selector, union } from "../promql";

export const SPARKLINE_SPAN_MS = 24 * 3_600_000;
const STEP_S = 1800;

/**
 * Each workload's 5xx ratio over the last 24 hours in half-hour steps, from event counts:
 * one range query, whatever the number of workloads and convention groups. Workloads
 * whose convention names no request counter with error matchers or a failures counter
 * have no trend (and no query when none has one).
 */
export async function fetchErrorSparklines(
  prom: PrometheusClient,
  catalog: Catalog,
  time: Date,
): Promise<Record<string, [number, number][]>> {
  const label = catalog.groupingLabel;
  const out: Record<string, [number, number][]> = {};
  const end = new Date(Math.floor(time.getTime() / (STEP_S * 1000)) * STEP_S * 1000);
  const start = new Date(end.getTime() - SPARKLINE_SPAN_MS);
  const groups = groupWorkloads(catalog).filter((g) => measures(g.convention, "errors"));
  if (groups.length === 0) return out;
  const q = union(
    groups.map((g) =>
      countRatio(
        label,
        failedSelector(g.convention, g.matchers),
        selector(g.convention.requests, g.matchers),
        `${STEP_S}s`,
      ),
    ),
  );
  for (const s of await prom.range("sparkline:errors", q, start, end, STEP_S)) {
    const name = s.labels[label];
    if (name) out[name] = s.points.filter(([, v]) => Number.isFinite(v));
  }
  return out;
}
