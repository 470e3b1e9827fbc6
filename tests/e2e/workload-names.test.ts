import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPercent } from "@/components/format";
import type { WorkloadsResponse } from "@/lib/overview/api-shape";
import type { WorkloadSloReport } from "@/lib/slo";
import type { WorkloadSeries } from "@/lib/workload/types";
import { workloadHref, workloadSegment } from "@/lib/workload/url";
import { backfillStepped, seriesKey } from "@/scripts/lib/backfill";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { launchChromium } from "../support/browser";

/**
 * Workload names that are real grouping-label values (a PodMonitor's `namespace/name`,
 * upper case, `+`, `:`, a space, non-ASCII, `%` and `~`, all dots) end to end: catalog →
 * Prometheus queries → API → overview → link → workload page → back.
 */
/** A name that is markup: it must stay text everywhere it shows (docs/security.md). */
const MARKUP = `<img src=x onerror="window.__pwned=1">`;
const NAMES = [
  "a+b",
  "shop/checkout",
  "svc:v2",
  "Checkout",
  "checkout",
  "my service",
  "zähler-π",
  "50%~ok",
  "..",
  MARKUP,
];
/** Workload k (from 1) fails k in 1000 requests: every workload has figures of its own. */
const availabilityOf = (name: string) => 1 - (NAMES.indexOf(name) + 1) / 1000;

let prom: PrometheusServer;
let app: AppServer;
let browser: Browser;
let dir: string;
const endMs = Math.floor(Date.now() / 60_000) * 60_000;

