/**
 * The cost sync inside the server (instrumentation.ts starts it) and from the command line
 * (`npm run cost:sync`): the configured clients, catalog and settings handed to
 * runCostSync. Every replica runs the schedule; the lease lets one of them write.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { getCatalog } from "../catalog";
import { getClickHouse } from "../clickhouse";
import { getEnv } from "../env";
import { recordCostSync } from "../metrics";
import { costSyncPrometheus } from "../prometheus/cost-reads";
import { runCostSync, type CostSyncProgress, type CostSyncResult } from "./sync";

interface State {
  holder: string;
  /** The last line logged, so that "nothing to compute" is said once, not every run. */
  lastLine?: string;
  timer?: NodeJS.Timeout;
  first?: NodeJS.Timeout;
  running?: Promise<unknown>;
}
// One per process, whichever bundle (instrumentation, route handlers) asks.
const KEY = Symbol.for("sightline.cost-sync");
const state: State = ((globalThis as Record<symbol, State>)[KEY] ??= {
  holder: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
});

/** This process's name in the lease and the sync log. */
export function syncHolder(): string {
  return state.holder;
}

/** One sync with the server's configuration: Prometheus, ClickHouse, catalog, settings. */
export async function syncCostNow(
  opts: {
    now?: Date;
    rebuild?: boolean;
    fromMs?: number;
    onProgress?: (p: CostSyncProgress) => void;
  } = {},
): Promise<CostSyncResult> {
  const env = getEnv();
  return runCostSync({
    prom: costSyncPrometheus(),
    ch: await getClickHouse(),
    catalog: getCatalog(),
    now: opts.now ?? new Date(),
    holder: state.holder,
    chunkHours: env.COST_SYNC_CHUNK_HOURS,
    delayMinutes: env.COST_SYNC_DELAY_MINUTES,
    rebuild: opts.rebuild,
    fromMs: opts.fromMs,
    onProgress: opts.onProgress,
  });
}

/** One line about a finished sync, or null when there is nothing worth saying. */
export function describeSync(r: CostSyncResult): string | null {
  switch (r.status) {
    case "synced":
      return (
        `${r.hours} hours from ${new Date(r.range.fromMs).toISOString()} to ` +
        `${new Date(r.range.toMs).toISOString()}: ${r.workloadRows} workload rows in ${r.chunks} ${r.chunks === 1 ? "chunk" : "chunks"}` +
        (r.catalogChanged
          ? "; the catalog changed since the last sync: earlier hours keep the old mapping and prices (npm run cost:sync -- --rebuild recomputes what Prometheus still holds)"
          : "")
      );
    case "skipped":
      return `another sync (${r.heldBy}) holds the lease until ${new Date(r.untilMs).toISOString()}`;
    case "no-data":
      return "Prometheus holds no kube_pod_container_status_running series: nothing to compute (is kube-state-metrics scraped?)";
    case "up-to-date":
      return null;
  }
}

const FIRST_RUN_DELAY_MS = 30_000;

/** The end of the last hour with cost rows after a run, when the run says (the lag's base). */
function watermarkOf(r: CostSyncResult): number | null {
  if (r.status === "synced") return r.range.toMs;
  if (r.status === "up-to-date") return r.watermarkMs;
  return null;
}

/**
 * Runs the sync 30 s after start, then every COST_SYNC_INTERVAL_MINUTES (0: never), never
 * two at once in a process. Failures are logged and retried on the next tick.
 */
export function startCostSync(): void {
  const minutes = getEnv().COST_SYNC_INTERVAL_MINUTES;
  if (minutes === 0 || state.timer) return;
  const tick = () => {
    if (state.running) return;
    state.running = syncCostNow()
      .then((r) => {
        recordCostSync(r.status, watermarkOf(r));
        const line = r.status === "skipped" ? null : describeSync(r);
        if (line && !(r.status === "no-data" && line === state.lastLine)) {
          console.log(`sightline: cost sync: ${line}`);
        }
        state.lastLine = line ?? undefined;
      })
      .catch((e: unknown) => {
        recordCostSync("failed");
        console.error(`sightline: cost sync failed: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => (state.running = undefined));
  };
  state.first = setTimeout(tick, FIRST_RUN_DELAY_MS);
  state.first.unref();
  state.timer = setInterval(tick, minutes * 60_000);
  state.timer.unref();
}
