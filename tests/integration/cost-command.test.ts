/**
 * `npm run cost:sync` as a CronJob runs it: the server's environment and catalog, a line per
 * chunk, one line and exit 1 on a bad configuration or a failed query.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { freePort } from "@/scripts/lib/processes";
import { CATALOG_YAML, HOUR, writeCostData } from "../support/cost-data";

const T = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;
let dir: string;
let server: PrometheusServer;
let env: Record<string, string>;

beforeAll(async () => {
  ensurePrometheus();
  dir = mkdtempSync(join(tmpdir(), "sightline-cost-command-"));
  writeCostData(join(dir, "data"), join(dir, "tmp"), T);
  server = await startPrometheus({ dir });
  writeFileSync(join(dir, "catalog.yaml"), CATALOG_YAML);
  env = {
    PROMETHEUS_URL: server.url,
    CATALOG_FILE: join(dir, "catalog.yaml"),
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    COST_SYNC_CHUNK_HOURS: "4",
  };
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function costSync(
  extraEnv: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/cost-sync.ts", ...args],
      { env: { ...process.env, ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run cost:sync", () => {
  it("syncs every final hour since the earliest data with a line per chunk, then nothing", async () => {
    const first = await costSync({});
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.trim().split("\n");
    expect(lines[0]).toMatch(
      /^cost sync \(.+\): 4 of 4 workloads mapped to Kubernetes; ClickHouse embedded in .+; chunks of 4 h$/,
    );
    // Chunks of 4 hours up to the last final hour; the data's three hours give 9 rows.
    const chunks = lines.filter((l) =>
      /^ {2}\d{4}-.*workload rows \(chunk \d+\/\d+, [\d.]+ s\)$/.test(l),
    );
    expect(chunks.length).toBeGreaterThan(0);
    const rows = chunks.reduce((n, l) => n + Number(/: (\d+) workload rows/.exec(l)![1]), 0);
    expect(rows).toBe(9);
    expect(lines.at(-1)).toMatch(/^cost sync: \d+ hours from .* workload rows in \d+ chunks?$/);

    const second = await costSync({});
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim().split("\n").at(-1)).toBe(
      "cost sync: up to date: no final hour since the last sync",
    );
  });

  it("--from recomputes from a date; a bad argument is one line and exit 1", async () => {
    const again = await costSync({}, ["--from", new Date(T).toISOString()]);
    expect(again.code, again.stderr).toBe(0);
    // The chunk [T, T+4h) holds the three hours of data: 9 rows.
    expect(again.stdout).toContain(": 9 workload rows (chunk 1/");
    const bad = await costSync({}, ["--since", "yesterday"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'cost sync: cannot start: unknown argument "--since": expected --rebuild or --from DATE',
    );
  });

  it("a bad variable or an unreachable Prometheus is one line and exit 1", async () => {
    const bad = await costSync({ COST_SYNC_CHUNK_HOURS: "0" });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'cost sync: cannot start: environment: COST_SYNC_CHUNK_HOURS: expected 1 to 168 hours (got "0")',
    );
    const down = await costSync(
      {
        PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
        CLICKHOUSE_DATA_DIR: join(dir, "other"),
      },
      ["--rebuild"],
    );
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toMatch(
      /^cost sync failed: Prometheus \(cost:earliest\): .*ECONNREFUSED/,
    );
  });
});
