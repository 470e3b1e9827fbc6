import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatSeconds } from "@/components/format";
import type { WorkloadsResponse } from "@/lib/overview/api-shape";
import type { CatalogCheck } from "@/lib/prometheus/discovery";
import { STALE_MS } from "@/lib/query/query-client";
import type { SloStatus } from "@/lib/slo/status";
import type { WorkloadRoutes, WorkloadSeries } from "@/lib/workload/types";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { launchChromium } from "../support/browser";
import { DEMO_CATALOG, startDemoEstate, type DemoEstate } from "@/scripts/lib/demo-estate";

const SHOTS = "test-results/screenshots";
const RANGES = ["1h", "6h", "24h", "7d", "30d"] as const;
let estate: DemoEstate;
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  estate = await startDemoEstate(8); // 8 days, so the 7d range has data throughout
  app = await startApp({
    PROMETHEUS_URL: estate.prometheus.url,
    CLICKHOUSE_DATA_DIR: estate.clickhouseDir,
    CATALOG_FILE: DEMO_CATALOG,
    REVALIDATE_SECONDS: "5",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await estate?.stop();
});

async function open(page: Page, path: string) {
  const res = await page.goto(`${app.url}${path}`);
  expect(res!.status()).toBe(200);
  await page
    .waitForSelector('[data-testid="chart-latency"] .recharts-line', { timeout: 60_000 })
    .catch(async (e: Error) => {
      throw new Error(`${e.message}\npage: ${await page.textContent("main")}`);
    });
}

/**
 * Scrolls every chart card into view and waits for its chart: charts draw only when they
 * come near the viewport.
 */
async function drawAllCharts(page: Page) {
  const cards = page.locator(
    '[data-testid^="chart-"], [data-testid^="cost-chart-"], [data-testid^="slo-burn-"]',
  );
  for (let i = 0; i < (await cards.count()); i++) {
    await cards.nth(i).scrollIntoViewIfNeeded();
    await cards.nth(i).locator("figure").waitFor({ timeout: 30_000 });
  }
}

const rangeOf = async (page: Page) => ({
  from: Number(await page.getAttribute("[data-range-from]", "data-range-from")),
  to: Number(await page.getAttribute("[data-range-from]", "data-range-to")),
});

/** An instant query straight to Prometheus: independent of the app's client and builder. */
async function promInstant(query: string, timeMs: number): Promise<number> {
  const u = new URL("/api/v1/query", estate.prometheus.url);
  u.searchParams.set("query", query);
  u.searchParams.set("time", String(timeMs / 1000));
  const body = (await (await fetch(u)).json()) as {
    data: { result: { value: [number, string] }[] };
  };
  return Number(body.data.result[0]!.value[1]);
}

