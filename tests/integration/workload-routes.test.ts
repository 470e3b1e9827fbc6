import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { migrate, selectRows, type ClickHouse } from "@/lib/clickhouse/connect";
import { fetchRouteRows } from "@/lib/clickhouse/queries/routes";
import { DATABASE, openEmbedded } from "../support/clickhouse";

const H = 3600_000;
const WORKLOAD = `it's "checkout"`; // needs quoting: parameters, never concatenation
let dir: string;
let ch: ClickHouse;
const endMs = Math.floor(Date.now() / 60_000) * 60_000;
const endS = endMs / 1000;

async function insert(sql: string, params: Record<string, unknown>) {
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.request_log
      (ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight)
      ${sql}`,
    query_params: { end: endS, w: WORKLOAD, ...params },
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-routes-"));
  ch = openEmbedded(join(dir, "clickhouse"));
  await migrate(ch);
  // /known in the last 2 h: 30 rows of 10 ms × 3, 8 of 200 ms × 1, 1 of 900 ms × 2 (a 503).
  // Weighted: 100 requests, p95 = 200 ms (cumulative 98 ≥ 95), p99 = 900 ms; unweighted
  // the p99 would be 200 ms, so the weights are checked.
  await insert(
    `SELECT toDateTime64({end:UInt32} - 60 - number * 120, 3, 'UTC'), {w:String}, '/known', 'GET',
        if(number = 38, 503, 200), multiIf(number < 30, 10, number < 38, 200, 900), 'hit', 1, 'p-0',
        multiIf(number < 30, 3, number < 38, 1, 2)
     FROM numbers(39)`,
    {},
  );
  // /random: 5000 rows, random durations, weights and statuses over the last 40 h.
  await insert(
    `SELECT toDateTime64({end:UInt32} - 1 - rand(1) % (40 * 3600), 3, 'UTC'), {w:String}, '/random',
        'POST', if(rand(2) % 50 = 0, 500, 201), toFloat32(exp(4 + randNormal(0, 1))), 'miss', 1,
        'p-1', 1 + rand(3) % 20
     FROM numbers(5000)`,
    {},
  );
  // Outside every range or another workload: must not count.
  await insert(
    `SELECT toDateTime64({end:UInt32} + number * 0, 3, 'UTC'), {w:String}, '/known', 'GET', 500,
        5000, 'hit', 1, 'p-0', 7 FROM numbers(1)
     UNION ALL
     SELECT toDateTime64({end:UInt32} - 72 * 3600, 3, 'UTC'), {w:String}, '/known', 'GET', 500,
        5000, 'hit', 1, 'p-0', 7 FROM numbers(1)
     UNION ALL
     SELECT toDateTime64({end:UInt32} - 60, 3, 'UTC'), 'checkout', '/known', 'GET', 500,
        5000, 'hit', 1, 'p-0', 7 FROM numbers(1)`,
    {},
  );
});

afterAll(async () => {
  await ch?.client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The same figures computed independently from the raw log: sums and a weighted rank walk. */
async function independent(fromMs: number, toMs: number) {
  return selectRows(ch, {
    tag: "test:independent",
    query: `SELECT route, total, failed,
        pairs[arrayFirstIndex(c -> c >= 0.95 * total, cum)].1 AS p95,
        pairs[arrayFirstIndex(c -> c >= 0.99 * total, cum)].1 AS p99
      FROM (
        SELECT route, sum(sample_weight) AS total,
          sum(if(status >= 500, sample_weight, 0)) AS failed,
          arraySort(p -> p.1, groupArray((toFloat64(duration_ms), toUInt64(sample_weight)))) AS pairs,
          arrayCumSum(arrayMap(p -> p.2, pairs)) AS cum
        FROM {db}.request_log
        WHERE workload = {w:String}
          AND toUnixTimestamp64Milli(ts) >= {from:UInt64} AND toUnixTimestamp64Milli(ts) < {to:UInt64}
        GROUP BY route
      ) ORDER BY route`,
    params: { w: WORKLOAD, from: fromMs, to: toMs },
    row: z.object({
      route: z.string(),
      total: z.number(),
      failed: z.number(),
      p95: z.number(),
      p99: z.number(),
    }),
  });
}

describe("route table SQL on the embedded ClickHouse", () => {
  it("reads ranges under 24 h from the request log with exact weighted quantiles", async () => {
    const from = endMs - 6 * H;
    const { table, rows } = await fetchRouteRows(ch, WORKLOAD, from, endMs);
    expect(table).toBe("request_log");
    const known = rows.find((r) => r.route === "/known")!;
    // Hand-worked: 90 + 8 + 2 requests, 2 of them failed.
    expect(known).toEqual({
      route: "/known",
      requests: 100,
      errorRatio: 0.02,
      p95Ms: 200,
      p99Ms: 900,
    });
    const expected = await independent(from, endMs);
    expect(rows.map((r) => r.route).sort()).toEqual(expected.map((r) => r.route));
    for (const e of expected) {
      const r = rows.find((x) => x.route === e.route)!;
      expect(r.requests, e.route).toBe(e.total);
      expect(r.errorRatio, e.route).toBeCloseTo(e.failed / e.total, 12);
      expect(r.p95Ms, e.route).toBeCloseTo(e.p95, 3);
      expect(r.p99Ms, e.route).toBeCloseTo(e.p99, 3);
    }
  });

  it("reads ranges of 24 h and more from the rollup, matching the log within t-digest error", async () => {
    const from = endMs - 48 * H;
    const { table, rows } = await fetchRouteRows(ch, WORKLOAD, from, endMs);
    expect(table).toBe("request_rollup_1m");
    const expected = await independent(from, endMs);
    expect(rows.map((r) => r.route)).toEqual(["/random", "/known"]); // by requests, descending
    for (const e of expected) {
      const r = rows.find((x) => x.route === e.route)!;
      expect(r.requests, e.route).toBe(e.total);
      expect(r.errorRatio, e.route).toBeCloseTo(e.failed / e.total, 12);
      expect(Math.abs(r.p95Ms! - e.p95) / e.p95, `${e.route} p95`).toBeLessThan(0.05);
      expect(Math.abs(r.p99Ms! - e.p99) / e.p99, `${e.route} p99`).toBeLessThan(0.05);
    }
  });

  it("answers an empty range with no rows, not zeros", async () => {
    const { rows } = await fetchRouteRows(ch, WORKLOAD, endMs - 200 * H, endMs - 100 * H);
    expect(rows).toEqual([]);
  });
});
