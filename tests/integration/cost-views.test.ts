/**
 * The cost views' SQL on the real embedded ClickHouse: requests are counted in the hours a
 * workload has cost rows, and a workload's hours come with their requests (or none).
 * Known rows, answers worked by hand.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, type ClickHouse } from "@/lib/clickhouse/connect";
import {
  fetchRequestsInCostHours,
  fetchWorkloadCostHours,
} from "@/lib/clickhouse/queries/cost-requests";
import { DATABASE, openEmbedded } from "../support/clickhouse";

const H = 3_600_000;
/** A whole hour, 10 hours before now. */
const T = Math.floor(Date.now() / H) * H - 10 * H;
let dir: string;
let ch: ClickHouse;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-cost-views-"));
  ch = openEmbedded(join(dir, "clickhouse"));
  await migrate(ch);
  // Requests: for "a", 10 rows of weight 3 in each of hours T .. T+3; for "b", 7 rows in T+1.
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.request_log
      (ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight)
      SELECT toDateTime64({t:UInt32} + intDiv(number, 10) * 3600 + number % 10 * 60, 3, 'UTC'),
             'a', '/', 'GET', 200, 10, 'hit', 1, 'a-0', 3
      FROM numbers(40)`,
    query_params: { t: T / 1000 },
  });
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.request_log
      (ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight)
      SELECT toDateTime64({t:UInt32} + 3600 + number * 60, 3, 'UTC'),
             'b', '/', 'GET', 200, 10, 'hit', 1, 'b-0', 1
      FROM numbers(7)`,
    query_params: { t: T / 1000 },
  });
  // Cost: "a" has rows for T, T+1 and T+4 (none for T+2, T+3; no requests at T+4); "b" for T.
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.workload_cost_hourly
        (hour, workload, team, cpu_request_cores, cpu_usage_cores, memory_request_gib,
         memory_usage_gib, cpu_price_per_core_hour, memory_price_per_gib_hour, cost_usd)
      VALUES
        (toDateTime({t:UInt32}), 'a', 'x', 1, 1, 1, 1, 0.03, 0.004, 0.5),
        (toDateTime({t:UInt32} + 3600), 'a', 'x', 1, 1, 1, 1, 0.03, 0.004, 0.25),
        (toDateTime({t:UInt32} + 4 * 3600), 'a', 'x', 1, 1, 1, 1, 0.03, 0.004, 1),
        (toDateTime({t:UInt32}), 'b', 'y', 1, 1, 1, 1, 0.03, 0.004, 2)`,
    query_params: { t: T / 1000 },
  });
  // The sync re-writing an hour replaces it (ReplacingMergeTree, read with FINAL).
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.workload_cost_hourly
        (hour, workload, team, cpu_request_cores, cpu_usage_cores, memory_request_gib,
         memory_usage_gib, cpu_price_per_core_hour, memory_price_per_gib_hour, cost_usd)
      VALUES (toDateTime({t:UInt32}), 'a', 'x', 1, 1, 1, 1, 0.03, 0.004, 0.75)`,
    query_params: { t: T / 1000 },
  });
});

afterAll(async () => {
  await ch?.client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("requests next to cost", () => {
  it("counts a workload's requests only in its hours with cost rows", async () => {
    const requests = await fetchRequestsInCostHours(ch, ["a", "b", "c"], T, T + 6 * H);
    // a: hours T and T+1 have cost and 30 requests each; T+2, T+3 have requests, no cost.
    // b: its requests are at T+1, its only cost row at T.
    expect(requests.get("a")).toBe(60);
    expect(requests.has("b")).toBe(false); // no request rows in its costed hours: unknown
    expect(requests.has("c")).toBe(false);
    const narrow = await fetchRequestsInCostHours(ch, ["a"], T + H, T + 2 * H);
    expect(narrow.get("a")).toBe(30);
  });

  it("gives a workload's hours with their cost and requests, null where it served none", async () => {
    expect(await fetchWorkloadCostHours(ch, "a", T, T + 6 * H)).toEqual([
      { hourMs: T, costUsd: 0.75, requests: 30 },
      { hourMs: T + H, costUsd: 0.25, requests: 30 },
      { hourMs: T + 4 * H, costUsd: 1, requests: null },
    ]);
    expect(await fetchWorkloadCostHours(ch, "a", T + H, T + 2 * H)).toEqual([
      { hourMs: T + H, costUsd: 0.25, requests: 30 },
    ]);
    expect(await fetchWorkloadCostHours(ch, "nobody", T, T + 6 * H)).toEqual([]);
  });
});
