/**
 * /cost, /api/v1/cost and the workload page's Cost and capacity section on the demo
 * estate, in Chromium. The cost rows are read back independently: before the app owns the
 * embedded data directory, the test sums each workload's hourly cost and its request log
 * per hour itself, and every cost per 1M requests the API answers is checked against them.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { selectRows } from "@/lib/clickhouse/connect";
import type { StaleSummary } from "@/lib/cache/stale";
import type { CostResponse } from "@/lib/cost/api-shape";
import type { WorkloadSeries } from "@/lib/workload/types";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { DEMO_CATALOG, startDemoEstate, type DemoEstate } from "@/scripts/lib/demo-estate";
import { jsFirstLoad } from "@/scripts/bench/app-measure";
import { launchChromium } from "../support/browser";
import { csvObjects } from "../support/csv";
import { openEmbedded } from "../support/clickhouse";

const SHOTS = "test-results/screenshots";
const H = 3_600_000;
/** 7 days and the 7 before them: the 7-day preset's change has a whole previous period. */
const DAYS = 15;

let estate: DemoEstate;
let app: AppServer;
let browser: Browser;
let frozen = false;
/** workload → hour (unix ms) → cost, and requests from the raw request log. */
const costByHour = new Map<string, Map<number, number>>();
const requestsByHour = new Map<string, Map<number, number>>();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  estate = await startDemoEstate(DAYS);
  // Read the rows independently, straight from the tables the sync (here the seeder)
  // writes, while no one else has the embedded data directory open.
  const ch = openEmbedded(estate.clickhouseDir);
  try {
    const cost = await selectRows(ch, {
      tag: "test:cost",
      query: `SELECT workload, toUnixTimestamp(hour) AS h, argMax(cost_usd, synced_at) AS cost
        FROM {db}.workload_cost_hourly GROUP BY workload, hour`,
      row: z.object({ workload: z.string(), h: z.number(), cost: z.number() }),
    });
    for (const r of cost) {
      const m = costByHour.get(r.workload) ?? new Map<number, number>();
      m.set(r.h * 1000, r.cost);
      costByHour.set(r.workload, m);
    }
    const requests = await selectRows(ch, {
      tag: "test:requests",
      query: `SELECT workload, toUnixTimestamp(toStartOfHour(ts)) AS h, sum(sample_weight) AS n
        FROM {db}.request_log GROUP BY workload, h`,
      row: z.object({ workload: z.string(), h: z.number(), n: z.number() }),
    });
    for (const r of requests) {
      const m = requestsByHour.get(r.workload) ?? new Map<number, number>();
      m.set(r.h * 1000, r.n);
      requestsByHour.set(r.workload, m);
    }
  } finally {
    await ch.client.close();
  }
  app = await startApp({
    PROMETHEUS_URL: estate.prometheus.url,
    CLICKHOUSE_DATA_DIR: estate.clickhouseDir,
    CATALOG_FILE: DEMO_CATALOG,
    REVALIDATE_SECONDS: "5",
    // The rows stay those read above: no sync rewrites them during the test.
    COST_SYNC_INTERVAL_MINUTES: "0",
    PROMETHEUS_TIMEOUT_MS: "3000",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  if (frozen) process.kill(estate.prometheus.pid, "SIGCONT");
  await browser?.close();
  await app?.stop();
  await estate?.stop();
});

/** A workload's cost, requests (in its hours with cost) and cost per 1M over [from, to). */
function independent(workload: string, fromMs: number, toMs: number) {
  let cost = 0;
  let requests = 0;
  let hours = 0;
  for (const [h, c] of costByHour.get(workload) ?? []) {
    if (h < fromMs || h >= toMs) continue;
    cost += c;
    hours++;
    requests += requestsByHour.get(workload)?.get(h) ?? 0;
  }
  return { cost, requests, hours, perMillion: requests > 0 ? (cost / requests) * 1e6 : null };
}

