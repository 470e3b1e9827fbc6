import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPercent, formatSeconds } from "@/components/format";
import { INDICATOR_COLUMNS } from "@/components/indicator-table";
import type { StaleSummary } from "@/lib/cache/stale";
import type { WorkloadsResponse } from "@/lib/overview/api-shape";
import type { WorkloadSlos } from "@/lib/slo/status";
import { EXPECTED } from "../support/known-data";
import { openEmbedded, seedKnownClickHouse, CH_EXPECTED } from "../support/clickhouse";
import { startApp, startAppExpectingFailure, type AppServer } from "@/scripts/lib/app-server";
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
      expect(Object.keys(shown).sort()).toEqual(["alpha", "beta", "delta", "gamma"]);
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
    // The dash says why: which selector matched no series (the catalog check).
    const deltaP95 = page.locator(
      '[data-testid="indicators-1h"] tr[data-workload="delta"] td[data-indicator="p95"] span',
    );
    expect(await deltaP95.getAttribute("title")).toBe(
      "no series matched http_request_duration_seconds_bucket",
    );
    // Its dashes, dots and times signs are entities: the cached HTML stays ASCII, a string
    // that Node writes faster (components/entity.tsx).
    const html = await (await fetch(`${app.url}/overview/1h`)).text();
    expect(html).toContain("&mdash;");
    expect(html.match(/[^\u0000-\u007f]/g) ?? []).toEqual([]);

    const requests = await page.getAttribute(
      '[data-testid="usage"] tr[data-workload="alpha"] td[data-value]',
      "data-value",
    );
    expect(Number(requests)).toBe(CH_EXPECTED.alpha.requests);
    expect(api.workloads.find((w) => w.workload === "alpha")!.usage!.requests).toBe(
      CH_EXPECTED.alpha.requests,
    );
    // delta has no rows in ClickHouse: requests are unknown (null, a dash), not 0.
    expect(api.workloads.find((w) => w.workload === "delta")!.usage!.requests).toBeNull();
    const deltaUsage = page.locator('[data-testid="usage"] tr[data-workload="delta"] td');
    expect(await deltaUsage.first().getAttribute("data-value")).toBe("");
    expect(await deltaUsage.first().textContent()).toBe("—");
    expect(await deltaUsage.first().locator("span").getAttribute("title")).toBe("no data");
    await page.close();
  });

  it("puts the workload in trouble first, and filters, sorts and searches on the client", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/`);
    const order = () =>
      page.$$eval('[data-testid="indicators-1h"] tbody tr', (rows) =>
        rows.map((r) => r.getAttribute("data-workload")),
      );
    // alpha and gamma fail 1 % against 99.9 % (burn 10, a page tier fires); beta burns
    // nothing this hour; delta has no data and comes last.
    expect(await order()).toEqual(["alpha", "gamma", "beta", "delta"]);
    const status = (w: string) =>
      page.getAttribute(
        `[data-testid="indicators-1h"] tr[data-workload="${w}"] [data-status]`,
        "data-status",
      );
    expect(await status("alpha")).toBe("burning");
    expect(await status("beta")).toBe("healthy");
    expect(await status("delta")).toBe("unknown");
    await page.selectOption("select >> nth=0", "edge");
    expect(await order()).toEqual(["gamma", "delta"]);
    await page.selectOption("select >> nth=0", "");
    await page.fill('input[type="search"]', "bet");
    expect(await order()).toEqual(["beta"]);
    await page.fill('input[type="search"]', "");
    await page.selectOption("select >> nth=2", "name");
    expect(await order()).toEqual(["alpha", "beta", "delta", "gamma"]);
    // Keyboard: the search box and the selects are reachable with Tab.
    await page.focus('input[type="search"]');
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SELECT");
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
      "Workloads · last 24 hours",
    );
    const res = await fetch(`${app.url}/overview/2y`);
    expect(res.status).toBe(404);
    await page.close();
  });

  it("serves SLOs whose figures match the hand-worked budget and burn math", async () => {
    const res = await fetch(`${app.url}/api/v1/slos?time=${prom.endMs / 1000}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { workloads: WorkloadSlos[] };
    const slo = (w: string, name: string) =>
      body.workloads.find((x) => x.workload === w)!.slos.find((s) => s.name === name)!;
    // alpha: 1 % errors against 99.9 %: burn 10 everywhere, ten budgets spent (remaining −9).
    const a = slo("alpha", "availability");
    expect(a.budgetRemaining!).toBeCloseTo(-9, 6);
    expect(a.burnRates["1h"]!).toBeCloseTo(10, 6);
    expect(Object.fromEntries(a.alerts.map((t) => [t.tier, t.firing]))).toEqual({
      "page-fast": false,
      "page-slow": true,
      "ticket-1d": true,
      "ticket-3d": true,
    });
    // alpha: 90 % ≤ 200 ms against 95 %: burn 2; 98 % ≤ 500 ms against 99 %: burn 2.
    expect(slo("alpha", "latency-200ms").burnRates["6h"]!).toBeCloseTo(2, 6);
    expect(slo("alpha", "latency-500ms").budgetRemaining!).toBeCloseTo(-1, 6);
    // beta has no 200 ms bucket: refused with the boundaries it has.
    expect(slo("beta", "latency-200ms").problem).toBe(
      "200 ms is not a bucket boundary of http_server_request_duration_seconds; nearest: 100 ms, 250 ms",
    );
    // beta: 72 × 100 errors in 30 days of 1,000 a step: 0.8333 of the budget spent.
    expect(slo("beta", "availability").budgetRemaining!).toBeCloseTo(1 - 7200 / 8.64e6 / 0.001, 3);
    expect(slo("delta", "availability").sli).toBeNull();

    const one = await fetch(`${app.url}/api/v1/slos/alpha?range=6h&time=${prom.endMs / 1000}`);
    const detail = (await one.json()) as {
      series: {
        ok: boolean;
        data: {
          slo: string;
          budgetRemaining: [number, number][];
          burnRates: Record<string, [number, number][]>;
        }[];
      };
    };
    expect(detail.series.ok).toBe(true);
    const series = detail.series.data.find((x) => x.slo === "availability")!;
    expect(series.budgetRemaining.at(-1)![1]).toBeCloseTo(-9, 6);
    expect(series.burnRates["1h"]!.length).toBeGreaterThan(100);
    expect(series.burnRates["1h"]!.at(-1)![1]).toBeCloseTo(10, 6);
  });

  it("answers unknown workloads with 404 and describes the API in OpenAPI", async () => {
    const missing = await fetch(`${app.url}/api/v1/slos/nobody`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { parameter: "workload" } });
    const badRange = await fetch(`${app.url}/api/v1/slos/alpha?range=2y`);
    expect(badRange.status).toBe(400);
    expect(await badRange.json()).toMatchObject({ error: { parameter: "range" } });
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual([
      "/api/v1/workloads",
      "/api/v1/slos",
      "/api/v1/slos/{workload}",
      "/api/v1/workloads/{name}/series",
      "/api/v1/workloads/{name}/routes",
      "/api/v1/cost",
      "/api/v1/oncall",
      "/api/v1/catalog/check",
      "/api/v1/cost/recommendations",
      "/api/v1/cost/recommendations.csv",
    ]);
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
    // `npm start` checks before the port opens; bare `next start` (its register() check)
    // refuses too, but Next.js has printed "Ready" by then (scripts/start.mjs).
    for (const command of ["npm start", "next start"] as const) {
      for (const [yaml, expected] of cases) {
        const file = join(dir, "bad-catalog.yaml");
        writeFileSync(file, yaml);
        const r = await startAppExpectingFailure(
          { CATALOG_FILE: file, CLICKHOUSE_DATA_DIR: join(dir, "unused") },
          command,
        );
        expect(r.code).toBe(1);
        const lines = r.stderr.split("\n").filter((l) => l.includes("sightline:"));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`sightline: cannot start: ${file}: ${expected}`);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
        if (command === "npm start") expect(r.stdout).not.toMatch(/Ready/);
      }
    }
  });

  it("says on the workload page's empty charts which selector matched nothing", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/workloads/delta/1h`);
    const card = page.locator('[data-testid="chart-latency"]');
    await card.scrollIntoViewIfNeeded();
    await expect(card.locator('[data-testid="chart-empty"]').textContent()).resolves.toBe(
      'No series matched http_request_duration_seconds_bucket{workload="delta"}.',
    );
    const check = await (await fetch(`${app.url}/api/v1/catalog/check`)).json();
    const delta = check.workloads.find((w: { workload: string }) => w.workload === "delta");
    expect(delta.metrics.every((m: { state: string }) => m.state === "missing")).toBe(true);
    await page.close();
  });

  it("keeps the last good figures, marked stale, when Prometheus stops; with none, a panel names Prometheus", async () => {
    await prom.stop();
    const page = await browser.newPage();
    // ISR serves the cached page once more while it regenerates; poll for the new one.
    const deadline = Date.now() + 60_000;
    // Both indicator panels carry a notice. The table's SLO figures may carry one of their
    // own: when Prometheus stopped between the two reads of one render, their last good data
    // is a step older than the indicators' (seen on a loaded machine).
    const staleIn = (id: string) =>
      page
        .locator(`[data-testid="${id}"] [data-testid="panel-stale"]`)
        .filter({ hasText: "Stale: last good data from" })
        .count();
    let stale: number[] = [];
    while (Date.now() < deadline) {
      const res = await page.goto(`${app.url}/`);
      expect(res!.status()).toBe(200);
      stale = [await staleIn("indicators-1h"), await staleIn("indicators-30d")];
      if (stale.every((n) => n === 1)) break;
      await page.waitForTimeout(1000);
    }
    expect(stale).toEqual([1, 1]);
    await expect(
      page.textContent('[data-testid="indicators-1h"] [data-testid="panel-stale"]'),
    ).resolves.toMatch(/^Stale: last good data from \d\d:\d\d:\d\d UTC .*Prometheus \(/);
    // The last good figures: the known data's, not an error.
    const shown = await readPanel(page, "indicators-1h");
    expect(shown.alpha!.availability!.text).toBe(formatPercent(0.99, 3));
    expect(await page.locator('[data-testid="panel-error"]').count()).toBe(0);
    // The ClickHouse panel is unaffected.
    expect(await page.locator('[data-testid="usage"] tbody tr').count()).toBe(4);
    await page.screenshot({ path: join(SHOTS, "overview-prometheus-down.png"), fullPage: true });

    // With no good answer before, a panel names the failed source: a workload range never
    // rendered (the overview's presets are all prefetched through its links).
    await page.goto(`${app.url}/workloads/beta/30d`);
    const chart = page.locator('[data-testid="chart-requests"] [data-testid="panel-error"]');
    await expect(chart.textContent()).resolves.toContain("Prometheus is unavailable");
    expect(await page.locator('[data-testid="panel-stale"]').count()).toBe(0);

    // Results are cached per 15-second evaluation step: poll until a step after the stop.
    let body: (WorkloadsResponse & { stale?: StaleSummary }) | undefined;
    while (Date.now() < deadline + 30_000) {
      const api = await fetch(`${app.url}/api/v1/workloads?range=1h`);
      expect(api.status).toBe(200);
      body = (await api.json()) as WorkloadsResponse & { stale?: StaleSummary };
      if (body.stale) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(body!.stale!.error.source).toBe("Prometheus");
    expect(body!.stale!.panels).toEqual(expect.arrayContaining(["indicators", "longIndicators"]));
    expect(body!.errors).toEqual([]);
    expect(
      body!.workloads.find((w) => w.workload === "alpha")!.indicators["1h"]!.availability,
    ).toBeCloseTo(0.99, 9);
    expect(body!.workloads.find((w) => w.workload === "alpha")!.usage!.requests).toBe(
      CH_EXPECTED.alpha.requests,
    );
    // Nor is data evaluated after the moment asked for used for it.
    const before = (prom.endMs - 86_400_000) / 1000;
    const none = (await (
      await fetch(`${app.url}/api/v1/workloads?range=1h&time=${before}`)
    ).json()) as WorkloadsResponse & { stale?: StaleSummary };
    expect(none.stale).toBeUndefined();
    expect(none.errors.map((e) => e.source)).toEqual(["Prometheus", "Prometheus"]);
    expect(none.errors.map((e) => e.source)).toEqual(["Prometheus", "Prometheus"]);
    await page.close();
  });
});
