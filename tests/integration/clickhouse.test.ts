import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, selectRows, type ClickHouse } from "@/lib/clickhouse/connect";
import { fetchWorkloadUsage } from "@/lib/clickhouse/queries/workload-usage";
import {
  hourlyFromMinutes,
  MIGRATIONS,
  workloadHourlyFromMinutes,
} from "@/lib/clickhouse/migrations";
import { DataSourceError } from "@/lib/errors/data-source-error";
import { z } from "zod";
import { CH_EXPECTED, DATABASE, openEmbedded, seedKnownClickHouse } from "../support/clickhouse";

let dir: string;
let ch: ClickHouse;
const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 1_800_000;
const from = new Date(endMs - 30 * 86_400_000);
const to = new Date(endMs);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-ch-"));
  ch = openEmbedded(join(dir, "clickhouse"));
  await seedKnownClickHouse(ch, endMs);
});
afterAll(async () => {
  await ch?.client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("embedded ClickHouse", () => {
  it("applies every migration once and records it", async () => {
    expect(await migrate(ch)).toEqual([]); // already applied by the seed
    const rows = await selectRows(ch, {
      tag: "test",
      query: "SELECT version FROM {db}.schema_migrations ORDER BY version",
      row: z.object({ version: z.number() }),
    });
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("fills the per-minute rollup from the request log", async () => {
    const [raw] = await selectRows(ch, {
      tag: "test",
      query: "SELECT sum(sample_weight) AS n FROM {db}.request_log",
      row: z.object({ n: z.number() }),
    });
    const [rolled] = await selectRows(ch, {
      tag: "test",
      query: "SELECT sum(requests) AS n FROM {db}.request_rollup_1m",
      row: z.object({ n: z.number() }),
    });
    expect(rolled!.n).toBe(raw!.n);
    expect(raw!.n).toBe(1010 * 3 + 401);
  });

  it("fills the hourly rollup from the log, and from the per-minute rollup for older data", async () => {
    const byHour = () =>
      selectRows(ch, {
        tag: "test",
        query: `SELECT toUnixTimestamp(hour) AS h, workload, route, sum(requests) AS n,
                  sum(errors) AS e, quantilesTDigestWeightedMerge(0.5, 0.95, 0.99)(duration_ms)[2] AS p95
                FROM {db}.request_rollup_1h GROUP BY h, workload, route ORDER BY h, workload, route`,
        row: z.object({
          h: z.number(),
          workload: z.string(),
          route: z.string(),
          n: z.number(),
          e: z.number(),
          p95: z.number(),
        }),
      });
    const fromLog = await byHour();
    const [raw] = await selectRows(ch, {
      tag: "test",
      query: "SELECT sum(sample_weight) AS n FROM {db}.request_log",
      row: z.object({ n: z.number() }),
    });
    expect(fromLog.reduce((a, r) => a + r.n, 0)).toBe(raw!.n);
    // Data written before the hourly rollup existed: the migration's backfill gives the same.
    await ch.client.command({ query: `TRUNCATE TABLE ${DATABASE}.request_rollup_1h` });
    await ch.client.command({
      query: hourlyFromMinutes("(SELECT count() FROM {db}.request_rollup_1h) = 0").replaceAll(
        "{db}",
        DATABASE,
      ),
    });
    const fromMinutes = await byHour();
    const counts = (rows: typeof fromLog) => rows.map((r) => [r.h, r.workload, r.route, r.n, r.e]);
    expect(counts(fromMinutes)).toEqual(counts(fromLog));
    fromMinutes.forEach((r, i) => expect(r.p95).toBeCloseTo(fromLog[i]!.p95, 6));
  });

  it("fills the per-workload hourly rollup with the per-route one's sums, and backfills it alike", async () => {
    const byHour = () =>
      selectRows(ch, {
        tag: "test",
        query: `SELECT toUnixTimestamp(hour) AS h, workload, sum(requests) AS n, sum(errors) AS e,
                  quantilesTDigestWeightedMerge(0.5, 0.95, 0.99)(duration_ms)[2] AS p95
                FROM {db}.workload_rollup_1h GROUP BY h, workload ORDER BY h, workload`,
        row: z.object({
          h: z.number(),
          workload: z.string(),
          n: z.number(),
          e: z.number(),
          p95: z.number(),
        }),
      });
    const perRoute = await selectRows(ch, {
      tag: "test",
      query: `SELECT toUnixTimestamp(hour) AS h, workload, sum(requests) AS n, sum(errors) AS e
              FROM {db}.request_rollup_1h GROUP BY h, workload ORDER BY h, workload`,
      row: z.object({ h: z.number(), workload: z.string(), n: z.number(), e: z.number() }),
    });
    const fromLog = await byHour();
    const counts = (rows: { h: number; workload: string; n: number; e: number }[]) =>
      rows.map((r) => [r.h, r.workload, r.n, r.e]);
    expect(fromLog.length).toBeGreaterThan(0);
    expect(counts(fromLog)).toEqual(counts(perRoute));
    await ch.client.command({ query: `TRUNCATE TABLE ${DATABASE}.workload_rollup_1h` });
    await ch.client.command({
      query: workloadHourlyFromMinutes(
        "(SELECT count() FROM {db}.workload_rollup_1h) = 0",
      ).replaceAll("{db}", DATABASE),
    });
    const fromMinutes = await byHour();
    expect(counts(fromMinutes)).toEqual(counts(fromLog));
    fromMinutes.forEach((r, i) => expect(r.p95).toBeCloseTo(fromLog[i]!.p95, 6));
  });

  it("computes usage per workload equal to hand-worked answers and raw-log SQL", async () => {
    const usage = await fetchWorkloadUsage(ch, ["alpha", "beta", "nobody"], from, to);
    const by = Object.fromEntries(usage.map((u) => [u.workload, u]));
    for (const name of ["alpha", "beta"] as const) {
      const want = CH_EXPECTED[name];
      const got = by[name]!;
      expect(got.requests).toBe(want.requests);
      expect(got.errorRatio).toBeCloseTo(want.errorRatio, 12);
      expect(got.p95Ms).toBeCloseTo(want.p95Ms, 3);
      if (want.costUsd === null) expect(got.costUsd).toBeNull();
      else expect(got.costUsd).toBeCloseTo(want.costUsd, 9);
      if (want.costPerMillionRequests === null) expect(got.costPerMillionRequests).toBeNull();
      else expect(got.costPerMillionRequests).toBeCloseTo(want.costPerMillionRequests, 6);
      // Independently from the raw log, not the rollup.
      const [raw] = await selectRows(ch, {
        tag: "test",
        query: `SELECT sum(sample_weight) AS n, sumIf(sample_weight, status >= 500) AS e,
                  quantileExactWeighted(0.95)(duration_ms, sample_weight) AS p95
                FROM {db}.request_log
                WHERE workload = {w:String} AND ts >= {from:DateTime64(3)} AND ts < {to:DateTime64(3)}`,
        params: { w: name, from: from.getTime() / 1000, to: to.getTime() / 1000 },
        row: z.object({ n: z.number(), e: z.number(), p95: z.number() }),
      });
      expect(got.requests).toBe(raw!.n);
      expect(got.errorRatio).toBeCloseTo(raw!.e / raw!.n, 12);
      expect(got.p95Ms).toBeCloseTo(raw!.p95, 3);
    }
    // No rows at all: unknown, not zero.
    expect(by.nobody).toEqual({
      workload: "nobody",
      requests: null,
      errorRatio: null,
      p95Ms: null,
      costUsd: null,
      costPerMillionRequests: null,
    });
  });

  it("tells a workload without request rows (null) from one whose rows sum to 0 requests", async () => {
    const endS = Math.floor(endMs / 1000);
    // zero: request rows inside the window whose sample weights are all 0; cost-only: an
    // hourly cost row and no request row at all.
    await ch.client.command({
      query: `INSERT INTO ${DATABASE}.request_log
        (ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight)
        SELECT toDateTime64({end:UInt32} - 120 - number * 3600, 3, 'UTC'), 'zero', '/', 'GET',
               200, 10, 'hit', 1, 'z-0', 0
        FROM numbers(30)`,
      query_params: { end: endS },
    });
    await ch.client.command({
      query: `INSERT INTO ${DATABASE}.workload_cost_hourly
          (hour, workload, team, cpu_request_cores, cpu_usage_cores, memory_request_gib,
           memory_usage_gib, cpu_price_per_core_hour, memory_price_per_gib_hour, cost_usd)
        SELECT toDateTime(intDiv({end:UInt32}, 3600) * 3600 - 7200), 'cost-only', 'core',
               1, 0.5, 2, 1, 0.031611, 0.004237, 2.5`,
      query_params: { end: endS },
    });
    const usage = await fetchWorkloadUsage(ch, ["zero", "cost-only"], from, to);
    expect(usage).toEqual([
      {
        workload: "zero",
        requests: 0,
        errorRatio: null,
        p95Ms: null,
        costUsd: null,
        costPerMillionRequests: null,
      },
      {
        workload: "cost-only",
        requests: null,
        errorRatio: null,
        p95Ms: null,
        costUsd: 2.5,
        costPerMillionRequests: null,
      },
    ]);
  });

  it("passes hostile workload names as parameters, never as SQL", async () => {
    const hostile = "x' OR 1=1 --";
    const usage = await fetchWorkloadUsage(ch, [hostile], from, to);
    expect(usage).toEqual([
      {
        workload: hostile,
        requests: null,
        errorRatio: null,
        p95Ms: null,
        costUsd: null,
        costPerMillionRequests: null,
      },
    ]);
  });

  it("turns a failing query into a DataSourceError naming ClickHouse and the tag", async () => {
    const err = await selectRows(ch, {
      tag: "broken",
      query: "SELECT nope FROM {db}.request_log",
      row: z.object({}),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataSourceError);
    expect((err as DataSourceError).source).toBe("ClickHouse");
    expect((err as DataSourceError).message).toMatch(/^ClickHouse \(broken\): .*nope/);
  });

  it("rejects rows of an unexpected shape where they enter the app", async () => {
    const err = await selectRows(ch, {
      tag: "shape",
      query: "SELECT 'text' AS n",
      row: z.object({ n: z.number() }),
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/row 0 has an unexpected shape at n/);
    expect(DATABASE).toBe(ch.database);
  });
});
