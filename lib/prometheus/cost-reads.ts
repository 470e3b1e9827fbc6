/**
 * Runs the cost sync's three queries over a chunk of whole hours (cost-queries.ts) and
 * returns what Prometheus said, hour by hour.
 */
import "server-only";
import { getEnv } from "../env";
import type { PrometheusClient } from "./client";
import { getPrometheus } from "./index";
import { costQueries, parseCostSeries, type CostHour, type PodPatterns } from "./cost-queries";

const HOUR_MS = 3_600_000;

/**
 * The hours [fromMs, toMs) (both whole hours): range queries evaluated at the end of each
 * hour with a one-hour step, so each point describes one hour.
 */
export async function readCostHours(
  prom: PrometheusClient,
  patterns: PodPatterns | null,
  fromMs: number,
  toMs: number,
): Promise<CostHour[]> {
  if (fromMs % HOUR_MS !== 0 || toMs % HOUR_MS !== 0 || toMs <= fromMs) {
    throw new Error(`cost hours must be whole hours, got [${fromMs}, ${toMs})`);
  }
  const q = costQueries(patterns);
  const start = new Date(fromMs + HOUR_MS);
  const end = new Date(toMs);
  const run = (tag: string, query: string) => prom.range(tag, query, start, end, 3600);
  const results = await Promise.all([
    run("cost:hours", q.hours),
    run("cost:alloc", q.alloc),
    run("cost:meta", q.meta),
  ]);
  return parseCostSeries(results.flat());
}

/** Metrics whose presence marks the hours the sync can compute: kube-state-metrics' container states. */
export const COST_PRESENCE_METRIC = "kube_pod_container_status_running";

/**
 * Whether Prometheus holds container-state series in [fromMs, toMs): an index lookup (label
 * values of `__name__`), answered per block, so a block that starts earlier than its first
 * sample answers yes for its whole span.
 */
export async function hasCostData(
  prom: PrometheusClient,
  fromMs: number,
  toMs: number,
): Promise<boolean> {
  const names = await prom.labelValues(
    "cost:earliest",
    "__name__",
    [COST_PRESENCE_METRIC],
    new Date(fromMs),
    new Date(toMs),
  );
  return names.includes(COST_PRESENCE_METRIC);
}

/**
 * The client the cost sync queries with: the server's Prometheus settings with the sync's
 * own deadline (COST_SYNC_TIMEOUT_MS), as a day of a large cluster is a big query.
 */
export function costSyncPrometheus(): PrometheusClient {
  return getPrometheus(getEnv().COST_SYNC_TIMEOUT_MS);
}
