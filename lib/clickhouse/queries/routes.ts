/**
 * Requests, 5xx share and weighted p95/p99 per route from ClickHouse. Ranges of 24 h and
 * more read the rollups (t-digest states: whole hours from the hourly one, the ends from
 * the per-minute one); shorter ones the request log, where the quantiles are exact and
 * weighted by sample_weight.
 */
import "server-only";
import { z } from "zod";
import { selectRows, type ClickHouse } from "../connect";
import { wholeHours } from "./hours";

/** One route's figures over a range. */
export interface RouteRow {
  route: string;
  requests: number;
  /** 5xx share of requests; null without requests. */
  errorRatio: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export const ROLLUP_FROM_MS = 24 * 3600_000;
/** A workload has a handful of routes; the cap only guards against unbounded cardinality. */
export const MAX_ROUTES = 200;

export type RouteTable = "request_rollup_1m" | "request_log";

export function routeTableFor(rangeMs: number): RouteTable {
  return rangeMs >= ROLLUP_FROM_MS ? "request_rollup_1m" : "request_log";
}

const nullableNumber = z.union([z.number(), z.null()]);
const row = z.object({
  route: z.string(),
  total: z.number(),
  failed: z.number(),
  p95: nullableNumber,
  p99: nullableNumber,
});

const ROLLUP_SQL = `SELECT route,
    sum(requests) AS total,
    sum(errors) AS failed,
    quantilesTDigestWeightedMerge(0.5, 0.95, 0.99)(duration_ms) AS q,
    if(total = 0, NULL, toFloat64(q[2])) AS p95,
    if(total = 0, NULL, toFloat64(q[3])) AS p99
  FROM (
    SELECT route, requests, errors, duration_ms FROM {db}.request_rollup_1h
    WHERE workload = {workload:String}
      AND hour >= toDateTime({hourFrom:UInt32}) AND hour < toDateTime({hourTo:UInt32})
    UNION ALL
    SELECT route, requests, errors, duration_ms FROM {db}.request_rollup_1m
    WHERE workload = {workload:String}
      AND (minute >= toDateTime({from:UInt32}) AND minute < toDateTime({hourFrom:UInt32})
        OR minute >= toDateTime({hourTo:UInt32}) AND minute < toDateTime({to:UInt32}))
  )
  GROUP BY route
  ORDER BY total DESC, route
  LIMIT {limit:UInt32}`;

const LOG_SQL = `SELECT route,
    sum(sample_weight) AS total,
    sumIf(sample_weight, status >= 500) AS failed,
    quantilesExactWeighted(0.95, 0.99)(duration_ms, sample_weight) AS q,
    if(total = 0, NULL, toFloat64(q[1])) AS p95,
    if(total = 0, NULL, toFloat64(q[2])) AS p99
  FROM {db}.request_log
  WHERE workload = {workload:String}
    AND ts >= toDateTime64({from:UInt32}, 3, 'UTC') AND ts < toDateTime64({to:UInt32}, 3, 'UTC')
  GROUP BY route
  ORDER BY total DESC, route
  LIMIT {limit:UInt32}`;

/** Per-route figures for `workload` over [from, to), from the table that suits the span. */
export async function fetchRouteRows(
  ch: ClickHouse,
  workload: string,
  fromMs: number,
  toMs: number,
): Promise<{ table: RouteTable; rows: RouteRow[] }> {
  const table = routeTableFor(toMs - fromMs);
  const rows = await selectRows(ch, {
    tag: `routes:${table}`,
    query: table === "request_rollup_1m" ? ROLLUP_SQL : LOG_SQL,
    params: {
      workload,
      from: Math.floor(fromMs / 1000),
      to: Math.floor(toMs / 1000),
      ...wholeHours(Math.floor(fromMs / 1000), Math.floor(toMs / 1000)),
      limit: MAX_ROUTES,
    },
    row,
  });
  return {
    table,
    rows: rows.map((r) => ({
      route: r.route,
      requests: r.total,
      errorRatio: r.total > 0 ? r.failed / r.total : null,
      p95Ms: r.p95,
      p99Ms: r.p99,
    })),
  };
}
