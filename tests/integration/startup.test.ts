import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppExpectingFailure } from "@/scripts/lib/app-server";

// `npm start` checks before Next.js opens its port, so these need no production build.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sightline-startup-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exit 1, the one line on stderr, and nothing claiming to be ready (nor listening). */
function expectRefusal(r: Awaited<ReturnType<typeof startAppExpectingFailure>>, line: string) {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.stderr.trim().split("\n")).toEqual([line]);
  expect(r.stdout).not.toMatch(/Ready/);
  expect(r.stdout).not.toMatch(/Local:|http:\/\//);
}

describe("npm start with a bad configuration", () => {
  it("refuses an invalid catalog before anything says Ready", async () => {
    const file = join(dir, "bad-catalog.yaml");
    writeFileSync(file, "workloads:\n  - { name: a, team: t, convention: statsd }\n");
    const r = await startAppExpectingFailure({
      CATALOG_FILE: file,
      CLICKHOUSE_DATA_DIR: join(dir, "unused"),
    });
    expectRefusal(
      r,
      `sightline: cannot start: ${file}: workloads[0].convention: expected one of prometheus-client, opentelemetry, custom (got "statsd")`,
    );
  });

  it("refuses a custom workload without a metric its SLOs read, naming the SLO", async () => {
    const file = join(dir, "custom-catalog.yaml");
    writeFileSync(
      file,
      `workloads:
  - { name: jobs, team: t, convention: custom, metrics: { requests: jobs_total, errors: 'outcome="failed"' } }
`,
    );
    const r = await startAppExpectingFailure({
      CATALOG_FILE: file,
      CLICKHOUSE_DATA_DIR: join(dir, "unused"),
    });
    expectRefusal(
      r,
      `sightline: cannot start: ${file}: workloads[0].metrics.latency: expected metrics.latency for the custom convention: its latency-200ms SLO (the catalog's default SLOs) reads it; set it or list slos: without latency`,
    );
  });

  it("refuses an invalid environment variable before anything says Ready", async () => {
    const r = await startAppExpectingFailure({
      CATALOG_FILE: "tests/fixtures/catalog.yaml",
      CLICKHOUSE_DATA_DIR: join(dir, "unused"),
      PROMETHEUS_TIMEOUT_MS: "soon",
    });
    expectRefusal(
      r,
      'sightline: cannot start: environment: PROMETHEUS_TIMEOUT_MS: expected a whole number (got "soon")',
    );
  });
});
