/**
 * Sightline behind what Thanos Query and Mimir put in front of Prometheus: a tenant header
 * on every request, `warnings` on answers (partial responses), and the 11,000-points limit
 * of range queries. The data always comes from a real Prometheus holding the known data.
 */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import { settle } from "@/lib/errors/data-source-error";
import { createPrometheusClient, type PrometheusClient } from "@/lib/prometheus/client";
import { discoverCatalog } from "@/lib/prometheus/discovery";
import { loadIndicatorPanel } from "@/lib/overview/panels";
import { fetchSloStatuses } from "@/lib/slo/evaluate";
import { settleSloMath } from "@/lib/slo";
import { currentPresetRange, MAX_POINTS_PER_SERIES } from "@/lib/time/step";
import { fetchWorkloadCharts } from "@/lib/workload/charts";
import { EXPECTED } from "../support/known-data";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";
import { startQueryGateway, type QueryGateway } from "../support/query-gateway";

const TENANT = "team-a";
const PARTIAL = "partial response: store 127.0.0.1:10901 (sidecar eu-1) unavailable";

let prom: KnownPrometheus;
let gw: QueryGateway;
let client: PrometheusClient;
let catalog: Catalog;

beforeAll(async () => {
  prom = await startKnownPrometheus();
  gw = await startQueryGateway(prom.url, { tenant: TENANT });
  client = createPrometheusClient({
    url: gw.url,
    headers: { "X-Scope-OrgID": TENANT },
    timeoutMs: 20_000,
  });
  catalog = parseCatalog(readFileSync("tests/fixtures/catalog.yaml", "utf8"), "catalog.yaml");
});
afterAll(async () => {
  await gw?.close();
  await prom?.cleanup();
});
afterEach(() => {
  gw.warnings = [];
  vi.unstubAllEnvs();
});

describe("a tenant header", () => {
  it("goes with every kind of request, from PROMETHEUS_HEADERS, at every deadline", async () => {
    vi.stubEnv("PROMETHEUS_URL", gw.url);
    vi.stubEnv("PROMETHEUS_HEADERS", `X-Scope-OrgID: ${TENANT}; X-Dashboard: sightline`);
    vi.resetModules();
    const { getPrometheus } = await import("@/lib/prometheus");
    const time = new Date(prom.endMs);
    gw.seen.length = 0;
    // The page deadline and the cost sync's: two clients, one configuration.
    const pages = getPrometheus();
    const sync = getPrometheus(120_000);
    expect(sync).not.toBe(pages);
    const panel = await loadIndicatorPanel(pages, catalog, "1h", time);
    expect(panel.ok && panel.data.rows[0]!.values.availability).toBe(
      EXPECTED["1h"].alpha.availability,
    );
    await discoverCatalog(pages, catalog, time);
    await sync.range("t", "up", new Date(prom.endMs - 3_600_000), time, 60);
    await pages.alerts("t");
    const paths = new Set(gw.seen.map((r) => r.path));
    for (const p of ["/api/v1/query", "/api/v1/query_range", "/api/v1/alerts"]) {
      expect(paths).toContain(p);
    }
    expect([...paths].some((p) => p.startsWith("/api/v1/label/"))).toBe(true);
    for (const r of gw.seen) {
      expect(r.headers["x-scope-orgid"], r.path).toBe(TENANT);
      expect(r.headers["x-dashboard"], r.path).toBe("sightline");
    }
  });

  it("missing, makes the panel an error naming the source and the gateway's answer", async () => {
    const anonymous = createPrometheusClient({ url: gw.url, headers: {}, timeoutMs: 5_000 });
    const panel = await loadIndicatorPanel(anonymous, catalog, "1h", new Date(prom.endMs));
    expect(panel.ok).toBe(false);
    if (!panel.ok) {
      expect(panel.error.source).toBe("Prometheus");
      expect(panel.error.message).toContain("HTTP 401: no org id");
    }
  });
});

describe("warnings on an answer", () => {
  it("are shown on the panel whose figures came from it, figures kept", async () => {
    gw.warnings = [PARTIAL];
    const panel = await loadIndicatorPanel(client, catalog, "1h", new Date(prom.endMs));
    if (!panel.ok) throw new Error(panel.error.message);
    expect(panel.data.rows[0]!.values.availability).toBe(EXPECTED["1h"].alpha.availability);
    expect(panel.warnings).toEqual([
      { source: "Prometheus", tag: expect.stringMatching(/^indicators/), message: PARTIAL },
    ]);
    gw.warnings = [];
    const clean = await loadIndicatorPanel(client, catalog, "1h", new Date(prom.endMs));
    expect(clean.ok && clean.warnings).toBeUndefined();
  });

  it("are never used for SLO math: the SLO panel is an error that says why", async () => {
    const time = new Date(prom.endMs);
    gw.warnings = [PARTIAL];
    const refused = await settleSloMath(() => fetchSloStatuses(client, catalog, time, "raw"));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.source).toBe("Prometheus");
      expect(refused.error.message).toContain(`answer may be incomplete: ${PARTIAL}`);
    }
    gw.warnings = [];
    const whole = await settleSloMath(() => fetchSloStatuses(client, catalog, time, "raw"));
    expect(whole.ok).toBe(true);
    expect(whole.ok && whole.warnings).toBeUndefined();
  });

  it("reach every chart that reads a shared answer", async () => {
    gw.warnings = [PARTIAL];
    const alpha = catalog.workloads.find((w) => w.name === "alpha")!;
    const range = currentPresetRange("1h", prom.endMs);
    const { charts, scaling } = await fetchWorkloadCharts(client, catalog, alpha, range);
    const replicas = charts.find((c) => c.key === "replicas")!.result;
    const errors = charts.find((c) => c.key === "errorRatio")!.result;
    // The replicas answer is read by its chart and by the scaling markers: both say so.
    for (const r of [replicas, scaling, errors]) {
      expect(r.ok && r.warnings?.map((w) => w.message)).toEqual([PARTIAL]);
    }
  });

  it("are kept apart per panel: a panel that read no warned answer has none", async () => {
    gw.warnings = [PARTIAL];
    const warned = await settle(() => client.instant("warned", "up", new Date(prom.endMs)));
    gw.warnings = [];
    const clean = await settle(() => client.instant("clean", "up", new Date(prom.endMs)));
    expect(warned.ok && warned.warnings?.[0]?.tag).toBe("warned");
    expect(clean.ok && clean.warnings).toBeUndefined();
  });
});

describe("a range query's step", () => {
  it("keeps within 11,000 points where Prometheus refuses the step asked for", async () => {
    const end = new Date(prom.endMs);
    const start = new Date(prom.endMs - 30 * 86_400_000);
    const q = 'sum(rate(http_requests_total{workload="alpha"}[10m]))';
    // Prometheus itself refuses 30 days at 15 s (172,800 points).
    const form = new URLSearchParams({
      query: q,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: "15",
    });
    const refused = await fetch(`${prom.url}/api/v1/query_range`, { method: "POST", body: form });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/11,000 points/);
    gw.seen.length = 0;
    const [series] = await client.range("t", q, start, end, 15);
    expect(gw.seen.at(-1)!.params.get("step")).toBe("236");
    expect(series!.points.length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES + 1);
    expect(series!.points.length).toBeGreaterThan(10_000);
    expect(series!.points.at(-1)![1]).toBeCloseTo(10, 9); // 3000 requests per 5 minutes
  });
});
