import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onCallAt } from "@/lib/catalog/roster";
import type { OnCallReport } from "@/lib/oncall/types";
import type { WorkloadSlos } from "@/lib/slo/status";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { launchChromium } from "../support/browser";
import { startDemoEstate, type DemoEstate } from "@/scripts/lib/demo-estate";

const SHOTS = "test-results/screenshots";
let estate: DemoEstate;
let app: AppServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  estate = await startDemoEstate(2);
  app = await startApp({
    PROMETHEUS_URL: estate.prometheus.url,
    CLICKHOUSE_DATA_DIR: estate.clickhouseDir,
    CATALOG_FILE: "config/workloads.yaml",
    REVALIDATE_SECONDS: "5",
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await estate?.stop();
});

const evaluatedAt = (p: Page) => p.getAttribute('[data-testid="data-age"]', "data-evaluated-at");
const num = (v: string | null) => (v === null || v === "" ? null : Number(v));
const firingSearchPage =
  '[data-testid="alert-row"][data-workload="search"][data-severity="page"][data-state="firing"]';

describe("on-call view in Chromium", () => {
  it("paints with data, search first as burning with /api/v1/slos's numbers, and the roster", async () => {
    // Server prefetch: the HTML already holds the rows, not a skeleton.
    const html = await (await fetch(`${app.url}/oncall`)).text();
    expect(html).toContain('data-testid="oncall-burning"');
    expect(html).toMatch(/<tr[^>]*data-workload="search"/);

    const res = await page.goto(`${app.url}/oncall`);
    expect(res!.status()).toBe(200);
    const first = page.locator('[data-testid="oncall-burning"] tbody tr').first();
    await first.waitFor({ timeout: 30_000 });
    expect(await first.getAttribute("data-workload")).toBe("search");

    const at = (await evaluatedAt(page))!;
    const api = (await (
      await fetch(`${app.url}/api/v1/slos?time=${encodeURIComponent(at)}`)
    ).json()) as { evaluatedAt: string; workloads: WorkloadSlos[] };
    expect(api.evaluatedAt).toBe(at);
    const name = await first.getAttribute("data-slo");
    const slo = api.workloads
      .find((w) => w.workload === "search")!
      .slos.find((s) => s.name === name)!;
    expect(num(await first.getAttribute("data-burn-1h"))).toBe(slo.burnRates["1h"]);
    expect(num(await first.getAttribute("data-budget-remaining"))).toBe(slo.budgetRemaining);
    expect(num(await first.getAttribute("data-tte-ms"))).toBe(slo.timeToExhaustionMs);
    expect(slo.burnRates["1h"]!).toBeGreaterThan(1);

    // Who is on call for discovery (search's team), by the rotation math at the data's time.
    const rotation = estate.catalog.oncall!.rotations.find((r) => r.team === "discovery")!;
    const expected = onCallAt(rotation, Date.parse(at));
    const team = page.locator('[data-testid="oncall-roster"] [data-team="discovery"]');
    await expect(team.locator('[data-testid="oncall-now"]').textContent()).resolves.toBe(
      expected.current!.person,
    );
    await expect(team.locator('[data-testid="oncall-next"]').textContent()).resolves.toBe(
      expected.next.person,
    );
  });

  it("shows search's page alert as firing once Prometheus fires it, then as an ongoing incident", async () => {
    // The rules are evaluated live; the view refreshes itself every 15 s.
    const alert = page.locator(firingSearchPage).first();
    await alert.waitFor({ timeout: 180_000 });
    const activeAt = Number(await alert.getAttribute("data-active-at"));
    expect(activeAt).toBeGreaterThan(estate.historyEndMs - 10 * 60_000);
    expect(await alert.textContent()).toMatch(/for \d+ (s|min)/);
    // Prometheus's ALERTS series lags the alerts API by up to a rule-group interval or two.
    await page
      .locator('[data-testid="incident-row"][data-workload="search"][data-ongoing="true"]')
      .first()
      .waitFor({ timeout: 100_000 });
    await page.screenshot({ path: join(SHOTS, "oncall.png"), fullPage: true });
  });

  it("refreshes by itself: a new API request and a newer evaluation time within ~20 s", async () => {
    const before = await evaluatedAt(page);
    const response = await page.waitForResponse((r) => r.url().endsWith("/api/v1/oncall"), {
      timeout: 20_000,
    });
    const body = (await response.json()) as OnCallReport;
    expect(body.evaluatedAt).not.toBe(before);
    await page.waitForFunction(
      (prev) =>
        document.querySelector('[data-testid="data-age"]')?.getAttribute("data-evaluated-at") !==
        prev,
      before,
      { timeout: 5_000 },
    );
  });

  it("serves TV mode full screen, dark, in large type, without the navigation", async () => {
    const tv = await browser.newPage({
      viewport: { width: 1920, height: 1080 },
      colorScheme: "light",
    });
    await tv.goto(`${app.url}/oncall/tv`);
    await tv.locator('[data-tv] [data-testid="oncall-burning"] tbody tr').first().waitFor();
    expect(await tv.locator('nav[aria-label="Main"]').isVisible()).toBe(false);
    const look = await tv.$eval("[data-tv]", (el) => {
      const h1 = el.querySelector("h1")!;
      return {
        background: getComputedStyle(el).backgroundColor,
        h1: parseFloat(getComputedStyle(h1).fontSize),
        width: el.getBoundingClientRect().width,
      };
    });
    expect(look.background).toBe("rgb(13, 17, 23)"); // dark even when the viewer prefers light
    expect(look.h1).toBeGreaterThanOrEqual(40);
    expect(look.width).toBe(1920);
    await tv.waitForSelector(firingSearchPage, { timeout: 30_000 });
    await tv.screenshot({ path: join(SHOTS, "oncall-tv.png") });
    await tv.close();
  });

  it("keeps the last data on screen, marked stale with the time, when Prometheus stops", async () => {
    await estate.prometheus.stop();
    const stale = page.locator('[data-testid="oncall-burning"] [data-testid="panel-stale"]');
    await stale.waitFor({ timeout: 40_000 });
    expect(await stale.textContent()).toMatch(
      /^Stale since \d\d:\d\d:\d\d UTC — Prometheus \([^)]+\): .+/,
    );
    // The last good rows are still there, search first.
    const first = page.locator('[data-testid="oncall-burning"] tbody tr').first();
    expect(await first.getAttribute("data-workload")).toBe("search");
    await page
      .locator('[data-testid="oncall-alerts"] [data-testid="panel-stale"]')
      .waitFor({ timeout: 5_000 });
    expect(await page.locator(firingSearchPage).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, "oncall-prometheus-down.png"), fullPage: true });
  });
});
