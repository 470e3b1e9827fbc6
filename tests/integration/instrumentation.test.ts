/**
 * Real instrumentation, not hand-written exposition: three services instrumented with
 * Python prometheus_client, Node prom-client and the OpenTelemetry JS SDK's Prometheus
 * exporter serve known traffic to a real Prometheus; Sightline's figures from those
 * scrapes equal the figures the traffic was driven with.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverCatalog } from "@/lib/prometheus/discovery";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import { createPrometheusClient, type PrometheusClient } from "@/lib/prometheus/client";
import { fetchIndicators } from "@/lib/prometheus/indicators";
import { fetchSloStatuses } from "@/lib/slo/evaluate";
import {
  BATCHES,
  CATALOG_YAML,
  fetchExposition,
  JOBS,
  LATENCY_THRESHOLDS,
  promApi,
  startInstrumentedEstate,
  type InstrumentedEstate,
  type DrivenRequest,
  type InstrumentedService,
  type Job,
} from "../support/instrumented";

let estate: InstrumentedEstate;
let prom: PrometheusClient;
let catalog: Catalog;
let time: Date;

beforeAll(async () => {
  estate = await startInstrumentedEstate({ log: console.log });
  time = await estate.drive();
  prom = createPrometheusClient({ url: estate.prometheus.url, headers: {}, timeoutMs: 20_000 });
  catalog = parseCatalog(CATALOG_YAML, "instrumented-catalog.yaml");
});
afterAll(() => estate?.stop());

/**
 * Relative 1e-9: the driving (B, then k×B, each scraped 3 times) makes Prometheus's
 * extrapolation scale every series of a job by the same factor, so ratios are exact up to
 * float error; anything else (a wrong bucket, a missed series, a 5xx miscounted) is off by
 * far more.
 */
