/**
 * Caches keyed by what they depend on (docs/caching.md): a restart with a changed catalog
 * answers, on the very first request for an evaluation step the old server already cached,
 * with the new catalog's figures — from the API and from the ISR page.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { WorkloadsResponse } from "@/lib/overview/api-shape";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";

let prom: KnownPrometheus;
let dir: string;
let app: AppServer | undefined;

// alpha serves 1 % 500s (tests/support/known-data.ts). The second catalog reads only its
// non-500 requests: the same series, another figure.
const BEFORE = "workloads:\n  - { name: alpha, team: core, convention: prometheus-client }\n";
const AFTER =
  "workloads:\n" +
  "  - { name: alpha, team: core, convention: prometheus-client, selector: 'status!=\"500\"' }\n";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-catalog-change-"));
  prom = await startKnownPrometheus();
});
afterAll(async () => {
  await app?.stop();
  await prom?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function availability(url: string, time: number): Promise<number | null | undefined> {
  const res = await fetch(`${url}/api/v1/workloads?range=1h&time=${time / 1000}`);
  const body = (await res.json()) as WorkloadsResponse;
  return body.workloads.find((w) => w.workload === "alpha")?.indicators["1h"]?.availability;
}

/** The availability cell of alpha's row in the overview's HTML, as the page rendered it. */
async function pageAvailability(url: string): Promise<string | undefined> {
  const html = await (await fetch(`${url}/overview/1h`)).text();
  const row = html.split('data-workload="alpha"')[1] ?? "";
  return /data-indicator="availability" data-value="([^"]*)"/.exec(row)?.[1];
}

it("serves the new catalog's figures on the first request after a restart", async () => {
  const catalogFile = join(dir, "workloads.yaml");
  const env = {
    PROMETHEUS_URL: prom.url,
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    CATALOG_FILE: catalogFile,
    REVALIDATE_SECONDS: "3600", // nothing expires between the two requests on its own
  };
  writeFileSync(catalogFile, BEFORE);
  app = await startApp(env);
  expect(await availability(app.url, prom.endMs)).toBeCloseTo(0.99, 9);
  expect(Number(await pageAvailability(app.url))).toBeCloseTo(0.99, 9);
  await app.stop();

  // The same file edited in place, the same build and cache directory, the same step.
  writeFileSync(catalogFile, AFTER);
  app = await startApp(env, { keepCache: true });
  expect(await availability(app.url, prom.endMs)).toBe(1);
  expect(await pageAvailability(app.url)).toBe("1");
});
