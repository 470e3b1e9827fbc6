import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPercent, formatSeconds } from "@/components/format";
import { INDICATOR_COLUMNS } from "@/components/indicator-table";
import type { WorkloadsResponse } from "@/lib/overview/api-shape";
import { EXPECTED } from "../support/known-data";
import { openEmbedded, seedKnownClickHouse, CH_EXPECTED } from "../support/clickhouse";
import { startApp, startAppExpectingFailure, type AppServer } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";

const SHOTS = "test-results/screenshots";
let prom: KnownPrometheus;
let app: AppServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-e2e-"));
  mkdirSync(SHOTS, { recursive: true });
  prom = await startKnownPrometheus();
  const ch = openEmbedded(join(dir, "clickhouse"));
  await seedKnownClickHouse(ch, prom.endMs);
  await ch.client.close(); // the app server owns the embedded data directory from here
  app = await startApp({
    PROMETHEUS_URL: prom.url,
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    CATALOG_FILE: "tests/fixtures/catalog.yaml",
    REVALIDATE_SECONDS: "2",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await prom?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every indicator cell of a panel: workload → indicator → { value, text }. */
async function readPanel(page: Page, testId: string) {
  return page.$$eval(`[data-testid="${testId}"] tbody tr`, (rows) =>
    Object.fromEntries(
      rows.map((tr) => [
        tr.getAttribute("data-workload")!,
        Object.fromEntries(
          [...tr.querySelectorAll("td[data-indicator]")].map((td) => [
            td.getAttribute("data-indicator")!,
            { value: td.getAttribute("data-value")!, text: td.textContent!.trim() },
          ]),
        ),
      ]),
    ),
  );
}

describe("overview in Chromium", () => {
  it("shows every workload with the API's numbers, which match the known data", async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${app.url}/`);
    expect(res!.status()).toBe(200);
    await page
      .waitForSelector('[data-testid="indicators-30d"] tbody tr', { timeout: 60_000 })
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\npage: ${await page.textContent("main")}`);
      });
    await page.screenshot({ path: join(SHOTS, "overview.png"), fullPage: true });

    const evaluatedAt = await page.getAttribute('[data-testid="data-age"]', "data-evaluated-at");
    const api = (await (
      await fetch(`${app.url}/api/v1/workloads?range=1h&time=${encodeURIComponent(evaluatedAt!)}`)
    ).json()) as WorkloadsResponse;
    expect(api.evaluatedAt).toBe(evaluatedAt);
    expect(api.errors).toEqual([]);

    for (const range of ["1h", "30d"] as const) {
      const shown = await readPanel(page, `indicators-${range}`);
      expect(Object.keys(shown)).toEqual(["alpha", "beta", "gamma", "delta"]);
      for (const w of api.workloads) {
        for (const col of INDICATOR_COLUMNS) {
          const apiValue = w.indicators[range]![col.key];
          const cell = shown[w.workload]![col.key]!;
          expect(
            cell.value === "" ? null : Number(cell.value),
            `${w.workload} ${col.key} ${range}`,
          ).toBe(apiValue);
          expect(cell.text).toBe(col.format(apiValue));
          const known = EXPECTED[range][w.workload as keyof (typeof EXPECTED)["1h"]][col.key];
          if (known === null) expect(apiValue).toBeNull();
          else expect(Math.abs(apiValue! - known)).toBeLessThan(1e-3 * Math.max(known, 1e-3));
        }
      }
    }
    // alpha's 1 % errors read as 99.000 % availability; delta has no series: a dash, not 0.
    const shown1h = await readPanel(page, "indicators-1h");
    expect(shown1h.alpha!.availability!.text).toBe(formatPercent(0.99, 3));
    expect(shown1h.delta!.p95!.text).toBe(formatSeconds(null));

    const requests = await page.getAttribute(
      '[data-testid="usage"] tr[data-workload="alpha"] td[data-value]',
      "data-value",
    );
    expect(Number(requests)).toBe(CH_EXPECTED.alpha.requests);
    expect(api.workloads.find((w) => w.workload === "alpha")!.usage!.requests).toBe(
      CH_EXPECTED.alpha.requests,
    );
    await page.close();
  });

  it("is served from the ISR cache, revalidated every REVALIDATE_SECONDS", async () => {
    await fetch(`${app.url}/overview/6h`);
    const res = await fetch(`${app.url}/overview/6h`);
    expect(res.headers.get("x-nextjs-cache")).toMatch(/HIT|STALE/);
    expect(res.headers.get("cache-control")).toContain("s-maxage=2");
  });

  it("switches range through path presets", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/`);
    await page.click('nav[aria-label="Time range"] >> text=24h');
    await page.waitForURL(/\/overview\/24h$/);
    await expect(page.textContent('[data-testid="indicators-24h"] h2')).resolves.toBe(
      "Last 24 hours",
    );
    const res = await fetch(`${app.url}/overview/2y`);
    expect(res.status).toBe(404);
    await page.close();
  });

  it("answers malformed API parameters with 400 naming the parameter", async () => {
    const bad = await fetch(`${app.url}/api/v1/workloads?range=2y`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { parameter: "range" } });
    const badTime = await fetch(`${app.url}/api/v1/workloads?time=yesterday`);
    expect(badTime.status).toBe(400);
    expect(await badTime.json()).toMatchObject({ error: { parameter: "time" } });
  });

  it("refuses a catalog with an unknown preset or a malformed selector at start-up, in one line", async () => {
    const cases = [
      [
        "workloads:\n  - { name: a, team: t, convention: statsd }\n",
        'workloads[0].convention: expected one of prometheus-client, opentelemetry, custom (got "statsd")',
      ],
      [
        "workloads:\n  - { name: a, team: t, convention: opentelemetry, selector: 'ns=prod' }\n",
        'workloads[0].selector: expected label="value" matchers',
      ],
    ] as const;
    for (const [yaml, expected] of cases) {
      const file = join(dir, "bad-catalog.yaml");
      writeFileSync(file, yaml);
      const r = await startAppExpectingFailure({
        CATALOG_FILE: file,
        CLICKHOUSE_DATA_DIR: join(dir, "unused"),
      });
      expect(r.code).toBe(1);
      const lines = r.stderr.split("\n").filter((l) => l.includes("sightline:"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`sightline: cannot start: ${file}: ${expected}`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it("keeps rendering with a per-panel error naming Prometheus when Prometheus stops", async () => {
    await prom.stop();
    const page = await browser.newPage();
    // ISR serves the cached page once more while it regenerates; poll for the new one.
    const deadline = Date.now() + 60_000;
    let errors = 0;
    while (Date.now() < deadline) {
      const res = await page.goto(`${app.url}/`);
      expect(res!.status()).toBe(200);
      errors = await page
        .locator('[data-testid^="indicators-"] [data-testid="panel-error"]')
        .count();
      if (errors === 2) break;
      await page.waitForTimeout(1000);
    }
    expect(errors).toBe(2);
    await expect(
      page.textContent('[data-testid="indicators-1h"] [role="alert"]'),
    ).resolves.toContain("Prometheus is unavailable");
    // The ClickHouse panel is unaffected.
    expect(await page.locator('[data-testid="usage"] tbody tr').count()).toBe(4);
    await page.screenshot({ path: join(SHOTS, "overview-prometheus-down.png"), fullPage: true });
    // Results are cached per 15-second evaluation step: poll until a step after the stop.
    let body: WorkloadsResponse | undefined;
    while (Date.now() < deadline + 30_000) {
      const api = await fetch(`${app.url}/api/v1/workloads?range=1h`);
      expect(api.status).toBe(200);
      body = (await api.json()) as WorkloadsResponse;
      if (body.errors.length > 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(body!.errors.map((e) => e.source)).toEqual(["Prometheus", "Prometheus"]);
    expect(body!.workloads.find((w) => w.workload === "alpha")!.usage!.requests).toBe(
      CH_EXPECTED.alpha.requests,
    );
    await page.close();
  });
});
