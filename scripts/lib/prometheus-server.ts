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
  return { url, port, stop: () => stopChild(child, 10_000) };
}