describe("workload page in Chromium", () => {
  it("renders every preset range for checkout with every panel", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    for (const range of RANGES) {
      await open(page, `/workloads/checkout/${range}`);
      await page.waitForSelector('[data-testid="routes"] tbody tr');
      expect(await page.locator('[data-testid="panel-error"]').count(), range).toBe(0);
      // Below the fold the burn charts wait, as placeholders, until they are scrolled to.
      expect(await page.locator('[data-testid^="slo-burn-"] [data-pending-chart]').count()).toBe(8);
      await drawAllCharts(page);
      expect(await page.locator("[data-pending-chart]").count(), range).toBe(0);
      expect(await page.locator('[data-testid^="chart-"] figure').count(), range).toBe(8);
      expect(await page.locator('[data-testid="chart-empty"]').count(), range).toBe(0);
      // 4 SLOs: burn-down and burn rate each; the tier thresholds are drawn.
      expect(await page.locator('[data-testid^="slo-burn-"] figure').count(), range).toBe(8);
      expect(
        await page.locator('[data-testid="slo-burn-rate-availability"]').textContent(),
      ).toContain("page-fast 14.4×");
      await expect(page.textContent('[data-testid="data-age"]')).resolves.toMatch(/Data as of/);
      await page.screenshot({ path: join(SHOTS, `workload-${range}.png`), fullPage: true });
    }
    await page.close();
  });

  it("hydrates a cached page older than the client's stale time without refetching it", async () => {
    const path = "/workloads/checkout/1h";
    expect((await fetch(`${app.url}${path}`)).status).toBe(200); // rendered and cached
    await new Promise((r) => setTimeout(r, STALE_MS + 1500));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    const refetches: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/workloads/checkout/")) refetches.push(r.url());
    });
    await open(page, path);
    const age = await page.getAttribute('[data-testid="data-age"]', "data-evaluated-at");
    expect(Date.now() - Date.parse(age!)).toBeGreaterThan(STALE_MS);
    await drawAllCharts(page);
    // A hydration mismatch (React error 418) would re-render the page on the client.
    expect(errors).toEqual([]);
    expect(refetches).toEqual([]);
    await page.close();
  });

  it("shows the API's route figures and the p95 an independent PromQL query gives", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await open(page, "/workloads/checkout/24h");
    const { from, to } = await rangeOf(page);
    const api = (await (
      await fetch(`${app.url}/api/v1/workloads/checkout/routes?from=${from / 1000}&to=${to / 1000}`)
    ).json()) as WorkloadRoutes;
    expect(api.table).toBe("request_rollup_1m");
    expect(api.result.ok).toBe(true);
    const cart = api.result.ok ? api.result.data.find((r) => r.route === "/cart")! : undefined;
    expect(cart!.requests).toBeGreaterThan(1000);
    const shown = await page.getAttribute(
      '[data-testid="routes"] tr[data-route="/cart"] td[data-column="requests"]',
      "data-value",
    );
    expect(Number(shown)).toBe(cart!.requests);

    // The latency chart's Table view: its last p95 equals PromQL evaluated by hand.
    const latency = page.locator('[data-testid="chart-latency"]');
    await latency.getByRole("button", { name: "Table" }).click();
    const lastRow = latency.locator("tbody tr").last();
    const cells = await lastRow.locator("td").allTextContents();
    const series = (await (
      await fetch(`${app.url}/api/v1/workloads/checkout/series?from=${from / 1000}&to=${to / 1000}`)
    ).json()) as WorkloadSeries;
    const step = series.stepSeconds;
    expect(step).toBe(360);
    const p95 = await promInstant(
      `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{workload="checkout"}[${step}s])))`,
      to,
    );
    expect(p95).toBeGreaterThan(0);
    expect(cells[2]).toBe(formatSeconds(p95)); // columns: time, p50, p95, p99
    expect(cells[0]).toBe(new Date(to).toISOString().slice(5, 16).replace("T", " "));
    await page.close();
  });

  it("switches range through links and zooms by dragging, through the API", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await open(page, "/workloads/checkout/24h");
    await page.click('nav[aria-label="Time range"] >> text=7d');
    await page.waitForURL(/\/workloads\/checkout\/7d$/);
    await page.waitForFunction(
      () =>
        Number(document.querySelector("[data-range-from]")?.getAttribute("data-range-to")) -
          Number(document.querySelector("[data-range-from]")?.getAttribute("data-range-from")) ===
        7 * 86_400_000,
    );

    const before = await rangeOf(page);
    const chart = page.locator('[data-testid="chart-requests"]');
    const firstTime = async () => {
      await chart.getByRole("button", { name: "Table" }).click();
      const t = await chart.locator("tbody tr td").first().textContent();
      await chart.getByRole("button", { name: "Chart" }).click();
      return t;
    };
    const firstBefore = await firstTime();
    const apiCall = page.waitForRequest((r) =>
      r.url().includes("/api/v1/workloads/checkout/series?"),
    );
    const box = (await chart.locator(".recharts-surface").boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, y, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
    await page.mouse.up();
    const req = await apiCall;
    expect(new URL(req.url()).searchParams.get("from")).not.toBe(String(before.from / 1000));
    await page.waitForFunction(
      (f) =>
        Number(document.querySelector("[data-range-from]")?.getAttribute("data-range-from")) !== f,
      before.from,
    );
    const after = await rangeOf(page);
    expect(after.from).toBeGreaterThan(before.from);
    expect(after.to - after.from).toBeLessThan(before.to - before.from);
    await page.waitForFunction(() => !document.body.textContent?.includes("loading…"));
    expect(await firstTime()).not.toBe(firstBefore);
    await expect(page.textContent('[data-testid="range-label"]')).resolves.toContain(
      "custom range",
    );
    await page.screenshot({ path: join(SHOTS, "workload-zoomed.png"), fullPage: true });
    await page.close();
  });

  it("redirects the bare path to 24h, answers unknown workloads and ranges with 404, and caches", async () => {
    const bare = await fetch(`${app.url}/workloads/checkout`, { redirect: "manual" });
    expect([307, 308]).toContain(bare.status);
    expect(bare.headers.get("location")).toMatch(/\/workloads\/checkout\/24h$/);
    expect((await fetch(`${app.url}/workloads/nobody/24h`)).status).toBe(404);
    expect((await fetch(`${app.url}/workloads/nobody`)).status).toBe(404);
    expect((await fetch(`${app.url}/workloads/checkout/2y`)).status).toBe(404);
    const api = await fetch(`${app.url}/api/v1/workloads/nobody/series?from=0&to=600`);
    expect(api.status).toBe(404);
    const bad = await fetch(`${app.url}/api/v1/workloads/checkout/routes?from=x&to=600`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { parameter: "from" } });
    await fetch(`${app.url}/workloads/checkout/6h`);
    const again = await fetch(`${app.url}/workloads/checkout/6h`);
    expect(again.headers.get("x-nextjs-cache")).toMatch(/HIT|STALE/);
  });
});

