/**
 * An estate of three services instrumented with real libraries (Python prometheus_client,
 * Node prom-client, the OpenTelemetry JS SDK's Prometheus exporter), scraped every second
 * by a real Prometheus, driven with known traffic whose figures are worked out in
 * ./traffic.ts.
 *
 * Driving, so that Prometheus's increase()/rate() give exact ratios: batch B once, until it
 * has been scraped 3 times; then B k times over, until that has been scraped 3 times; the
 * evaluation time is just after the last of those scrapes. Every series of a service then
 * has first sample / increase = 1/k, and its samples share timestamps (one scrape reads a
 * whole batch or none of it), so increase() extrapolates every series of that service by
 * the same factor (the first sample limits the extrapolation to the start through its
 * "duration to zero", the same for all). Ratios of sums of them (availability, bucket
 * shares, histogram_quantile) come out exact up to float error, over any window from
 * before the first scrape: 1h, 30d.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import {
  ensurePythonClient,
  startOtelService,
  startPromClientService,
  startPythonService,
  type InstrumentedService,
} from "./services";
import { BATCHES, expectedFigures, type ExpectedFigures, type Job } from "./traffic";

export { fetchExposition, PROMETHEUS_ACCEPT, type InstrumentedService } from "./services";
export {
  BATCHES,
  expectedFigures,
  histogramQuantile,
  LATENCY_THRESHOLDS,
  type DrivenRequest,
  type ExpectedFigures,
  type Job,
} from "./traffic";

/** The jobs, which are also the Sightline workload names. */
export const JOBS = {
  python: "py-orders",
  promClient: "node-billing",
  otel: "otel-gateway",
} as const satisfies Record<string, Job>;

/**
 * The Sightline catalog of the estate: grouped by Prometheus's own `job` label, each
 * workload on its library's convention with no metric overrides.
 */
export const CATALOG_YAML = `groupingLabel: job
slos:
  - { indicator: availability, objective: 99 }
  - { indicator: latency, threshold: 1s, objective: 90 }
  - { indicator: latency, threshold: 250ms, objective: 95 }
workloads:
  - { name: ${JOBS.python}, team: orders, convention: prometheus-client }
  - { name: ${JOBS.promClient}, team: billing, convention: prometheus-client }
  - { name: ${JOBS.otel}, team: edge, convention: opentelemetry }
`;

export interface InstrumentedEstate {
  prometheus: PrometheusServer;
  services: InstrumentedService[];
  /** The figures each job's traffic should yield. */
  expected: Record<Job, ExpectedFigures>;
  /** How many times B the second drive records. */
  k: number;
  /** Set by drive(): evaluate here for the expected figures. */
  evalTime: Date | null;
  /** Drives the traffic (B, then k×B) and waits for the scrapes; returns evalTime. */
  drive(): Promise<Date>;
  stop(): Promise<void>;
}

const SCRAPES = 3;
const SCRAPE_TIMEOUT_MS = 1000;

export async function startInstrumentedEstate(
  opts: { k?: number; log?: (s: string) => void } = {},
): Promise<InstrumentedEstate> {
  const log = opts.log ?? (() => {});
  const k = opts.k ?? 9;
  ensurePrometheus(log);
  ensurePythonClient(log);
  const dir = mkdtempSync(join(tmpdir(), "sightline-instrumented-"));
  const services: InstrumentedService[] = [];
  let prometheus: PrometheusServer | undefined;
  const stop = async () => {
    await prometheus?.stop();
    await Promise.all(services.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // One after another, so that a failure stops the ones already started.
    services.push(await startPythonService(JOBS.python));
    services.push(await startPromClientService(JOBS.promClient));
    services.push(await startOtelService(JOBS.otel));
    prometheus = await startPrometheus({
      dir,
      config: prometheusConfig(services),
      logFile: join(dir, "prometheus.log"),
    });
  } catch (e) {
    await stop();
    throw e;
  }
  const server = prometheus;
  const expected = Object.fromEntries(
    services.map((s) => [s.job, expectedFigures(BATCHES[s.job as Job], s.buckets)]),
  ) as Record<Job, ExpectedFigures>;
  const estate: InstrumentedEstate = {
    prometheus: server,
    services,
    expected,
    k,
    evalTime: null,
    async drive() {
      const batch = (s: InstrumentedService) => BATCHES[s.job as Job];
      await Promise.all(services.map((s) => s.record(batch(s), 1)));
      await waitForScrapes(server.url, services, (s) => batch(s).length);
      await Promise.all(services.map((s) => s.record(batch(s), k)));
      const last = await waitForScrapes(server.url, services, (s) => (k + 1) * batch(s).length);
      estate.evalTime = await settledEvalTime(last);
      return estate.evalTime;
    },
    stop,
  };
  return estate;
}

function prometheusConfig(services: InstrumentedService[]): string {
  const jobs = services.map(
    (s) => `  - job_name: ${s.job}
    static_configs:
      - targets: ["${s.target}"]`,
  );
  return `global:
  scrape_interval: 1s
  scrape_timeout: ${SCRAPE_TIMEOUT_MS / 1000}s
scrape_configs:
${jobs.join("\n")}
`;
}

/** Prometheus's HTTP API, read directly: the harness does not lean on Sightline's client. */
export async function promApi<T>(url: string, query: string, time?: Date): Promise<T> {
  const params = new URLSearchParams({ query });
  if (time) params.set("time", String(time.getTime() / 1000));
  const res = await fetch(`${url}/api/v1/query?${params}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== "success") throw new Error(`${query}: ${body.error ?? res.status}`);
  return body.data;
}

interface MatrixData {
  resultType: "matrix";
  result: { metric: Record<string, string>; values: [number, string][] }[];
}

/** One job's scrapes of its count metric over the last minute: total recorded per scrape (ms). */
async function scrapeTotals(url: string, s: InstrumentedService): Promise<Map<number, number>> {
  const data = await promApi<MatrixData>(url, `${s.countMetric}{job="${s.job}"}[1m]`);
  const totals = new Map<number, number>();
  for (const series of data.result) {
    for (const [ts, v] of series.values) {
      const ms = Math.round(ts * 1000);
      totals.set(ms, (totals.get(ms) ?? 0) + Number(v));
    }
  }
  return totals;
}

/**
 * Waits until Prometheus has scraped every service at least SCRAPES times with `total`
 * requests recorded; returns each job's scrape timestamps (ms) with that total.
 */
async function waitForScrapes(
  url: string,
  services: InstrumentedService[],
  total: (s: InstrumentedService) => number,
  timeoutMs = 30_000,
): Promise<Map<string, number[]>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const seen = new Map<string, number[]>();
    for (const s of services) {
      const totals = await scrapeTotals(url, s);
      seen.set(
        s.job,
        [...totals].filter(([, v]) => v === total(s)).map(([ts]) => ts),
      );
    }
    if ([...seen.values()].every((ts) => ts.length >= SCRAPES)) return seen;
    if (Date.now() > until) {
      const counts = [...seen].map(([job, ts]) => `${job}: ${ts.length}`).join(", ");
      throw new Error(`not scraped ${SCRAPES} times within ${timeoutMs} ms (${counts})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A time just after every job's latest scrape. A scrape is stamped when it starts and
 * stored when it ends, within the 1 s scrape timeout: past that, nothing stamped before
 * the evaluation time can still arrive, and every query at it reads the same samples.
 */
async function settledEvalTime(scrapes: Map<string, number[]>): Promise<Date> {
  const at = Math.max(...[...scrapes.values()].flat()) + 1;
  const wait = at + SCRAPE_TIMEOUT_MS + 200 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  return new Date(at);
}
