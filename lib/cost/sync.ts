/**
 * The cost sync (docs/architecture.md, "The cost sync"): hourly cost per workload computed
 * from Prometheus and kept in ClickHouse. Under the lease, it syncs every final hour since
 * the watermark (on a first run, since the earliest data Prometheus holds), in chunks of
 * hours of three Prometheus queries each, writes each chunk's rows and then advances the
 * watermark. Re-writing an hour replaces it, so a second run, or a second writer, changes
 * nothing. Callable with any clients: the server's schedule, `npm run cost:sync` and the
 * demo all come here.
 */
import "server-only";
import { createHash } from "node:crypto";
import type { Catalog } from "../catalog/load";
import type { ClickHouse } from "../clickhouse/connect";
import {
  logSyncedChunk,
  readWatermark,
  writeCostRows,
  type ClusterCostRow,
  type WorkloadCostRow,
} from "../clickhouse/queries/cost-sync";
import type { PrometheusClient } from "../prometheus/client";
import { hasCostData, readCostHours } from "../prometheus/cost-reads";
import {
  chunkHours,
  earliestHour,
  finalHoursEnd,
  hoursIn,
  MAX_HISTORY_MS,
  planHours,
  type HourRange,
} from "./hours";
import { acquireLease, LEASE_TTL_MS, releaseLease } from "./lease";
import { assembleHour, podPatterns } from "./rows";

export interface CostSyncOptions {
  prom: PrometheusClient;
  ch: ClickHouse;
  catalog: Catalog;
  /** The clock: hours that ended `delayMinutes` before it are final. */
  now: Date;
  /** Who syncs, for the lease and the log: unique per process. */
  holder: string;
  chunkHours: number;
  delayMinutes: number;
  /** Sync again from the earliest data Prometheus holds, whatever the watermark. */
  rebuild?: boolean;
  /** Sync from this time (rounded down to the hour), whatever the watermark. */
  fromMs?: number;
  leaseTtlMs?: number;
  onProgress?: (p: CostSyncProgress) => void;
}

export interface CostSyncProgress {
  chunk: number;
  chunks: number;
  range: HourRange;
  workloadRows: number;
  elapsedMs: number;
}

export type CostSyncResult =
  | { status: "skipped"; heldBy: string; untilMs: number }
  | { status: "no-data" }
  | { status: "up-to-date"; watermarkMs: number | null }
  | {
      status: "synced";
      range: HourRange;
      hours: number;
      chunks: number;
      workloadRows: number;
      /** The catalog's workloads, mappings or prices changed since the last sync: older hours keep the old ones. */
      catalogChanged: boolean;
    };

/** What of the catalog shapes the rows: workloads, their teams and mappings, the prices. */
export function costCatalogHash(catalog: Catalog): string {
  const relevant = {
    workloads: catalog.workloads.map((w) => [w.name, w.team, w.kubernetes]),
    pricing: catalog.pricing,
  };
  return createHash("sha256").update(JSON.stringify(relevant)).digest("hex").slice(0, 16);
}

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

export async function runCostSync(opts: CostSyncOptions): Promise<CostSyncResult> {
  const ttl = opts.leaseTtlMs ?? LEASE_TTL_MS;
  const lease = await acquireLease(opts.ch, opts.holder, ttl);
  if (!lease.held) return { status: "skipped", heldBy: lease.holder, untilMs: lease.untilMs };
  try {
    return await syncUnderLease(opts, ttl);
  } finally {
    await releaseLease(opts.ch, opts.holder).catch(() => {});
  }
}

async function syncUnderLease(opts: CostSyncOptions, ttl: number): Promise<CostSyncResult> {
  const { prom, ch, catalog } = opts;
  const endMs = finalHoursEnd(opts.now.getTime(), opts.delayMinutes * 60_000);
  const watermark = await readWatermark(ch);
  const needEarliest = opts.fromMs === undefined && (opts.rebuild || watermark.toMs === null);
  const earliestMs = needEarliest
    ? await earliestHour((a, b) => hasCostData(prom, a, b), endMs - MAX_HISTORY_MS, endMs)
    : null;
  if (needEarliest && earliestMs === null && watermark.toMs === null) return { status: "no-data" };
  const range = planHours({
    endMs,
    watermarkMs: watermark.toMs,
    earliestMs,
    rebuild: opts.rebuild,
    fromMs: opts.fromMs,
  });
  if (!range) return { status: "up-to-date", watermarkMs: watermark.toMs };

  const hash = costCatalogHash(catalog);
  const patterns = podPatterns(catalog);
  const chunks = chunkHours(range, opts.chunkHours);
  const started = Date.now();
  let workloadRows = 0;
  for (const [i, chunk] of chunks.entries()) {
    const hours = await readCostHours(prom, patterns, chunk.fromMs, chunk.toMs);
    const rows: WorkloadCostRow[] = [];
    const cluster: ClusterCostRow[] = [];
    for (const hour of hours) {
      const out = assembleHour(catalog, hour);
      rows.push(...out.workloads);
      if (out.cluster) cluster.push(out.cluster);
    }
    // The lease is renewed before writing: a sync that lost it (it ran past the lease
    // while another took over) stops here rather than write alongside the new holder.
    const lease = await acquireLease(ch, opts.holder, ttl);
    if (!lease.held) {
      throw new LeaseLostError(
        `cost sync: lost the lease to ${lease.holder}; stopped before writing`,
      );
    }
    await writeCostRows(ch, rows, cluster);
    await logSyncedChunk(ch, {
      fromMs: chunk.fromMs,
      toMs: chunk.toMs,
      holder: opts.holder,
      rows: rows.length,
      catalogHash: hash,
    });
    workloadRows += rows.length;
    opts.onProgress?.({
      chunk: i + 1,
      chunks: chunks.length,
      range: chunk,
      workloadRows: rows.length,
      elapsedMs: Date.now() - started,
    });
  }
  return {
    status: "synced",
    range,
    hours: hoursIn(range),
    chunks: chunks.length,
    workloadRows,
    catalogChanged: watermark.catalogHash !== null && watermark.catalogHash !== hash,
  };
}
