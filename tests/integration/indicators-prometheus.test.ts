import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import { createPrometheusClient, type PrometheusClient } from "@/lib/prometheus/client";
import { INDICATORS, type Indicator } from "@/lib/prometheus/indicators";
import { loadIndicatorPanel } from "@/lib/overview/panels";
import { discoverCatalog, type CatalogCheck } from "@/lib/prometheus/discovery";
import { EXPECTED } from "../support/known-data";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";
import { expectClose } from "../support/compare";

let prom: KnownPrometheus;
let client: PrometheusClient;
let catalog: Catalog;

beforeAll(async () => {
  prom = await startKnownPrometheus();
  client = createPrometheusClient({ url: prom.url, headers: {}, timeoutMs: 10_000 });
  catalog = parseCatalog(readFileSync("tests/fixtures/catalog.yaml", "utf8"), "catalog.yaml");
});
afterAll(() => prom?.cleanup());

/** The same figure, asked of Prometheus one workload at a time and phrased differently. */
function independentQuery(ind: Indicator, workload: string, w: string): string {
  const sel = (metric: string, extra = "") =>
    `${metric}{workload="${workload}"${workload === "gamma" ? ',namespace="prod"' : ""}${extra}}`;
  const otel = workload === "beta";
  const req = otel ? "http_server_request_duration_seconds_count" : "http_requests_total";
  const code = otel ? "http_response_status_code" : "status";
  const hist = otel
    ? "http_server_request_duration_seconds_bucket"
    : "http_request_duration_seconds_bucket";
  switch (ind) {
    case "availability":
      return `sum(increase(${sel(req, `,${code}!~"5.."`)}[${w}])) / sum(increase(${sel(req)}[${w}]))`;
    case "p95":
    case "p99":
      return `histogram_quantile(${ind === "p95" ? 0.95 : 0.99}, sum by (le) (increase(${sel(hist)}[${w}])))`;
    case "cacheHitRate":
      return `sum(increase(${sel("cache_requests_total", ',result="hit"')}[${w}])) / (sum(increase(${sel("cache_requests_total", ',result="hit"')}[${w}])) + sum(increase(${sel("cache_requests_total", ',result="miss"')}[${w}])))`;
    case "poolUtilization":
      return `avg_over_time(${sel("db_pool_connections_in_use")}[${w}]) / avg_over_time(${sel("db_pool_connections_max")}[${w}])`;
  }
}

/** Error ratios are compared (1 − availability): the part that carries the information. */
function comparable(ind: Indicator, v: number): number {
  return ind === "availability" ? 1 - v : v;
}

const close = (actual: number, expected: number, relative: number, what: string) =>
  expectClose(actual, expected, what, { relative });

describe.each(["1h", "30d"] as const)("overview indicators over %s on known data", (range) => {
  it("equal the hand-worked answers and direct PromQL, workload by workload", async () => {
    const time = new Date(prom.endMs);
    const panel = await loadIndicatorPanel(client, catalog, range, time);
    if (!panel.ok) throw new Error(panel.error.message);
    expect(panel.data.rows.map((r) => r.workload)).toEqual(["alpha", "beta", "gamma", "delta"]);
    let compared = 0;
    for (const row of panel.data.rows) {
      const expected = EXPECTED[range][row.workload as keyof (typeof EXPECTED)["1h"]];
      for (const ind of INDICATORS) {
        const got = row.values[ind];
        const want = expected[ind];
        const what = `${row.workload} ${ind} ${range}`;
        if (want === null) {
          expect(got, what).toBeNull();
          continue;
        }
        expect(got, what).not.toBeNull();
        close(comparable(ind, got!), comparable(ind, want), 1e-3, `${what} (hand-worked)`);
        const direct = await client.instant(
          "test",
          independentQuery(ind, row.workload, range),
          time,
        );
        expect(direct, what).toHaveLength(1);
        close(
          comparable(ind, got!),
          comparable(ind, direct[0]!.value),
          1e-9,
          `${what} (direct PromQL)`,
        );
        compared++;
      }
    }
    expect(compared).toBe(12); // alpha 5 + beta 4 + gamma 3 figures
  });
});