const close = (actual: number | null, expected: number | null, what: string) => {
  expect(actual === null, `${what}: null`).toBe(expected === null);
  if (actual !== null && expected !== null) {
    expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(expected)),
    );
  }
};

async function open(page: Page, path: string) {
  const res = await page.goto(`${app.url}${path}`);
  expect(res!.status()).toBe(200);
  await page
    .waitForSelector('[data-testid="cost-table"] tbody tr', { timeout: 60_000 })
    .catch(async (e: Error) => {
      throw new Error(`${e.message}\npage: ${await page.textContent("main")}`);
    });
}

type CostAnswer = CostResponse & { stale?: StaleSummary };

async function api(query: string): Promise<CostAnswer> {
  const res = await fetch(`${app.url}/api/v1/cost?${query}`);
  expect(res.status, query).toBe(200);
  return (await res.json()) as CostAnswer;
}

const names = () => estate.catalog.workloads.map((w) => w.name);
/**
 * The workloads with cost rows: the cost sync prices pods from the cluster's series, so only
 * the catalog's workloads mapped to Kubernetes have any (`kubernetes: false`, the demo's
 * sightline, has none: docs/own-metrics.md). The cost tables, the scatter's points and the
 * stacked areas hold these; the performance rows hold every workload.
 */
const costed = () => estate.catalog.workloads.filter((w) => w.kubernetes.ok).map((w) => w.name);

