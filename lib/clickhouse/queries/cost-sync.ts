/**
 * The cost sync's SQL (lib/cost/sync.ts): hourly rows written, the watermark kept in the
 * sync log, and the lease's claims. Every time compared here is ClickHouse's clock.
 */
import "server-only";
import { z } from "zod";
import { insertRows, runCommand, selectRows, type ClickHouse } from "../connect";

/** One workload's hour, as the cost sync computed it (docs/numbers.md, "Cost"). */
export interface WorkloadCostRow {
  /** Start of the hour, unix ms. */
  hourMs: number;
  workload: string;
  team: string;
  cpuRequestCoreHours: number;
  cpuUsageCoreHours: number;
  /** Σ per container of max(request, usage). */
  cpuAllocCoreHours: number;
  memoryRequestGibHours: number;
  memoryUsageGibHours: number;
  memoryAllocGibHours: number;
  /** Cost / allocated hours: the average price the workload paid in the hour. */
  cpuPricePerCoreHour: number;
  memoryPricePerGibHour: number;
  cpuCostUsd: number;
  memoryCostUsd: number;
  costUsd: number;
  /** Its share of its nodes' idle cost; null when a node's capacity is unknown. */
  cpuIdleUsd: number | null;
  memoryIdleUsd: number | null;
  podHours: number | null;
  hpaCpuTargetPct: number | null;
  hpaMemoryTargetPct: number | null;
  priceSource: "catalog" | "opencost" | "mixed";
}

