import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDebianPackages, freePort, spawn, stopChild, waitForHttp } from "./processes";

export function ensurePrometheus(log?: (s: string) => void): void {
  ensureDebianPackages(
    [
      { pkg: "prometheus", bin: "prometheus" },
      { pkg: "prometheus", bin: "promtool" },
    ],
    log,
  );
}

export interface PrometheusServer {
  url: string;
  port: number;
  /** The process id: tests freeze Prometheus with SIGSTOP and thaw it with SIGCONT. */
  pid: number;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** Holds prometheus.yml and the TSDB under data/. */
  dir: string;
  port?: number;
  /** prometheus.yml text; a config with no scrape jobs when omitted. */
  config?: string;
  retention?: string;
  /** Where Prometheus's own log goes; discarded when omitted. */
  logFile?: string;
}

/** Starts Debian's Prometheus on 127.0.0.1 and waits until it is ready. */
export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  mkdirSync(join(opts.dir, "data"), { recursive: true });
  const configFile = join(opts.dir, "prometheus.yml");
  writeFileSync(configFile, opts.config ?? "global:\n  scrape_interval: 15s\n");
  const port = opts.port ?? (await freePort());
  const { openSync } = await import("node:fs");
  const out = opts.logFile ? openSync(opts.logFile, "a") : "ignore";
  const child = spawn(
    "prometheus",
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(opts.dir, "data")}`,
      `--storage.tsdb.retention.time=${opts.retention ?? "90d"}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--web.enable-lifecycle",
      // rate() over 30 days at 15 s reads ~170k samples per series
      "--query.max-samples=200000000",
    ],
    { stdio: ["ignore", out, out] },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/-/ready`, { timeoutMs: 120_000, child, what: "Prometheus" });
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { url, port, pid: child.pid!, stop: () => stopChild(child, 10_000) };
}

async function readGauge(url: string, name: string): Promise<number | null> {
  try {
    const text = await (
      await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })
    ).text();
    const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Waits until Prometheus has compacted freshly backfilled blocks: promtool writes one
 * block per 2 hours, and queries over hundreds of small blocks are slow until the first
 * compaction (about a minute after start) merges them.
 */
export async function waitForCompaction(
  url: string,
  opts: { threshold: number; timeoutMs: number; log: (s: string) => void },
): Promise<void> {
  const blocks = await readGauge(url, "prometheus_tsdb_blocks_loaded");
  if (blocks === null || blocks <= opts.threshold) return;
  opts.log(`Prometheus is compacting ${blocks} backfilled blocks (about a minute, once)`);
  const until = Date.now() + opts.timeoutMs;
  let last = blocks;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 2000));
    const compactions = await readGauge(url, "prometheus_tsdb_compactions_total");
    const now = await readGauge(url, "prometheus_tsdb_blocks_loaded");
    if (now !== null && compactions && compactions > 0 && now === last && now < blocks) return;
    if (now !== null) last = now;
  }
  opts.log("Prometheus is still compacting; the first pages may be slow");
}
