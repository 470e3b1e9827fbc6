/**
 * Requests next to the cost the sync kept, for cost per million requests
 * (docs/numbers.md, "Cost"): requests are counted in the hours a workload has cost rows,
 * from the per-workload hourly rollup, so an hour the sync has not (yet) costed adds
 * neither cost nor requests.
 */
import "server-only";
import { z } from "zod";
import { selectRows, type ClickHouse } from "../connect";

/** ClickHouse DateTime parameters are whole seconds, UTC. */
const toChTime = (ms: number) => Math.floor(ms / 1000);

/**
 * Requests per workload over [fromMs, toMs) (whole hours), counted in the hours that
 * workload has cost rows; a workload with no request rows there is absent (unknown, not 0).
 */
export async function fetchRequestsInCostHours(
  ch: ClickHouse,
  workloads: string[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, number>> {
  const rows = await selectRows(ch, {
    tag: "cost:requests",
    query: `SELECT workload, sum(requests) AS requests
      FROM {db}.workload_rollup_1h
      WHERE workload IN {workloads:Array(String)}
        AND hour >= toDateTime({from:UInt32}) AND hour < toDateTime({to:UInt32})
        AND (workload, hour) IN (
          SELECT workload, hour FROM {db}.workload_cost_hourly FINAL
          WHERE workload IN {workloads:Array(String)}
            AND hour >= toDateTime({from:UInt32}) AND hour < toDateTime({to:UInt32}))
      GROUP BY workload`,
    params: { workloads, from: toChTime(fromMs), to: toChTime(toMs) },
    row: z.object({ workload: z.string(), requests: z.number() }),
  });
  return new Map(rows.map((r) => [r.workload, r.requests]));
}

/**
 * One workload's hours with a cost row in [fromMs, toMs), with the requests of each hour
 * (null when the rollup has no row for it), in time order.
 */
export async function fetchWorkloadCostHours(
  ch: ClickHouse,
  workload: string,
  fromMs: number,
  toMs: number,
): Promise<{ hourMs: number; costUsd: number; requests: number | null }[]> {
  const rows = await selectRows(ch, {
    tag: "cost:workload-hours",
    query: `SELECT toUnixTimestamp(c.hour) AS t, c.cost AS cost, r.requests AS requests
      FROM (
        SELECT hour, cost_usd AS cost FROM {db}.workload_cost_hourly FINAL
        WHERE workload = {workload:String}
          AND hour >= toDateTime({from:UInt32}) AND hour < toDateTime({to:UInt32})
      ) AS c
      LEFT JOIN (
        SELECT hour, sum(requests) AS requests FROM {db}.workload_rollup_1h
        WHERE workload = {workload:String}
          AND hour >= toDateTime({from:UInt32}) AND hour < toDateTime({to:UInt32})
        GROUP BY hour
      ) AS r ON c.hour = r.hour
      ORDER BY t
      SETTINGS join_use_nulls = 1`,
    params: { workload, from: toChTime(fromMs), to: toChTime(toMs) },
    row: z.object({ t: z.number(), cost: z.number(), requests: z.union([z.number(), z.null()]) }),
  });
  return rows.map((r) => ({ hourMs: r.t * 1000, costUsd: r.cost, requests: r.requests }));
}
