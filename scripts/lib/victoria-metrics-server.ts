import { mkdirSync, openSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { steppedValues, type SteppedData } from "./backfill";
import { ensureDebianPackages, freePort, run, spawn, stopChild, waitForHttp } from "./processes";

/** Debian's `victoria-metrics` package: the single-node server, and vmalert beside it. */
export function ensureVictoriaMetrics(log?: (s: string) => void): void {
  ensureDebianPackages(
    [
      { pkg: "victoria-metrics", bin: "victoria-metrics" },
      { pkg: "victoria-metrics", bin: "vmalert" },
    ],
    log,
  );
}

export interface VictoriaMetricsServer {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts Debian's VictoriaMetrics on 127.0.0.1 with its storage under `dir` and waits until
 * it is ready. Samples are visible as soon as they are flushed (no 30-second latency
 * offset) and answers are not cached, since the tests import data into the past and query
 * right after (docs/victoria-metrics.md).
 */
export async function startVictoriaMetrics(opts: {
  dir: string;
  port?: number;
  logFile?: string;
}): Promise<VictoriaMetricsServer> {
  mkdirSync(join(opts.dir, "vm-data"), { recursive: true });
  const port = opts.port ?? (await freePort());
  const out = opts.logFile ? openSync(opts.logFile, "a") : "ignore";
  const child = spawn(
    "victoria-metrics",
    [
      `-storageDataPath=${join(opts.dir, "vm-data")}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      "-retentionPeriod=1y",
      "-search.latencyOffset=0s",
      "-search.disableCache",
      "-loggerLevel=ERROR",
    ],
    { stdio: ["ignore", out, out] },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health`, { timeoutMs: 60_000, child, what: "VictoriaMetrics" });
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { url, port, pid: child.pid!, stop: () => stopChild(child, 10_000) };
}

/** One line of the Prometheus text exposition format; VictoriaMetrics reads milliseconds. */
export function importLine(series: string, value: number, tsMs: number): string {
  return `${series} ${value} ${tsMs}\n`;
}

/**
 * Loads stepped series the way a user imports history into VictoriaMetrics: the Prometheus
 * text format, with millisecond timestamps, POSTed to /api/v1/import/prometheus a day at a
 * time; then flushes and waits until the last sample of every series can be read.
 */
export async function importStepped(url: string, data: SteppedData): Promise<number> {
  const { startMs, endMs, stepMs, series } = data;
  const values = steppedValues(series, startMs, endMs, stepMs);
  const perRequest = Math.max(1, Math.floor(86_400_000 / stepMs));
  const steps = values[0]?.length ?? 0;
  let samples = 0;
  for (let k0 = 0; k0 < steps; k0 += perRequest) {
    const lines: string[] = [];
    series.forEach((s, i) => {
      for (let k = k0; k < Math.min(steps, k0 + perRequest); k++) {
        lines.push(importLine(s.key, values[i]![k]!, startMs + k * stepMs));
      }
    });
    samples += lines.length;
    const res = await fetch(`${url}/api/v1/import/prometheus`, {
      method: "POST",
      body: lines.join(""),
    });
    if (!res.ok) throw new Error(`VictoriaMetrics import: HTTP ${res.status} ${await res.text()}`);
  }
  await fetch(`${url}/internal/force_flush`);
  await waitForSeries(url, series.length, endMs);
  return samples;
}

/** Polls until `count` series have a sample at `atMs`. */
async function waitForSeries(url: string, count: number, atMs: number): Promise<void> {
  const until = Date.now() + 60_000;
  let seen = -1;
  while (Date.now() < until) {
    const q = new URLSearchParams({
      query: `count(timestamp({__name__=~".+"}) == ${atMs / 1000})`,
      time: String(atMs / 1000),
    });
    const body = (await (await fetch(`${url}/api/v1/query?${q}`)).json()) as {
      data?: { result?: { value: [number, string] }[] };
    };
    seen = Number(body.data?.result?.[0]?.value[1] ?? 0);
    if (seen >= count) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`VictoriaMetrics shows ${seen} of ${count} imported series after 60 s`);
}

/**
 * Evaluates the recording rules of `rulesFile` over [startMs, endMs] with vmalert's replay
 * mode (VictoriaMetrics' own backfill of rules, as promtool's is Prometheus's): vmalert
 * reads from VictoriaMetrics with range queries and writes the recorded series back, each
 * group at multiples of its interval. Alerting rules in the file are replayed too.
 */
export async function replayRecordingRules(opts: {
  url: string;
  rulesFile: string;
  startMs: number;
  endMs: number;
}): Promise<void> {
  run(
    "vmalert",
    [
      `-rule=${basename(opts.rulesFile)}`,
      `-datasource.url=${opts.url}`,
      `-remoteWrite.url=${opts.url}`,
      `-replay.timeFrom=${new Date(opts.startMs).toISOString()}`,
      `-replay.timeTo=${new Date(opts.endMs).toISOString()}`,
      "-replay.disableProgressBar",
      "-replay.rulesDelay=0s",
      "-loggerLevel=ERROR",
    ],
    "vmalert replay",
    dirname(opts.rulesFile),
  );
  await fetch(`${opts.url}/internal/force_flush`);
  // Written once every recorded name is in the label index.
  const names = [...readFileSync(opts.rulesFile, "utf8").matchAll(/record: (\S+)/g)].map(
    (m) => m[1]!,
  );
  const until = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${opts.url}/api/v1/label/__name__/values`);
    const known = new Set(((await res.json()) as { data: string[] }).data);
    if (names.every((n) => known.has(n))) return;
    if (Date.now() > until)
      throw new Error("vmalert replay: recorded series not visible after 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
}
