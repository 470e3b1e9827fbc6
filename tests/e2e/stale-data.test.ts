/**
 * Last good data survives a failing source (docs/caching.md, "A failing source"): with
 * Prometheus frozen for two revalidation periods, the overview, a workload page, /oncall
 * and /api/v1/slos still show the last good figures, marked stale with their age.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVAL_STEP_MS } from "@/lib/time/ranges";
import type { StaleSummary } from "@/lib/cache/stale";
import type { WorkloadSlos } from "@/lib/slo/status";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { launchChromium } from "../support/browser";
import { DEMO_CATALOG, startDemoEstate, type DemoEstate } from "@/scripts/lib/demo-estate";

const SHOTS = "test-results/screenshots";
const REVALIDATE_S = 2;
const TIMEOUT_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stepOf = (ms: number) => Math.floor(ms / EVAL_STEP_MS) * EVAL_STEP_MS;

let estate: DemoEstate;
let app: AppServer;
let browser: Browser;
let frozen = false;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  estate = await startDemoEstate(2);
  app = await startApp({
    PROMETHEUS_URL: estate.prometheus.url,
    CLICKHOUSE_DATA_DIR: estate.clickhouseDir,
    CATALOG_FILE: DEMO_CATALOG,
    REVALIDATE_SECONDS: String(REVALIDATE_S),
    PROMETHEUS_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  if (frozen) process.kill(estate.prometheus.pid, "SIGCONT");
  await browser?.close();
  await app?.stop();
  await estate?.stop();
});

/** What the overview shows per workload: every indicator of both panels and the SLO columns. */
function readOverview(page: Page) {
  return page.$$eval('[data-testid^="indicators-"] tbody tr[data-workload]', (rows) =>
    rows.map((tr) => ({
      panel: tr.closest("section")!.getAttribute("data-testid"),
      workload: tr.getAttribute("data-workload"),
      status: tr.querySelector("[data-status]")?.getAttribute("data-status") ?? null,
      burn: tr.querySelector("td[data-burn]")?.getAttribute("data-burn") ?? null,
      values: [...tr.querySelectorAll("td[data-indicator]")].map(
        (td) => `${td.getAttribute("data-indicator")}=${td.getAttribute("data-value")}`,
      ),
    })),
  );
}

/** The numbers of a chart of the workload page, from its table view. */
async function readChart(page: Page, testId: string): Promise<string[]> {
  const card = page.locator(`[data-testid="${testId}"]`);
  await card.scrollIntoViewIfNeeded();
  await card.locator("figure").waitFor({ timeout: 30_000 });
  await card.getByRole("button", { name: "Table" }).click();
  const rows = await card.locator("tbody tr").allTextContents();
  await card.getByRole("button", { name: "Chart" }).click();
  return rows;
}

const WORKLOAD_CHARTS = ["chart-requests", "chart-latency", "slo-burn-rate-availability"];

async function readWorkload(page: Page) {
  const charts: Record<string, string[]> = {};
  for (const id of WORKLOAD_CHARTS) charts[id] = await readChart(page, id);
  return charts;
}

function readBurning(page: Page) {
  return page.$$eval('[data-testid="oncall-burning"] tbody tr', (rows) =>
    rows.map((tr) =>
      ["data-workload", "data-slo", "data-burn-1h", "data-budget-remaining", "data-tte-ms"]
        .map((a) => tr.getAttribute(a))
        .join(" "),
    ),
  );
}

/** Loads `path` until `ready` holds: an ISR page answers once more from its cache while it regenerates. */
async function openUntil(page: Page, path: string, ready: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await page.goto(`${app.url}${path}`);
    expect(res!.status(), path).toBe(200);
    if (await ready()) return;
    await sleep(500);
  }
  throw new Error(`${path}: ${what} within 60 s; page: ${await page.textContent("main")}`);
}

const evaluatedAt = (page: Page) =>
  page.getAttribute('[data-testid="data-age"]', "data-evaluated-at");

/** "Stale: last good data from 12:03:15 UTC (20 s old) — Prometheus (tag): …" */
const STALE_TEXT =
  /^Stale: last good data from (\d\d:\d\d:\d\d) UTC \((\d+) (s|min) old\) — Prometheus \([^)]+\): .+/;