describe("a Prometheus that fails", () => {
  it("gives a panel error naming Prometheus when nothing listens", async () => {
    const down = createPrometheusClient({
      url: "http://127.0.0.1:1",
      headers: {},
      timeoutMs: 2000,
    });
    const panel = await loadIndicatorPanel(down, catalog, "1h", new Date());
    expect(panel.ok).toBe(false);
    if (!panel.ok) {
      expect(panel.error.source).toBe("Prometheus");
      expect(panel.error.message).toMatch(/ECONNREFUSED|connect/);
    }
  });

  it("gives a panel error within the deadline when the server never answers", async () => {
    const { createServer } = await import("node:net");
    const sockets: import("node:net").Socket[] = [];
    const blackhole = createServer((s) => sockets.push(s)); // accepts, never answers
    await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
    const port = (blackhole.address() as import("node:net").AddressInfo).port;
    const slow = createPrometheusClient({
      url: `http://127.0.0.1:${port}`,
      headers: {},
      timeoutMs: 800,
    });
    const started = Date.now();
    const panel = await loadIndicatorPanel(slow, catalog, "1h", new Date());
    const elapsed = Date.now() - started;
    sockets.forEach((s) => s.destroy());
    blackhole.close();
    expect(panel.ok).toBe(false);
    if (!panel.ok) expect(panel.error.message).toMatch(/no answer within 800 ms/);
    expect(elapsed).toBeLessThan(5000);
  });

  it("sends basic auth and tenant headers that a Mimir-style gateway requires", async () => {
    const { createServer } = await import("node:http");
    const seen: Record<string, string | undefined> = {};
    const gateway = createServer((req, res) => {
      seen.auth = req.headers.authorization;
      seen.tenant = req.headers["x-scope-orgid"] as string | undefined;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } }));
    });
    await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
    const port = (gateway.address() as import("node:net").AddressInfo).port;
    const c = createPrometheusClient({
      url: `http://127.0.0.1:${port}`,
      user: "sre",
      password: "s3cret",
      headers: { "X-Scope-OrgID": "tenant-1" },
      timeoutMs: 2000,
    });
    await c.instant("auth", "up", new Date());
    gateway.close();
    expect(seen.auth).toBe(`Basic ${Buffer.from("sre:s3cret").toString("base64")}`);
    expect(seen.tenant).toBe("tenant-1");
  });
});

// The catalog check: which names each workload's series carry, and why a figure is missing.
const states = (r: CatalogCheck, workload: string) =>
  Object.fromEntries(
    r.workloads.find((w) => w.workload === workload)!.metrics.map((m) => [m.role, m.state]),
  );

describe("the catalog check", () => {
  it("reports the names each workload's series carry, and what is missing", async () => {
    const { report } = await discoverCatalog(client, catalog, new Date(prom.endMs));
    expect(report.ok).toBe(true);
    expect(states(report, "alpha")).toEqual({
      requests: "found",
      latency: "found",
      cache: "found",
      poolInUse: "found",
      poolMax: "found",
    });
    // beta is OpenTelemetry, written with the unit suffix: the first spelling, and only it.
    const beta = report.workloads.find((w) => w.workload === "beta")!;
    expect(beta.metrics.find((m) => m.role === "latency")!.name).toBe(
      "http_server_request_duration_seconds_bucket",
    );
    expect(beta.otherForms).toEqual([]);
    expect(states(report, "beta").cache).toBe("missing");
    // delta has no series at all: every name missing, and the check says so.
    const delta = report.workloads.find((w) => w.workload === "delta")!;
    expect(delta.metrics.every((m) => m.state === "missing")).toBe(true);
    expect(delta.fix).toEqual(['no series has workload="delta": check the name and groupingLabel']);
  });

  it("tells no traffic in the window from no series matched", async () => {
    // Two hours after the data ends: alpha's series exist (in the 30-day lookback) but
    // had no traffic in the last hour; delta has no series at all.
    const time = new Date(prom.endMs + 2 * 3_600_000);
    const { catalog: resolved, report } = await discoverCatalog(client, catalog, time);
    expect(states(report, "alpha").requests).toBe("stale");
    const panel = await loadIndicatorPanel(client, resolved, "1h", time, report);
    expect(panel.ok).toBe(true);
    if (!panel.ok) return;
    const row = (w: string) => panel.data.rows.find((r) => r.workload === w)!;
    expect(row("alpha").values.availability).toBeNull();
    expect(row("alpha").why?.availability).toBe("no traffic in this window");
    expect(row("alpha").why?.poolUtilization).toBe("no samples in this window");
    // The row names the workload: the reason gives the metric and any matchers of its own.
    expect(row("delta").why?.availability).toBe("no series matched http_requests_total");
    expect(row("delta").why?.p95).toBe("no series matched http_request_duration_seconds_bucket");
    expect(row("gamma").why?.cacheHitRate).toBe(
      'no series matched cache_requests_total{namespace="prod"}',
    );
    // beta's series exist, but none of a cache.
    expect(row("beta").why?.cacheHitRate).toBe("no series matched cache_requests_total");
  });
});