beforeAll(async () => {
  ensurePrometheus();
  dir = mkdtempSync(join(tmpdir(), "sightline-names-e2e-"));
  backfillStepped({
    dataDir: join(dir, "prometheus", "data"),
    tmpDir: join(dir, "tmp"),
    startMs: endMs - 2 * 3600_000,
    endMs,
    stepMs: 60_000,
    series: NAMES.flatMap((service, i) => [
      { key: seriesKey("http_requests_total", { service, status: "200" }), at: () => 999 - i },
      { key: seriesKey("http_requests_total", { service, status: "500" }), at: () => i + 1 },
    ]),
  });
  prom = await startPrometheus({ dir: join(dir, "prometheus") });
  const catalog = join(dir, "catalog.yaml");
  writeFileSync(
    catalog,
    `groupingLabel: service\nslos: [{ indicator: availability, objective: 99 }]\nworkloads:\n${NAMES.map(
      (n) => `  - { name: ${JSON.stringify(n)}, team: shop, convention: prometheus-client }\n`,
    ).join("")}`,
  );
  app = await startApp({
    PROMETHEUS_URL: prom.url,
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    CATALOG_FILE: catalog,
    REVALIDATE_SECONDS: "2",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await prom?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const close = (actual: number | null | undefined, expected: number, what: string) =>
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThan(1e-9);

/** The overview's workload rows: name, link and availability cell as shown. */
async function overviewRows(page: Page) {
  return page.$$eval('[data-testid="indicators-1h"] tbody tr[data-workload]', (rows) =>
    rows.map((tr) => ({
      name: tr.getAttribute("data-workload")!,
      href: tr.querySelector("a")!.getAttribute("href")!,
      link: tr.querySelector("a")!.textContent,
      availability: tr.querySelector('td[data-indicator="availability"]')!.textContent!.trim(),
    })),
  );
}

describe("workload names that are any label value", () => {
  it("reach the API with their own figures, by name and by path", async () => {
    const time = new Date(endMs).toISOString();
    const res = await fetch(`${app.url}/api/v1/workloads?range=1h&time=${time}`);
    expect(res.status).toBe(200);
    const api = (await res.json()) as WorkloadsResponse;
    expect(api.errors).toEqual([]);
    expect(api.workloads.map((w) => w.workload).sort()).toEqual([...NAMES].sort());
    for (const w of api.workloads) {
      close(w.indicators["1h"]!.availability, availabilityOf(w.workload), w.workload);
    }

    for (const name of NAMES) {
      const slos = await fetch(
        `${app.url}/api/v1/slos/${workloadSegment(name)}?range=1h&time=${time}`,
      );
      expect(slos.status, name).toBe(200);
      const report = (await slos.json()) as WorkloadSloReport;
      expect(report.status.ok && report.status.data.workload, name).toBe(name);
      const sli = report.status.ok ? report.status.data.slos[0]!.sli : null;
      close(sli, availabilityOf(name), `${name} SLI`);

      const q = `from=${endMs / 1000 - 3600}&to=${endMs / 1000}`;
      const series = await fetch(
        `${app.url}/api/v1/workloads/${workloadSegment(name)}/series?${q}`,
      );
      expect(series.status, name).toBe(200);
      expect(((await series.json()) as WorkloadSeries).workload).toBe(name);
    }
    // A segment the mapping never writes names no workload, rather than a wrong one.
    const stray = await fetch(`${app.url}/api/v1/slos/50%25~ok`);
    expect(stray.status).toBe(404);
  });

  it("show on the overview, link to their own page and back", async () => {
    const page = await browser.newPage();
    const overview = `${app.url}/overview/1h`;
    expect((await page.goto(overview))!.status()).toBe(200);
    await page.waitForSelector('[data-testid="indicators-1h"] tbody tr', { timeout: 60_000 });
    const rows = await overviewRows(page);
    expect(rows.map((r) => r.name).sort()).toEqual([...NAMES].sort());
    for (const r of rows) {
      expect(r.link).toBe(r.name);
      expect(r.href).toBe(workloadHref(r.name, "24h"));
      expect(r.availability).toBe(formatPercent(availabilityOf(r.name), 3));
    }

    for (const name of NAMES) {
      const row = page.locator('[data-testid="indicators-1h"] tbody tr[data-workload]', {
        has: page.getByRole("link", { name, exact: true }),
      });
      await row.getByRole("link", { name, exact: true }).click();
      await page.waitForURL(`${app.url}${workloadHref(name, "24h")}`);
      await page.waitForFunction((n) => document.querySelector("h1")?.textContent === n, name, {
        timeout: 30_000,
      });
      // The title streams in after the page: wait for it rather than read it at once.
      const title = `${name} · 24h | Sightline`;
      await page
        .waitForFunction((t) => document.title === t, title, { timeout: 10_000 })
        .catch(async () => expect(await page.title()).toBe(title));
      await page.goBack();
      await page.waitForURL(overview);
      await page.waitForSelector('[data-testid="indicators-1h"] tbody tr');
    }

    // The markup name was shown on the overview and its page, and ran nowhere: the HTML
    // holds it escaped only.
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    const html = await (await fetch(overview)).text();
    expect(html).not.toContain(MARKUP);
    expect(html).toContain("&lt;img src=x onerror=");

    // Typed by hand: the bare path redirects, and a raw `+` or `:` is the same workload.
    for (const [path, name] of [
      [workloadHref("shop/checkout"), "shop/checkout"],
      ["/workloads/a+b/24h", "a+b"],
      ["/workloads/svc:v2/7d", "svc:v2"],
      ["/workloads/z%C3%A4hler-%CF%80/24h", "zähler-π"],
    ] as const) {
      expect((await page.goto(`${app.url}${path}`))!.status(), path).toBe(200);
      expect(await page.textContent("h1"), path).toBe(name);
    }
    expect(page.url()).toBe(`${app.url}/workloads/z%C3%A4hler-%CF%80/24h`);
    // Names that differ only in case are two workloads; a dot-only name is not "..".
    expect((await page.goto(`${app.url}/workloads/Checkout/24h`))!.status()).toBe(200);
    expect(await page.textContent("h1")).toBe("Checkout");
    expect((await page.goto(`${app.url}/workloads/~2E~2E/24h`))!.status()).toBe(200);
    expect(await page.textContent("h1")).toBe("..");
    await page.close();
  });
});
