/**
 * Runs right-sizing's three queries (rightsizing-queries.ts) at an evaluation time: two
 * instant queries and one range query with a one-hour step over the history, whatever the
 * number of workloads.
 */
import "server-only";
import type { Catalog } from "../catalog/load";
import type { PrometheusClient } from "./client";
import {
  busyHoursQuery,
  nowQuery,
  parseBusyHours,
  parseNow,
  parseUsage,
  rightSizingScope,
  usageQuery,
  type BusyHours,
  type ContainerUsage,
  type RightSizingNow,
} from "./rightsizing-queries";

const HOUR_MS = 3_600_000;

export interface RightSizingData {
  usage: ContainerUsage[];
  now: RightSizingNow;
  /** Null when no workload has a latency SLO to guard. */
  busy: BusyHours | null;
}

/** What Prometheus says about the catalog's containers at `time`; null when no workload is mapped. */
export async function readRightSizing(
  prom: PrometheusClient,
  catalog: Catalog,
  time: Date,
): Promise<RightSizingData | null> {
  const scope = rightSizingScope(catalog);
  if (!scope) return null;
  const s = catalog.rightsizing;
  const busy = busyHoursQuery(catalog, scope);
  // Points at time − (n − 1) h … time: each describes the hour before it.
  const hours = Math.max(1, Math.floor(s.historyMs / HOUR_MS));
  const start = new Date(time.getTime() - (hours - 1) * HOUR_MS);
  const [usage, now, busySeries] = await Promise.all([
    prom.instant("rightsizing:usage", usageQuery(scope, s), time),
    prom.instant("rightsizing:now", nowQuery(scope, s), time),
    busy === null ? null : prom.range("rightsizing:busy-hours", busy, start, time, 3600),
  ]);
  return {
    usage: parseUsage(usage),
    now: parseNow(now),
    busy: busySeries === null ? null : parseBusyHours(busySeries, catalog.groupingLabel),
  };
}