describe("CPU, memory and replicas on the demo estate", () => {
  it("reads checkout's pods as kube-state-metrics and cAdvisor label them, as independent PromQL finds them", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await open(page, "/workloads/checkout/24h");
    const { from, to } = await rangeOf(page);
    await page.close();
    const series = (await (
      await fetch(`${app.url}/api/v1/workloads/checkout/series?from=${from / 1000}&to=${to / 1000}`)
    ).json()) as WorkloadSeries;
    const last = (chart: string, line: string) => {
      const c = series.charts.find((x) => x.key === chart)!;
      if (!c.result.ok) throw new Error(`${chart}: ${c.result.error.message}`);
      return c.result.data.lines.find((l) => l.name === line)!.points.at(-1)!;
    };
    const w = `${series.stepSeconds}s`;
    // The Deployment's pods by the names Kubernetes gives them, without the owner series;
    // the pod cgroup and any pause container left out with one regex.
    const pods =
      'namespace="payments",pod=~"checkout-[a-z0-9]{9,10}-[a-z0-9]{5}",container!~"|POD"';
    const [cpuAt, cpu] = last("cpu", "usage");
    expect(cpuAt).toBe(to);
    const cpuByHand = await promInstant(
      `sum(rate(container_cpu_usage_seconds_total{${pods}}[${w}]))`,
      to,
    );
    expect(cpuByHand).toBeGreaterThan(0.05);
    expect(Math.abs(cpu - cpuByHand) / cpuByHand).toBeLessThan(1e-9);
    const [, requests] = last("cpu", "requests");
    const replicas = await promInstant(
      'max(kube_horizontalpodautoscaler_status_current_replicas{namespace="payments",horizontalpodautoscaler="checkout"})',
      to,
    );
    expect(last("replicas", "replicas")[1]).toBe(replicas);
    // checkout's pods each request one core
    expect(requests).toBeGreaterThanOrEqual(replicas);
    const [, memory] = last("memory", "working set");
    expect(memory).toBeGreaterThan(replicas * 0.3 * 1024 ** 3);
    // No container series in Prometheus carries the catalog's grouping label.
    const labelled = await fetch(
      `${estate.prometheus.url}/api/v1/series?${new URLSearchParams({ "match[]": '{__name__=~"container_.*|kube_.*",workload!=""}' })}`,
    );
    expect(((await labelled.json()) as { data: unknown[] }).data).toEqual([]);
  });
});

