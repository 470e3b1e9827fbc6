/**
 * Reading the cost the sync kept (lib/cost/sync.ts): totals per workload over a range, and
 * cost per workload by hour (or any longer bucket). lib/cost/report.ts turns them into
 * the figures a page shows.
 */
import "server-only";
import { z } from "zod";
import { selectRows, type ClickHouse } from "../connect";

/** A workload's sums over a range; only workloads with rows there. */
export interface CostTotals {
  workload: string;
  /** Hours with a row. */
  hours: number;
  costUsd: number;
  cpuCostUsd: number;
  memoryCostUsd: number;
  cpuRequestCoreHours: number;
  cpuUsageCoreHours: number;
  cpuAllocCoreHours: number;
  memoryRequestGibHours: number;
  memoryUsageGibHours: number;
  memoryAllocGibHours: number;
  /** Null when any hour's idle is unknown (no node capacity series then). */
  cpuIdleUsd: number | null;
  memoryIdleUsd: number | null;
  /** Null when any hour's is unknown (rows not written by the sync). */
  podHours: number | null;
}

/** ClickHouse DateTime parameters are whole seconds, UTC. */
const toChTime = (d: Date) => Math.floor(d.getTime() / 1000);
const nullable = z.union([z.number(), z.null()]);

const totalsRow = z.object({
  workload: z.string(),
  hours: z.number(),
  cost: z.number(),
  cpu_cost: z.number(),
  memory_cost: z.number(),
  cpu_request: z.number(),
  cpu_usage: z.number(),
  cpu_alloc: z.number(),
  memory_request: z.number(),
  memory_usage: z.number(),
  memory_alloc: z.number(),
  cpu_idle: nullable,
  memory_idle: nullable,
  pod_hours: nullable,
});

/** Sums per workload over [from, to) (whole hours: a row is an hour starting at `hour`). */
export async function fetchCostTotals(
  ch: ClickHouse,
  workloads: string[],
  from: Date,
  to: Date,
): Promise<CostTotals[]> {
  const rows = await selectRows(ch, {
    tag: "cost:totals",
    query: `SELECT workload,
        count() AS hours,
        sum(cost_usd) AS cost,
        sum(cpu_cost_usd) AS cpu_cost,
        sum(memory_cost_usd) AS memory_cost,
        sum(cpu_request_cores) AS cpu_request,
        sum(cpu_usage_cores) AS cpu_usage,
        sum(cpu_alloc_core_hours) AS cpu_alloc,
        sum(memory_request_gib) AS memory_request,
        sum(memory_usage_gib) AS memory_usage,
        sum(memory_alloc_gib_hours) AS memory_alloc,
        if(countIf(cpu_idle_usd IS NULL) > 0, NULL, sum(cpu_idle_usd)) AS cpu_idle,
        if(countIf(memory_idle_usd IS NULL) > 0, NULL, sum(memory_idle_usd)) AS memory_idle,
        if(countIf(pod_hours IS NULL) > 0, NULL, sum(pod_hours)) AS pod_hours
      FROM {db}.workload_cost_hourly FINAL
      WHERE workload IN {workloads:Array(String)}
        AND hour >= toDateTime({from:UInt32}) AND hour < toDateTime({to:UInt32})
      GROUP BY workload
      ORDER BY workload`,
    params: { workloads, from: toChTime(from), to: toChTime(to) },
    row: totalsRow,
  });
  return rows.map((r) => ({
    workload: r.workload,
    hours: r.hours,
    costUsd: r.cost,
    cpuCostUsd: r.cpu_cost,
    memoryCostUsd: r.memory_cost,
    cpuRequestCoreHours: r.cpu_request,
    cpuUsageCoreHours: r.cpu_usage,
    cpuAllocCoreHours: r.cpu_alloc,
    memoryRequestGibHours: r.memory_request,
    memoryUsageGibHours: r.memory_usage,
    memoryAllocGibHours: r.memory_alloc,
    cpuIdleUsd: r.cpu_idle,
    memoryIdleUsd: r.memory_idle,
    podHours: r.pod_hours,
  }));
}