describe("with Prometheus frozen", () => {
  it("the overview, a workload page, /oncall and /api/v1/slos keep the last good figures, marked stale with their age", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const hasStale = (scope: string) => page.locator(`${scope} [data-testid="panel-stale"]`);

    // First render: every view at one evaluation step S, read completely within S, then
    // Prometheus freezes before the step ends. The last good data of each view is S's.
    let step = 0;
    let first:
      | {
          slos: WorkloadSlos[];
          overview: Awaited<ReturnType<typeof readOverview>>;
          workload: Record<string, string[]>;
          burning: string[];
        }
      | undefined;
    for (let attempt = 0; attempt < 4 && !first; attempt++) {
      await sleep(EVAL_STEP_MS - (Date.now() % EVAL_STEP_MS) + 200);
      step = stepOf(Date.now());
      const at = new Date(step).toISOString();
      const api = await fetch(`${app.url}/api/v1/slos`);
      expect(api.status).toBe(200);
      const slos = (await api.json()) as { evaluatedAt: string; workloads: WorkloadSlos[] };
      await openUntil(page, "/overview/1h", async () => (await evaluatedAt(page)) === at, "S");
      expect(await page.locator('[data-testid="panel-error"]').count()).toBe(0);
      const overview = await readOverview(page);
      await openUntil(
        page,
        "/workloads/checkout/1h",
        async () => (await page.getAttribute("[data-range-to]", "data-range-to")) === String(step),
        "the range ending at S",
      );
      const workload = await readWorkload(page);
      await page.goto(`${app.url}/oncall`);
      await page.locator('[data-testid="oncall-burning"] tbody tr').first().waitFor();
      const burning = await readBurning(page);
      const onCallAt = await evaluatedAt(page);
      if (stepOf(Date.now()) !== step || slos.evaluatedAt !== at || onCallAt !== at) continue;
      process.kill(estate.prometheus.pid, "SIGSTOP");
      frozen = true;
      first = { slos: slos.workloads, overview, workload, burning };
    }
    expect(first, "one evaluation step long enough to read every view").toBeDefined();
    expect(first!.overview.length).toBeGreaterThan(0);
    expect(first!.burning.length).toBeGreaterThan(0);
    const asOf = new Date(step).toISOString();

    // Two revalidation periods after the next step began: every view has been recomputed
    // at least once with Prometheus frozen.
    await sleep(step + EVAL_STEP_MS + 2 * REVALIDATE_S * 1000 - Date.now());

    // The API: 200, the same figures, and a top-level stale field with their age.
    const t0 = performance.now();
    const res = await fetch(`${app.url}/api/v1/slos`);
    const apiMs = performance.now() - t0;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { workloads: WorkloadSlos[]; stale: StaleSummary };
    expect(body.workloads).toEqual(first!.slos);
    expect(body.stale).toMatchObject({ asOf, error: { source: "Prometheus" }, panels: ["result"] });
    expect(body.stale.ageSeconds).toBeGreaterThanOrEqual(EVAL_STEP_MS / 1000);
    console.log(`/api/v1/slos with Prometheus frozen: ${Math.round(apiMs)} ms`);
    // The next step, with the source still failing: answered with the previous report
    // (already stale) rather than after the deadline; the figures are the same.
    await sleep(EVAL_STEP_MS - (Date.now() % EVAL_STEP_MS) + 200);
    const t1 = performance.now();
    const again = await fetch(`${app.url}/api/v1/slos`);
    const againMs = performance.now() - t1;
    expect(again.status).toBe(200);
    const againBody = (await again.json()) as { workloads: WorkloadSlos[]; stale: StaleSummary };
    expect(againBody.workloads).toEqual(first!.slos);
    expect(againBody.stale).toMatchObject({ asOf, error: { source: "Prometheus" } });
    console.log(`/api/v1/slos at the next step, still frozen: ${Math.round(againMs)} ms`);

    // The overview: the same figures in both indicator panels and the SLO columns.
    await openUntil(
      page,
      "/overview/1h",
      async () => (await hasStale('[data-testid="indicators-1h"]').count()) > 0,
      "no stale marker",
    );
    expect(await readOverview(page)).toEqual(first!.overview);
    for (const panel of ["indicators-1h", "indicators-30d"]) {
      const marker = hasStale(`[data-testid="${panel}"]`).first();
      await marker.locator('[data-testid="stale-age"]').waitFor();
      expect(await marker.getAttribute("data-as-of")).toBe(asOf);
      const text = (await marker.textContent())!;
      expect(text).toMatch(STALE_TEXT);
      expect(STALE_TEXT.exec(text)![1]).toBe(asOf.slice(11, 19));
    }
    expect(await page.locator('[data-testid="panel-error"]').count()).toBe(0);
    // ClickHouse still answers: its panel is fresh.
    expect(await hasStale('[data-testid="usage"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "overview-stale.png"), fullPage: true });

    // The workload page: the same chart numbers, each chart marked stale.
    await openUntil(
      page,
      "/workloads/checkout/1h",
      async () => (await hasStale('[data-testid="chart-latency"]').count()) > 0,
      "no stale marker",
    );
    expect(await readWorkload(page)).toEqual(first!.workload);
    for (const id of WORKLOAD_CHARTS) {
      const marker = hasStale(`[data-testid="${id}"]`);
      await marker.locator('[data-testid="stale-age"]').waitFor();
      expect(await marker.textContent()).toMatch(STALE_TEXT);
    }
    expect(await page.locator('[data-testid="panel-error"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "workload-stale.png"), fullPage: true });

    // /oncall, opened anew: the server's last good rows, stale since S, with their age.
    await page.goto(`${app.url}/oncall`);
    const burning = hasStale('[data-testid="oncall-burning"]');
    await burning.locator('[data-testid="stale-age"]').waitFor();
    expect(await burning.textContent()).toMatch(
      new RegExp(
        `^Stale since ${asOf.slice(11, 19)} UTC — Prometheus \\([^)]+\\): .+\\(\\d+ (s|min) old\\)`,
      ),
    );
    expect(await readBurning(page)).toEqual(first!.burning);
    await page.screenshot({ path: join(SHOTS, "oncall-stale.png"), fullPage: true });
    await page.close();
  });
});