describe("/cost in Chromium", () => {
  it("shows every workload and team, cost over time stacked, and cost versus performance", async () => {
    const bare = await fetch(`${app.url}/cost`, { redirect: "manual" });
    expect([307, 308]).toContain(bare.status);
    expect(bare.headers.get("location")).toMatch(/\/cost\/30d$/);
    expect((await fetch(`${app.url}/cost/1y`)).status).toBe(404);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await open(page, "/cost/7d");
    const panelErrors = await page.locator('[data-testid="panel-error"]').allTextContents();
    expect(panelErrors).toEqual([]);
    const keys = () =>
      page.$$eval('[data-testid^="cost-table-"] tbody tr', (rows) =>
        rows.map((r) => r.getAttribute("data-key")),
      );
    expect((await keys()).sort()).toEqual([...costed(), "total"].sort());
    // Every workload with cost rows is a point of the scatter, named beside it.
    const scatter = page.locator('[data-testid="cost-scatter"]');
    await scatter.scrollIntoViewIfNeeded();
    await scatter.locator("g[data-workload]").first().waitFor({ timeout: 30_000 });
    expect(
      (
        await scatter
          .locator("g[data-workload]")
          .evaluateAll((gs) => gs.map((g) => g.getAttribute("data-workload")))
      ).sort(),
    ).toEqual(costed().sort());
    expect(await scatter.textContent()).toContain("expensive and slow");
    expect(await scatter.textContent()).toContain("cheap and fine");
    // Cost over time: one stacked area per workload with cost rows.
    const overTime = page.locator('[data-testid="cost-over-time"]');
    await overTime.scrollIntoViewIfNeeded();
    await overTime.locator(".recharts-area").first().waitFor({ timeout: 30_000 });
    expect(await overTime.locator(".recharts-area").count()).toBe(costed().length);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, "cost.png"), fullPage: true });
    expect(errors).toEqual([]); // no hydration mismatch, no render error

    // By team: one row per team with cost rows, a stacked area each.
    await page.getByRole("button", { name: "By team" }).click();
    const teams = [
      ...new Set(estate.catalog.workloads.filter((w) => w.kubernetes.ok).map((w) => w.team)),
    ];
    expect((await keys()).sort()).toEqual([...teams, "total"].sort());
    await overTime.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('[data-testid="cost-over-time"] .recharts-area').length === n,
      teams.length,
    );
    await page.close();
  });

  it("draws the API's points, and its table view lists the same numbers", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await open(page, "/cost/7d");
    const at = await page.getAttribute('[data-testid="data-age"]', "data-evaluated-at");
    const body = await api(`range=7d&time=${encodeURIComponent(at!)}`);
    expect(body.evaluatedAt).toBe(at);
    expect(body.errors).toEqual([]);
    const points = body.performance!.points;
    expect(points.map((p) => p.workload)).toEqual(names());

    const scatter = page.locator('[data-testid="cost-scatter"]');
    await scatter.scrollIntoViewIfNeeded();
    await scatter.locator("g[data-workload]").first().waitFor({ timeout: 30_000 });
    const drawn = await scatter
      .locator("g[data-workload]")
      .evaluateAll((gs) =>
        gs.map((g) => [
          g.getAttribute("data-workload"),
          g.getAttribute("data-x"),
          g.getAttribute("data-y"),
        ]),
      );
    for (const [workload, x, y] of drawn) {
      const p = points.find((q) => q.workload === workload)!;
      expect(Number(x), `${workload} x`).toBe(p.costPerMillionRequests);
      expect(Number(y), `${workload} y`).toBe(p.p95OverThreshold);
    }

    await scatter.getByRole("button", { name: "Table" }).click();
    const rows = await scatter.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) => ({
        workload: tr.getAttribute("data-workload")!,
        quadrant: tr.getAttribute("data-quadrant")!,
        cells: Object.fromEntries(
          [...tr.querySelectorAll("td[data-column]")].map((td) => [
            td.getAttribute("data-column")!,
            td.getAttribute("data-value") ?? "",
          ]),
        ),
      })),
    );
    expect(rows.map((r) => r.workload)).toEqual(names());
    const num = (v: string | undefined) => (v === undefined || v === "" ? null : Number(v));
    for (const r of rows) {
      const p = points.find((q) => q.workload === r.workload)!;
      expect(num(r.cells["cost-per-million"]), r.workload).toBe(p.costPerMillionRequests);
      expect(num(r.cells.p95), r.workload).toBe(p.p95Seconds);
      expect(num(r.cells.availability), r.workload).toBe(p.availability);
      expect(num(r.cells["latency-slo"]), r.workload).toBe(p.latencyThresholdSeconds);
      expect(r.quadrant || null, r.workload).toBe(p.quadrant);
    }
    // The split is the fleet's cost per 1M; checkout (200 ms SLO) reads against its own.
    const checkout = points.find((p) => p.workload === "checkout")!;
    expect(checkout.latencyThresholdSeconds).toBe(0.2);
    expect(checkout.p95OverThreshold).toBeCloseTo(checkout.p95Seconds! / 0.2, 12);
    console.log(
      `cost vs performance, 7d: fleet $${body.performance!.fleetCostPerMillionRequests!.toFixed(2)}/1M; ` +
        points
          .map(
            (p) =>
              `${p.workload} $${p.costPerMillionRequests?.toFixed(2)}/1M p95 ${p.p95Seconds?.toFixed(3)} s ${p.quadrant}`,
          )
          .join("; "),
    );
    await page.getByRole("button", { name: "Chart" }).click();
    await scatter.getByRole("button", { name: "Availability" }).click();
    await scatter.locator("g[data-workload]").first().waitFor();
    await scatter.screenshot({ path: join(SHOTS, "cost-scatter-availability.png") });

    // A click on a point opens the workload over the matching range.
    await scatter.getByRole("button", { name: "p95 against its SLO" }).click();
    await scatter.locator('g[data-workload="checkout"] circle').click();
    await page.waitForURL(/\/workloads\/checkout\/7d$/);
    await page.close();
  });

  it("answers cost per 1M requests equal to an independent computation over the ClickHouse rows", async () => {
    // Asked as of the end of the last hour read above: once the clock passes the next hour,
    // "now" would end the range on an hour that has no row yet (no sync runs here).
    const synced = Math.max(...costByHour.get(costed()[0]!)!.keys()) + H;
    const asOf = `time=${synced / 1000}`;
    const body = await api(`range=7d&groupBy=workload&${asOf}`);
    expect(Date.parse(body.to)).toBe(synced);
    const from = Date.parse(body.from);
    const to = Date.parse(body.to);
    expect(to - from).toBe(7 * 24 * H);
    expect(to % H).toBe(0);
    expect(Date.parse(body.previousFrom)).toBe(from - 7 * 24 * H);
    expect(body.rows!.map((r) => r.key).sort()).toEqual(costed().sort());
    let fleetCost = 0;
    for (const r of body.rows!) {
      const x = independent(r.key, from, to);
      expect(x.hours, r.key).toBe(7 * 24);
      close(r.costUsd, x.cost, `${r.key} cost`);
      expect(r.requests, `${r.key} requests`).toBe(x.requests);
      close(r.costPerMillionRequests, x.perMillion, `${r.key} cost per 1M`);
      const before = independent(r.key, from - (to - from), from);
      close(r.previousCostUsd, before.cost, `${r.key} previous cost`);
      close(r.change, x.cost / before.cost - 1, `${r.key} change`);
      fleetCost += x.cost;
    }
    close(body.total!.costUsd, fleetCost, "total cost");
    // Per team: sums over its workloads.
    const byTeam = await api(`range=7d&groupBy=team&${asOf}`);
    for (const t of byTeam.rows!) {
      const members = estate.catalog.workloads.filter((w) => w.team === t.key && w.kubernetes.ok);
      const xs = members.map((w) => independent(w.name, from, to));
      const cost = xs.reduce((a, x) => a + x.cost, 0);
      const requests = xs.reduce((a, x) => a + x.requests, 0);
      close(t.costUsd, cost, `${t.key} cost`);
      close(t.costPerMillionRequests, (cost / requests) * 1e6, `${t.key} cost per 1M`);
    }
    // The same hours asked as a custom range answer the same figures.
    const custom = await api(`from=${from / 1000}&to=${to / 1000}`);
    expect(custom.range).toBeNull();
    for (const r of custom.rows!) {
      close(r.costPerMillionRequests, independent(r.key, from, to).perMillion, `${r.key} custom`);
    }
    // The stacked series add up to the fleet's cost: average $/h × the bucket's hours in range.
    const o = body.overTime!;
    expect(o.bucketSeconds).toBe(3600);
    let stacked = 0;
    for (const s of o.series) for (const v of s.values) stacked += v ?? 0;
    expect(Math.abs(stacked - fleetCost) / fleetCost).toBeLessThan(1e-3); // 4 significant digits
    console.log(
      "cost, 7d: " +
        body
          .rows!.map(
            (r) =>
              `${r.key} $${r.costUsd.toFixed(2)} (${r.change! >= 0 ? "+" : ""}${(r.change! * 100).toFixed(1)}%) $${r.costPerMillionRequests?.toFixed(2)}/1M`,
          )
          .join("; "),
    );
  });

  it("refuses bad parameters with a 400 naming the parameter, and is in the OpenAPI document", async () => {
    const bad = async (query: string, parameter: string) => {
      const res = await fetch(`${app.url}/api/v1/cost?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json(), query).toMatchObject({ error: { parameter } });
    };
    await bad("range=2y", "range");
    await bad("groupBy=pod", "groupBy");
    await bad("time=yesterday", "time");
    await bad("from=1700000000", "to");
    await bad("from=x&to=1700000000", "from");
    await bad("from=1700000000&to=1700001000", "from"); // not one whole hour
    await bad(`from=0&to=${Math.floor(Date.now() / 1000)}`, "from"); // beyond 90 days
    await bad("range=7d&from=1700000000&to=1700007200", "range");
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.paths["/api/v1/cost"]!.get.parameters.map((p) => p.name)).toEqual([
      "range",
      "groupBy",
      "time",
      "from",
      "to",
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["CostRow", "StackedCost", "CostPerformancePoint"]),
    );
  });

  it("keeps the first-load JavaScript of /cost small, and links it from the header", async () => {
    const first = await jsFirstLoad(`${app.url}/cost/30d`);
    expect(first.missing).toEqual([]);
    console.log(
      `/cost first load: ${first.scripts} scripts, ${(first.gzipBytes / 1024).toFixed(1)} kB gzipped`,
    );
    expect(first.gzipBytes).toBeLessThanOrEqual(250 * 1024);
    // The cached page is ASCII (dashes and dots are entities), like the overview's.
    const html = await (await fetch(`${app.url}/cost/30d`)).text();
    expect(html.match(/[^\u0000-\u007f]/g) ?? []).toEqual([]);
    console.log(`/cost/30d HTML: ${(html.length / 1024).toFixed(1)} kB`);
    const page = await browser.newPage();
    await page.goto(`${app.url}/overview/1h`);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Cost" })
      .click();
    await page.waitForURL(/\/cost\/30d$/);
    await page.locator('[data-testid="cost-table"] tbody tr').first().waitFor({ timeout: 60_000 });
    await page.close();
  });
});

describe("right-sizing on /cost", () => {
  it("lists the API's recommendations and downloads the same rows as CSV", async () => {
    const res = await fetch(`${app.url}/api/v1/cost/recommendations`);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as {
      evaluatedAt: string;
      recommendations: { workload: string; container: string }[];
    };
    expect(body.recommendations.length).toBeGreaterThan(0);
    const page = await browser.newPage({ acceptDownloads: true });
    await open(page, "/cost/30d");
    const table = page.locator('[data-testid="right-sizing-table"] tbody tr');
    await table.first().waitFor({ timeout: 60_000 });
    expect(await table.count()).toBe(body.recommendations.length);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('[data-testid="right-sizing"]').screenshot({
      path: join(SHOTS, "right-sizing.png"),
    });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="right-sizing-csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const rows = csvObjects(readFileSync((await download.path())!, "utf8"));
    expect(rows.map((r) => [r.workload, r.container]).sort()).toEqual(
      body.recommendations.map((r) => [r.workload, r.container]).sort(),
    );
    await page.close();
  });
});

describe("the workload page's Cost and capacity section", () => {
  it("draws cost per hour and per 1M requests from the ClickHouse rows beside p95, replicas, CPU and memory", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const res = await page.goto(`${app.url}/workloads/checkout/7d`);
    expect(res!.status()).toBe(200);
    const section = page.locator('[data-testid="cost-capacity"]');
    await section.waitFor({ timeout: 60_000 });
    const cards = section.locator("section[data-testid]");
    expect(await cards.evaluateAll((cs) => cs.map((c) => c.getAttribute("data-testid")))).toEqual([
      "cost-chart-per-hour",
      "cost-chart-per-million",
      "cost-chart-p95",
      "chart-replicas",
      "chart-cpu",
      "chart-memory",
    ]);
    for (let i = 0; i < (await cards.count()); i++) {
      await cards.nth(i).scrollIntoViewIfNeeded();
      await cards.nth(i).locator("figure").waitFor({ timeout: 30_000 });
    }
    // Cost and p95 are drawn; CPU, memory and replicas come from the Kubernetes series,
    // which say why when the estate's labels do not match the catalog's mapping.
    for (const id of ["cost-chart-per-hour", "cost-chart-per-million", "cost-chart-p95"]) {
      const card = section.locator(`[data-testid="${id}"]`);
      expect(await card.locator('[data-testid="chart-empty"]').count(), id).toBe(0);
      expect(await card.locator(".recharts-line").count(), id).toBe(1);
    }
    expect(await section.locator('[data-testid="panel-error"]').count()).toBe(0);
    const empty = await section
      .locator('section:has([data-testid="chart-empty"])')
      .evaluateAll((cs) =>
        cs.map((c) => `${c.getAttribute("data-testid")}: ${c.textContent?.slice(0, 160)}`),
      );
    if (empty.length > 0) console.log(`empty in Cost and capacity:\n${empty.join("\n")}`);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(SHOTS, "workload-cost.png") });

    // The series' cost points are the ClickHouse rows: hourly over 7 days.
    const from = Number(await page.getAttribute("[data-range-from]", "data-range-from"));
    const to = Number(await page.getAttribute("[data-range-from]", "data-range-to"));
    const series = (await (
      await fetch(`${app.url}/api/v1/workloads/checkout/series?from=${from / 1000}&to=${to / 1000}`)
    ).json()) as WorkloadSeries;
    expect(series.cost.ok).toBe(true);
    const cost = series.cost.ok ? series.cost.data : undefined;
    expect(cost!.bucketSeconds).toBe(3600);
    expect(cost!.costPerHour.length).toBeGreaterThan(24 * 6);
    for (const [t, v] of cost!.costPerHour) {
      const hour = Math.floor(t / H) * H;
      close(
        v,
        costByHour.get("checkout")!.get(hour)!,
        `checkout cost at ${new Date(t).toISOString()}`,
      );
    }
    for (const [t, v] of cost!.costPerMillion) {
      const x = independent("checkout", Math.floor(t / H) * H, Math.floor(t / H) * H + H);
      close(v, x.perMillion, `checkout cost per 1M at ${new Date(t).toISOString()}`);
    }
    // The table view of the chart shows the same hours.
    const perHour = section.locator('[data-testid="cost-chart-per-hour"]');
    await perHour.getByRole("button", { name: "Table" }).click();
    expect(await perHour.locator("tbody tr").count()).toBe(cost!.costPerHour.length);
    await page.close();
  });
});

describe("/cost with Prometheus frozen", () => {
  it("keeps cost from ClickHouse, the last good performance marked stale, and names Prometheus where it has none", async () => {
    const before = await api("range=7d");
    expect(before.stale).toBeUndefined();
    process.kill(estate.prometheus.pid, "SIGSTOP");
    frozen = true;
    await new Promise((r) => setTimeout(r, 15_000 + 5_000 + 500)); // a new step, past the cache
    const after = await api("range=7d");
    expect(after.errors).toEqual([]);
    expect(after.stale).toMatchObject({ error: { source: "Prometheus" }, panels: ["performance"] });
    if (after.to === before.to) {
      expect(after.rows).toEqual(before.rows); // ClickHouse still answers, the same hours
      expect(after.performance!.points).toEqual(before.performance!.points);
    }

    // A range never computed before has no last good data: its panel names Prometheus.
    const to = Math.floor(Date.now() / H) * H;
    const custom = await fetch(
      `${app.url}/api/v1/cost?from=${(to - 48 * H) / 1000}&to=${to / 1000}`,
    );
    expect(custom.status).toBe(200);
    const body = (await custom.json()) as CostResponse;
    expect(body.errors.map((e) => [e.panel, e.source])).toEqual([["performance", "Prometheus"]]);
    expect(body.performance).toBeNull();
    expect(body.rows!.length).toBe(costed().length);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await open(page, "/cost/90d");
    const scatter = page.locator('[data-testid="cost-scatter"]');
    expect(await scatter.locator('[data-testid="panel-error"]').textContent()).toContain(
      "Prometheus is unavailable",
    );
    expect(
      await page.locator('[data-testid="cost-table"] [data-testid="panel-error"]').count(),
    ).toBe(0);
    // The cached page is served while it is rendered anew in the background: reload until
    // the new render shows the stale mark.
    for (let i = 0; i < 10; i++) {
      await open(page, "/cost/7d");
      if ((await scatter.locator('[data-testid="panel-stale"]').count()) > 0) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(await scatter.locator('[data-testid="panel-stale"]').getAttribute("data-source")).toBe(
      "Prometheus",
    );
    expect(
      await page.locator('[data-testid="cost-table"] [data-testid="panel-stale"]').count(),
    ).toBe(0);
    await page.close();
    process.kill(estate.prometheus.pid, "SIGCONT");
    frozen = false;
  });
});