function close(actual: number | null | undefined, expected: number, what: string) {
  expect(actual, what).not.toBeNull();
  expect(actual, what).toBeDefined();
  const scale = Math.max(Math.abs(expected), 1e-12);
  expect(
    Math.abs(actual! - expected) / scale,
    `${what}: ${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(1e-9);
}

const service = (job: Job) => estate.services.find((s) => s.job === job)!;
const slo = (threshold: number) =>
  `latency-${threshold < 1 ? `${threshold * 1000}ms` : `${threshold}s`}`;

describe("each library's own exposition", () => {
  const lines = (text: string, re: RegExp) => text.split("\n").filter((l) => re.test(l));
  /** How many requests of a job's traffic so far match. */
  const driven = (job: Job, match: (r: DrivenRequest) => boolean) =>
    BATCHES[job].filter(match).length * (estate.k + 1);

  it("Python prometheus_client: http_requests_total, le spelled as Python floats", async () => {
    const job = JOBS.python;
    const text = await fetchExposition(service(job));
    // Prometheus asks for OpenMetrics first, and prometheus_client answers with it.
    expect(text.trimEnd().endsWith("# EOF")).toBe(true);
    expect(text).toMatch(/^# TYPE http_requests counter$/m);
    const errors = driven(job, (r) => r.method === "POST" && r.status === 500);
    expect(lines(text, /^http_requests_total\{method="POST",status="500"\}/)).toEqual([
      `http_requests_total{method="POST",status="500"} ${errors}.0`,
    ]);
    const get = (t: number) =>
      driven(job, (r) => r.method === "GET" && r.route === "/orders/{id}" && r.latency <= t);
    expect(
      lines(
        text,
        /^http_request_duration_seconds_bucket\{le="(1\.0|5\.0)",method="GET",route="\/orders\/\{id\}"\}/,
      ),
    ).toEqual([
      `http_request_duration_seconds_bucket{le="1.0",method="GET",route="/orders/{id}"} ${get(1)}.0`,
      `http_request_duration_seconds_bucket{le="5.0",method="GET",route="/orders/{id}"} ${get(5)}.0`,
    ]);
  });

  it("prom-client: http_requests_total, le spelled as JavaScript numbers", async () => {
    const job = JOBS.promClient;
    const text = await fetchExposition(service(job));
    const errors = driven(job, (r) => r.method === "POST" && r.status === 502);
    expect(lines(text, /^http_requests_total\{method="POST",status="502"\}/)).toEqual([
      `http_requests_total{method="POST",status="502"} ${errors}`,
    ]);
    const charges = (t: number) =>
      driven(job, (r) => r.method === "POST" && r.route === "/charges" && r.latency <= t);
    expect(
      lines(
        text,
        /^http_request_duration_seconds_bucket\{le="(1|5)",method="POST",route="\/charges"\}/,
      ),
    ).toEqual([
      `http_request_duration_seconds_bucket{le="1",method="POST",route="/charges"} ${charges(1)}`,
      `http_request_duration_seconds_bucket{le="5",method="POST",route="/charges"} ${charges(5)}`,
    ]);
  });

  it("OpenTelemetry exporter: the instrument's name without a unit suffix, scope labels, target_info", async () => {
    const job = JOBS.otel;
    const text = await fetchExposition(service(job));
    expect(text).toMatch(/^target_info\{.*service_name="otel-gateway".*\} 1$/m);
    expect(text).toMatch(/^# UNIT http_server_request_duration s$/m);
    expect(text).toMatch(/^# TYPE http_server_request_duration histogram$/m);
    expect(text).not.toMatch(/http_server_request_duration_seconds/);
    const failed = (t: number) => driven(job, (r) => r.status === 503 && r.latency <= t);
    const labels =
      'http_request_method="POST",url_scheme="http",network_protocol_version="1.1",' +
      'http_route="/api/orders",http_response_status_code="503",' +
      'otel_scope_name="@opentelemetry/instrumentation-http",otel_scope_version="0.223.0"';
    expect(
      lines(
        text,
        /^http_server_request_duration_bucket\{.*http_response_status_code="503".*le="(1|2\.5)"\}/,
      ),
    ).toEqual([
      `http_server_request_duration_bucket{${labels},le="1"} ${failed(1)}`,
      `http_server_request_duration_bucket{${labels},le="2.5"} ${failed(2.5)}`,
    ]);
  });

  it("reaches Prometheus with the libraries' le spellings", async () => {
    const les = async (s: InstrumentedService) => {
      const data = await promApi<{ result: { metric: { le: string } }[] }>(
        estate.prometheus.url,
        `count by (le) (${s.exposed.histogram}_bucket{job="${s.job}"})`,
        time,
      );
      return data.result.map((r) => r.metric.le);
    };
    expect(await les(service(JOBS.python))).toContain("1.0");
    expect(await les(service(JOBS.python))).not.toContain("1");
    expect(await les(service(JOBS.promClient))).toContain("1");
    expect(await les(service(JOBS.otel))).toContain("1");
  });
});

/** The figures asked of Prometheus in PromQL written by hand from each library's names. */
async function handWritten(s: InstrumentedService) {
  const { requests, errors, histogram, le } = s.exposed;
  const job = `job="${s.job}"`;
  const one = async (q: string) => {
    const data = await promApi<{ result: { value: [number, string] }[] }>(
      estate.prometheus.url,
      q,
      time,
    );
    expect(data.result, q).toHaveLength(1);
    return Number(data.result[0]!.value[1]);
  };
  const inc = (sel: string) => `sum(increase(${sel}[30d]))`;
  const quantile = (q: number) =>
    one(`histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket{${job}}[1h])))`);
  return {
    availability: await one(
      `1 - ${inc(`${requests}{${job},${errors}}`)} / ${inc(`${requests}{${job}}`)}`,
    ),
    p95: await quantile(0.95),
    p99: await quantile(0.99),
    latency: new Map(
      await Promise.all(
        LATENCY_THRESHOLDS.map(
          async (t) =>
            [
              t,
              await one(
                `${inc(`${histogram}_bucket{${job},le="${le(t)}"}`)} / ${inc(`${histogram}_count{${job}}`)}`,
              ),
            ] as const,
        ),
      ),
    ),
  };
}

describe("the driven traffic, read with hand-written PromQL", () => {
  it.each(Object.values(JOBS))("%s: equals the figures it was driven with", async (job) => {
    const want = estate.expected[job];
    const got = await handWritten(service(job));
    close(got.availability, want.availability, `${job} availability`);
    close(got.p95, want.p95, `${job} p95`);
    close(got.p99, want.p99, `${job} p99`);
    for (const t of LATENCY_THRESHOLDS) {
      close(got.latency.get(t), want.latency.get(t)!, `${job} share ≤ ${t} s`);
    }
  });
});

describe("Sightline on the discovered catalog", () => {
  let resolved: Catalog;
  beforeAll(async () => {
    ({ catalog: resolved } = await discoverCatalog(prom, catalog, time));
  });

  it("resolves each workload to the names its library wrote", () => {
    for (const job of Object.values(JOBS)) {
      const { exposed } = service(job);
      const c = resolved.workloads.find((w) => w.name === job)!.convention;
      expect({ requests: c.requests, latency: c.latency }, job).toEqual({
        requests: exposed.requests,
        latency: exposed.histogram,
      });
    }
  });

  it("reads availability, p95 and p99 equal to the driven traffic's", async () => {
    const indicators = await fetchIndicators(prom, resolved, "1h", time);
    for (const job of Object.values(JOBS)) {
      const want = estate.expected[job];
      const got = indicators.get(job);
      close(got?.availability, want.availability, `${job} availability`);
      close(got?.p95, want.p95, `${job} p95`);
      close(got?.p99, want.p99, `${job} p99`);
    }
  });

  it("reads availability and latency SLIs equal to the driven traffic's", async () => {
    const all = await fetchSloStatuses(prom, resolved, time, "raw");
    for (const job of Object.values(JOBS)) {
      const want = estate.expected[job];
      const slos = all.find((w) => w.workload === job)!.slos;
      const byName = (name: string) => slos.find((s) => s.name === name)!;
      const availability = byName("availability");
      expect(availability.problem, `${job} availability`).toBeUndefined();
      close(availability.sli, want.availability, `${job} availability SLI`);
      expect(availability.events?.total, `${job} events`).toBeGreaterThan(0);
      for (const t of LATENCY_THRESHOLDS) {
        const s = byName(slo(t));
        expect(s.problem, `${job} ${s.name}`).toBeUndefined();
        close(s.sli, want.latency.get(t)!, `${job} ${s.name} SLI`);
      }
    }
  });
});