describe("cost on the demo estate", () => {
  it("is the cost sync's over the backfilled cluster series, within 2 % of the model's own minutes", async () => {
    // startDemoEstate synced every whole hour of its 8 days before the app started.
    expect(estate.costSync).toMatchObject({ status: "synced", hours: 192, workloadRows: 192 * 8 });
    const res = await fetch(`${app.url}/api/v1/workloads?range=24h`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as WorkloadsResponse;
    // Independent of the sync: each hour's max(request, usage) of the pods the model ran
    // each minute (draining pods of a rollout included), at the catalog's list prices.
    // The usage panel covers the last 30 days (LONG_RANGE): every hour of the 8 backfilled
    // days, the first one from the minute the history starts.
    const toMinute = Math.floor(estate.historyEndMs / 3_600_000) * 60;
    const startMinute = estate.historyEndMs / 60_000 - 8 * 1440;
    const fromMinute = Math.floor(startMinute / 60) * 60;
    for (const w of estate.estate.workloads) {
      let expected = 0;
      for (let h = fromMinute; h < toMinute; h += 60) {
        const sum = { cpuReq: 0, cpuUse: 0, memReq: 0, memUse: 0 };
        for (let m = Math.max(h, startMinute); m < h + 60; m++) {
          const pods = estate.estate.sample(w, m).pods;
          sum.cpuReq += (pods.length * w.profile.pods.cpuRequestCores) / 60;
          sum.memReq += (pods.length * w.profile.pods.memRequestGiB) / 60;
          sum.cpuUse += pods.reduce((a, p) => a + p.cpuCores, 0) / 60;
          sum.memUse += pods.reduce((a, p) => a + p.memBytes, 0) / 1024 ** 3 / 60;
        }
        expected +=
          Math.max(sum.cpuReq, sum.cpuUse) * 0.031611 + Math.max(sum.memReq, sum.memUse) * 0.004237;
      }
      const usage = body.workloads.find((x) => x.workload === w.name)!.usage!;
      // The app's own sync may have added the hour since; vanished pods count up to 5 more
      // minutes (backfilled series have no staleness markers).
      expect(usage.costUsd! / expected, w.name).toBeGreaterThan(0.98);
      expect(usage.costUsd! / expected, w.name).toBeLessThan(1.02);
      expect(usage.costPerMillionRequests, w.name).toBeGreaterThan(0);
    }
  });
});

describe("the catalog check on the demo estate", () => {
  it("finds every workload's request and latency series under its convention's names", async () => {
    const res = await fetch(`${app.url}/api/v1/catalog/check`);
    expect(res.status).toBe(200);
    const check = (await res.json()) as CatalogCheck;
    expect(check.ok).toBe(true);
    expect(check.workloads.map((w) => w.workload)).toEqual(
      estate.catalog.workloads.map((w) => w.name),
    );
    // The estate simulates every catalog workload but Sightline itself, whose series come
    // from the app's own /api/metrics: the demo's Prometheus scrapes it, this estate's does
    // not (tests/e2e/own-metrics.test.ts reads the app as a workload). A target nobody
    // scrapes is what the check exists to report, so it must say so rather than pass it.
    const simulated = new Set(estate.estate.workloads.map((w) => w.name));
    const unscraped = estate.catalog.workloads.filter((w) => !simulated.has(w.name));
    expect(unscraped.map((w) => w.name)).toEqual(["sightline"]);
    for (const w of check.workloads) {
      const entry = estate.catalog.workloads.find((c) => c.name === w.workload)!;
      if (entry.kubernetes.ok) {
        // Each mapped workload's pods, cAdvisor's and kube-state-metrics' series are found.
        expect(w.kubernetes.lookups.map((l) => `${l.role}:${l.state}`)).toEqual([
          "pods:found",
          "cpuUsage:found",
          "memoryUsage:found",
          "requests:found",
        ]);
      } else {
        // `kubernetes: false` (Sightline): nothing is looked up, and the reason is given.
        expect(w.kubernetes).toEqual({
          mapped: false,
          target: "the catalog says it does not run in Kubernetes (kubernetes: false)",
          lookups: [],
        });
      }
      const state = Object.fromEntries(w.metrics.map((m) => [m.role, m.state]));
      const seen = simulated.has(w.workload) ? "found" : "missing";
      expect({ workload: w.workload, requests: state.requests, latency: state.latency }).toEqual({
        workload: w.workload,
        requests: seen,
        latency: seen,
      });
      expect(w.fix).toEqual(
        seen === "found"
          ? []
          : [`no series has workload="${w.workload}": check the name and groupingLabel`],
      );
    }
    // One line per workload: what the check reports on the demo.
    for (const w of check.workloads) {
      const by = (st: string) => w.metrics.filter((m) => m.state === st).map((m) => m.name);
      console.log(`${w.workload}: ${w.form}; found ${by("found").join(", ")}`);
    }
  });

  it('reads a whole-second latency SLO from Python\'s le="1.0" bucket', async () => {
    // tracking-api is instrumented like FastAPI's prometheus_client: its bounds read 1.0.
    const res = await fetch(`${app.url}/api/v1/slos/tracking-api`);
    const body = (await res.json()) as { status: { ok: true; data: { slos: SloStatus[] } } };
    expect(body.status.ok).toBe(true);
    const slo = body.status.data.slos.find((s) => s.name === "latency-1s")!;
    expect(slo.problem).toBeUndefined();
    expect(slo.sli).toBeGreaterThan(0.9);
    expect(slo.sli).toBeLessThanOrEqual(1);
  });
});