/** One workload's cost in one bucket of time. */
export interface CostPoint {
  workload: string;
  /** Start of the bucket, unix ms. */
  tMs: number;
  costUsd: number;
  cpuCostUsd: number;
  memoryCostUsd: number;
  /** Average replicas over the bucket's hours with rows; null when unknown. */
  podHours: number | null;
}

const pointRow = z.object({
  workload: z.string(),
  t: z.number(),
  cost: z.number(),
  cpu_cost: z.number(),
  memory_cost: z.number(),
  pod_hours: nullable,
});

/**
 * Cost per workload and bucket of `bucketSeconds` (3600: hourly; 86400: daily, UTC) over
 * [from, to). Buckets without rows are absent: no data, not zero.
 */
export async function fetchCostSeries(
  ch: ClickHouse,
  workloads: string[],
  from: Date,
  to: Date,
  bucketSeconds = 3600,
): Promise<CostPoint[]> {
  const rows = await selectRows(ch, {
    tag: "cost:series",
    query: `SELECT workload,
        toUnixTimestamp(toStartOfInterval(hour, toIntervalSecond({bucket:UInt32}))) AS t,
        sum(cost_usd) AS cost,
        sum(cpu_cost_usd) AS cpu_cost,
        sum(memory_cost_usd) AS memory_cost,
        if(countIf(pod_hours IS NULL) > 0, NULL, sum(pod_hours)) AS pod_hours
      FROM {db}.workload_cost_hourly FINAL
      WHERE workload IN {workloads:Array(String)}
        AND hour >= toDateTime({from:UInt32}) AND hour < toDateTime({to:UInt32})
      GROUP BY workload, t
      ORDER BY workload, t`,
    params: { workloads, from: toChTime(from), to: toChTime(to), bucket: bucketSeconds },
    row: pointRow,
  });
  return rows.map((r) => ({
    workload: r.workload,
    tMs: r.t * 1000,
    costUsd: r.cost,
    cpuCostUsd: r.cpu_cost,
    memoryCostUsd: r.memory_cost,
    podHours: r.pod_hours,
  }));
}

/** The cluster over a range: what its nodes cost, what all pods were allocated, what idled. */
export interface ClusterCostTotals {
  hours: number;
  capacityCostUsd: number | null;
  allocatedCostUsd: number;
  idleUsd: number | null;
}

export async function fetchClusterCost(
  ch: ClickHouse,
  from: Date,
  to: Date,
): Promise<ClusterCostTotals | null> {
  const [row] = await selectRows(ch, {
    tag: "cost:cluster",
    query: `SELECT count() AS hours,
        if(countIf(cpu_capacity_cost_usd IS NULL OR memory_capacity_cost_usd IS NULL) > 0, NULL,
           sum(cpu_capacity_cost_usd + memory_capacity_cost_usd)) AS capacity,
        sum(cpu_allocated_cost_usd + memory_allocated_cost_usd) AS allocated,
        if(countIf(cpu_idle_usd IS NULL OR memory_idle_usd IS NULL) > 0, NULL,
           sum(cpu_idle_usd + memory_idle_usd)) AS idle
      FROM {db}.cluster_cost_hourly FINAL
      WHERE hour >= toDateTime({from:UInt32}) AND hour < toDateTime({to:UInt32})`,
    params: { from: toChTime(from), to: toChTime(to) },
    row: z.object({ hours: z.number(), capacity: nullable, allocated: z.number(), idle: nullable }),
  });
  if (!row || row.hours === 0) return null;
  return {
    hours: row.hours,
    capacityCostUsd: row.capacity,
    allocatedCostUsd: row.allocated,
    idleUsd: row.idle,
  };
}
