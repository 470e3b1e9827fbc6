/**
 * Requests from OpenTelemetry spans, end to end on the demo estate (docs/request-data.md):
 * api-gateway's requests arrive only as spans in the exporter's table, checkout's only in
 * the request log, and both route tables read the same. The figures are checked against
 * the demo's model (the counts Prometheus gets too) and against raw SQL on the spans.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClickHouse } from "@/lib/clickhouse/connect";
import type { WorkloadRoutes } from "@/lib/workload/types";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { DEMO_CATALOG, startDemoEstate, type DemoEstate } from "@/scripts/lib/demo-estate";
import { DEMO_TRACES_TABLE } from "@/scripts/demo/seed-clickhouse";
import { launchChromium } from "../support/browser";

let estate: DemoEstate;
let app: AppServer;
let browser: Browser;
/** Two hours of history, whole minutes, ending where the seeding ended. */
let fromMs: number;
let toMs: number;
/** api-gateway's client spans in the range, counted in the raw table. */
let clientSpans = 0;

/** The model's requests of a workload over [fromMs, toMs): what Prometheus counts too. */
function modelRequests(name: string): number {
  const w = estate.estate.workloads.find((x) => x.name === name)!;
  let total = 0;
  for (let m = fromMs / 60_000; m < toMs / 60_000; m++) total += estate.estate.sample(w, m).total;
  return total;
}

beforeAll(async () => {
  estate = await startDemoEstate(1);
  toMs = estate.historyEndMs;
  fromMs = toMs - 2 * 3600_000;
  // Raw SQL on the exporter's table, before the app owns the data directory.
  const ch = connectClickHouse({
    user: "default",
    password: "",
    database: "sightline",
    dataDir: estate.clickhouseDir,
    timeoutMs: 60_000,
  });
  try {
    const rs = await ch.client.query({
      query: `SELECT count() AS n FROM ${DEMO_TRACES_TABLE}
        WHERE ServiceName = 'api-gateway' AND SpanKind = 'Client'
          AND Timestamp >= fromUnixTimestamp64Milli({from:Int64})
          AND Timestamp < fromUnixTimestamp64Milli({to:Int64})`,
      query_params: { from: fromMs, to: toMs },
      format: "JSONEachRow",
    });
    clientSpans = Number((await rs.json<{ n: string }>())[0]!.n);
  } finally {
    await ch.client.close();
  }
  app = await startApp({
    PROMETHEUS_URL: estate.prometheus.url,
    CLICKHOUSE_DATA_DIR: estate.clickhouseDir,
    CATALOG_FILE: DEMO_CATALOG,
    CLICKHOUSE_OTEL_TRACES_TABLE: DEMO_TRACES_TABLE,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await estate?.stop();
});

async function routes(name: string): Promise<WorkloadRoutes> {
  const q = `from=${fromMs / 1000}&to=${toMs / 1000}`;
  const res = await fetch(`${app.url}/api/v1/workloads/${name}/routes?${q}`);
  expect(res.status).toBe(200);
  return (await res.json()) as WorkloadRoutes;
}

describe("route tables from spans and from the request log", () => {
  it("counts every request of a span workload, weighted back from its sampling", async () => {
    const r = await routes("api-gateway");
    expect(r.result.ok).toBe(true);
    const rows = r.result.ok ? r.result.data : [];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.reduce((n, x) => n + x.requests, 0)).toBe(modelRequests("api-gateway"));
    expect(clientSpans).toBeGreaterThan(0);
    expect(r.spans).toEqual({
      state: "ready",
      unattributed: { notServer: clientSpans, noRoute: 0, badStatus: 0, malformed: 0 },
    });
  });

  it("reads the request log's workloads as before, with no span line", async () => {
    const r = await routes("checkout");
    const rows = r.result.ok ? r.result.data : [];
    expect(rows.reduce((n, x) => n + x.requests, 0)).toBe(modelRequests("checkout"));
    expect(r.spans).toBeNull();
  });

  it("shows both route tables alike, and the spans not counted under the gateway's", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    for (const name of ["api-gateway", "checkout"]) {
      await page.goto(`${app.url}/workloads/${name}/24h`);
      await page.waitForSelector('[data-testid="routes"] tbody tr');
      const routesShown = await page.locator('[data-testid="routes"] tbody tr').count();
      expect(routesShown, name).toBeGreaterThan(3);
      const note = page.locator('[data-testid="spans-unattributed"]');
      if (name === "checkout") {
        expect(await note.count()).toBe(0);
      } else {
        await expect(note.textContent()).resolves.toMatch(/not server spans/);
        expect(Number(await note.getAttribute("data-value"))).toBeGreaterThan(clientSpans);
      }
    }
    await page.close();
  });
});