/** The whole cluster's hour: what its nodes cost, what all pods were allocated, what idled. */
export interface ClusterCostRow {
  hourMs: number;
  nodes: number;
  cpuCapacityCoreHours: number | null;
  memoryCapacityGibHours: number | null;
  cpuCapacityCostUsd: number | null;
  memoryCapacityCostUsd: number | null;
  cpuAllocatedCostUsd: number;
  memoryAllocatedCostUsd: number;
  cpuIdleUsd: number | null;
  memoryIdleUsd: number | null;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Writes the hours' rows. Re-writing an hour replaces it: the tables are ReplacingMergeTree
 * keyed by (workload, hour) and hour, and readers use FINAL.
 */
export async function writeCostRows(
  ch: ClickHouse,
  workloads: WorkloadCostRow[],
  cluster: ClusterCostRow[],
): Promise<void> {
  await insertRows(ch, {
    tag: "cost:write-workloads",
    table: "workload_cost_hourly",
    values: workloads.map((r) => ({
      hour: seconds(r.hourMs),
      workload: r.workload,
      team: r.team,
      cpu_request_cores: r.cpuRequestCoreHours,
      cpu_usage_cores: r.cpuUsageCoreHours,
      cpu_alloc_core_hours: r.cpuAllocCoreHours,
      memory_request_gib: r.memoryRequestGibHours,
      memory_usage_gib: r.memoryUsageGibHours,
      memory_alloc_gib_hours: r.memoryAllocGibHours,
      cpu_price_per_core_hour: r.cpuPricePerCoreHour,
      memory_price_per_gib_hour: r.memoryPricePerGibHour,
      cpu_cost_usd: r.cpuCostUsd,
      memory_cost_usd: r.memoryCostUsd,
      cost_usd: r.costUsd,
      cpu_idle_usd: r.cpuIdleUsd,
      memory_idle_usd: r.memoryIdleUsd,
      pod_hours: r.podHours,
      hpa_cpu_target_pct: r.hpaCpuTargetPct,
      hpa_memory_target_pct: r.hpaMemoryTargetPct,
      price_source: r.priceSource,
    })),
  });
  await insertRows(ch, {
    tag: "cost:write-cluster",
    table: "cluster_cost_hourly",
    values: cluster.map((r) => ({
      hour: seconds(r.hourMs),
      nodes: r.nodes,
      cpu_capacity_core_hours: r.cpuCapacityCoreHours,
      memory_capacity_gib_hours: r.memoryCapacityGibHours,
      cpu_capacity_cost_usd: r.cpuCapacityCostUsd,
      memory_capacity_cost_usd: r.memoryCapacityCostUsd,
      cpu_allocated_cost_usd: r.cpuAllocatedCostUsd,
      memory_allocated_cost_usd: r.memoryAllocatedCostUsd,
      cpu_idle_usd: r.cpuIdleUsd,
      memory_idle_usd: r.memoryIdleUsd,
    })),
  });
}

/** Records a synced chunk [fromMs, toMs); written after its rows, so the watermark never runs ahead. */
export async function logSyncedChunk(
  ch: ClickHouse,
  chunk: { fromMs: number; toMs: number; holder: string; rows: number; catalogHash: string },
): Promise<void> {
  await insertRows(ch, {
    tag: "cost:log",
    table: "cost_sync_log",
    values: [
      {
        hour_from: seconds(chunk.fromMs),
        hour_to: seconds(chunk.toMs),
        holder: chunk.holder,
        workload_rows: chunk.rows,
        catalog_hash: chunk.catalogHash,
      },
    ],
  });
}

export interface Watermark {
  /** The end of the last synced hour (exclusive, unix ms); null before the first sync. */
  toMs: number | null;
  /** The catalog hash the last chunk was synced with. */
  catalogHash: string | null;
}

export async function readWatermark(ch: ClickHouse): Promise<Watermark> {
  const [row] = await selectRows(ch, {
    tag: "cost:watermark",
    query: `SELECT count() AS n, toUnixTimestamp(max(hour_to)) AS hour_to,
              argMax(catalog_hash, synced_at) AS catalog_hash
            FROM {db}.cost_sync_log`,
    row: z.object({ n: z.number(), hour_to: z.number(), catalog_hash: z.string() }),
  });
  if (!row || row.n === 0) return { toMs: null, catalogHash: null };
  return { toMs: row.hour_to * 1000, catalogHash: row.catalog_hash };
}

/** One holder's claims in the latest term of the lease. */
export interface LeaseClaim {
  term: number;
  holder: string;
  /** Its first claim in the term (server clock, unix ms): the earliest claim wins the term. */
  firstClaimMs: number;
  /** Its latest claim's expiry. */
  expiresMs: number;
}

/** The claims of the lease's latest term, and ClickHouse's clock now. */
export async function readLeaseClaims(
  ch: ClickHouse,
): Promise<{ claims: LeaseClaim[]; nowMs: number }> {
  const rows = await selectRows(ch, {
    tag: "cost:lease",
    query: `WITH (SELECT max(term) FROM {db}.cost_sync_lease) AS latest
            SELECT term, holder,
              toUnixTimestamp64Milli(min(claimed_at)) AS first_claim,
              toUnixTimestamp64Milli(argMax(expires_at, claimed_at)) AS expires,
              toUnixTimestamp64Milli(now64(3)) AS now
            FROM {db}.cost_sync_lease
            WHERE term = latest
            GROUP BY term, holder`,
    row: z.object({
      term: z.number(),
      holder: z.string(),
      first_claim: z.number(),
      expires: z.number(),
      now: z.number(),
    }),
  });
  let nowMs: number;
  if (rows.length > 0) nowMs = rows[0]!.now;
  else {
    const [clock] = await selectRows(ch, {
      tag: "cost:lease-clock",
      query: "SELECT toUnixTimestamp64Milli(now64(3)) AS now",
      row: z.object({ now: z.number() }),
    });
    nowMs = clock!.now;
  }
  return {
    claims: rows.map((r) => ({
      term: r.term,
      holder: r.holder,
      firstClaimMs: r.first_claim,
      expiresMs: r.expires,
    })),
    nowMs,
  };
}

/** A claim of `term` by `holder` until ClickHouse's now + ttlMs (ttlMs 0: a release). */
export async function insertLeaseClaim(
  ch: ClickHouse,
  claim: { term: number; holder: string; ttlMs: number },
): Promise<void> {
  await runCommand(ch, {
    tag: "cost:lease-claim",
    query: `INSERT INTO {db}.cost_sync_lease (term, holder, claimed_at, expires_at)
            SELECT {term:UInt64}, {holder:String}, now64(3),
                   now64(3) + toIntervalMillisecond({ttl:UInt32})`,
    params: { term: claim.term, holder: claim.holder, ttl: Math.max(0, Math.round(claim.ttlMs)) },
  });
}
