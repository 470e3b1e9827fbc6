import "server-only";
import { z } from "zod";
import { selectRows, type ClickHouse } from "../connect";
import { wholeHours } from "./hours";

export interface WorkloadUsage {
  workload: string;
  /**
   * Requests over the range; null when ClickHouse holds no request rows for the workload
   * there (unknown, never 0). Rows that sum to 0 (every sample_weight 0) give 0.
   */
  requests: number | null;
  errorRatio: number | null;
  p95Ms: number | null;
  costUsd: number | null;
  /** Cost over the range / requests over the range × 10⁶ (docs/numbers.md). */
  costPerMillionRequests: number | null;
}

/** ClickHouse DateTime parameters are whole seconds, UTC. */
const toChTime = (d: Date) => Math.floor(d.getTime() / 1000);

const nullableNumber = z.union([z.number(), z.null()]);
const rollupRow = z.object({
  workload: z.string(),
  total: z.number(),
  failed: z.number(),
  p95: nullableNumber,
});
const costRow = z.object({ workload: z.string(), cost: z.number() });

/**
 * Requests, 5xx share and p95 from the request rollups (per workload and hour for whole
 * hours, per minute for the ends), and cost from the hourly cost table, per workload over [from, to).
 */
export async function fetchWorkloadUsage(
  ch: ClickHouse,
  workloads: string[],
  from: Date,
  to: Date,
): Promise<WorkloadUsage[]> {
  const params = { workloads, from: toChTime(from), to: toChTime(to) };
  // Whole hours from the hourly rollup, the ragged ends from the per-minute one.
  const { hourFrom, hourTo } = wholeHours(params.from, params.to);
  const [traffic, cost] = await Promise.all([
    selectRows(ch, {
      tag: "usage:rollup",
      query: `SELECT workload,
          sum(requests) AS total,
          sum(errors) AS failed,
          if(total = 0, NULL, quantilesTDigestWeightedMerge(0.5, 0.95, 0.99)(duration_ms)[2]) AS p95
        FROM (
          SELECT workload, requests, errors, duration_ms FROM {db}.workload_rollup_1h
          WHERE workload IN {workloads:Array(String)}
            AND hour >= toDateTime({hourFrom:UInt32}) AND hour < toDateTime({hourTo:UInt32})
          UNION ALL
          SELECT workload, requests, errors, duration_ms FROM {db}.request_rollup_1m
          WHERE workload IN {workloads:Array(String)}
            AND (minute >= toDateTime({from:UInt32}) AND minute < toDateTime({hourFrom:UInt32})
              OR minute >= toDateTime({hourTo:UInt32}) AND minute < toDateTime({to:UInt32}))
        )
        GROUP BY workload`,
      params: { ...params, hourFrom, hourTo },
      row: rollupRow,
    }),
    selectRows(ch, {
      tag: "usage:cost",
      query: `SELECT workload, sum(cost_usd) AS cost
        FROM {db}.workload_cost_hourly FINAL
        WHERE workload IN {workloads:Array(String)}
          AND hour >= toDateTime({from:UInt32}) AND hour < toDateTime({to:UInt32})
        GROUP BY workload`,
      params,
      row: costRow,
    }),
  ]);
  const trafficBy = new Map(traffic.map((r) => [r.workload, r]));
  const costBy = new Map(cost.map((r) => [r.workload, r.cost]));
  return workloads.map((workload) => {
    const t = trafficBy.get(workload);
    const c = costBy.get(workload) ?? null;
    const requests = t ? t.total : null;
    return {
      workload,
      requests,
      errorRatio: t && t.total > 0 ? t.failed / t.total : null,
      p95Ms: t?.p95 ?? null,
      costUsd: c,
      costPerMillionRequests: c !== null && t && t.total > 0 ? (c / t.total) * 1e6 : null,
    };
  });
}
