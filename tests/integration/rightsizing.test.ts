/**
 * Right-sizing end to end: a day of a cluster written with promtool, labelled as cAdvisor
 * and kube-state-metrics v2 label it (tests/support/rightsizing-data.ts), read by a real
 * Prometheus with right-sizing's three queries and computed into recommendations. Every
 * figure is worked out below by hand from the written samples and the rules of
 * docs/numbers.md ("Right-sizing"), not by running our PromQL, and must match within 0.1 %.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import { computeRightSizing, type RightSizing, type RightSizingRow } from "@/lib/cost/rightsizing";
import { rightSizingCsv } from "@/lib/cost/rightsizing-csv";
import { createPrometheusClient, observeQueries } from "@/lib/prometheus/client";
import { readRightSizing } from "@/lib/prometheus/rightsizing-reads";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { csvObjects } from "../support/csv";
import { CATALOG_YAML, HOUR, SEARCH_NAME, writeRightSizingData } from "../support/rightsizing-data";

/** The day starts at T (a whole hour, two days ago) and the recommendations are read at E. */
const T = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR;
const E = T + 24 * HOUR;

let dir: string;
let server: PrometheusServer;
let catalog: Catalog;
let result: RightSizing;
const queries: string[] = [];

beforeAll(async () => {
  ensurePrometheus();
  dir = mkdtempSync(join(tmpdir(), "sightline-rightsizing-"));
  writeRightSizingData(join(dir, "data"), join(dir, "tmp"), T);
  server = await startPrometheus({ dir });
  catalog = parseCatalog(CATALOG_YAML, "rightsizing-catalog.yaml");
  const prom = observeQueries(
    createPrometheusClient({ url: server.url, headers: {}, timeoutMs: 60_000 }),
    (tag) => queries.push(tag),
  );
  const data = await readRightSizing(prom, catalog, new Date(E));
  result = computeRightSizing(catalog, data!);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function close(actual: number | null | undefined, expected: number, what: string) {
  expect(actual, what).not.toBeNull();
  expect(actual, what).toBeDefined();
  const scale = Math.max(Math.abs(expected), 1e-9);
  expect(
    Math.abs(actual! - expected) / scale,
    `${what}: ${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(1e-3);
}

const row = (workload: string, container: string): RightSizingRow => {
  const r = result.rows.find((x) => x.workload === workload && x.container === container);
  expect(r, `${workload}/${container}`).toBeDefined();
  return r!;
};

// ---------------------------------------------------------------------------------------
// The answers, by hand. Cores, MiB, dollars; a month is 730 hours.
//
// CPU request = the highest per-pod 95th percentile of the 75-second rate, sampled every
// 75 s over 14 days. Each pod's usage is flat except in its stated hours, which are more
// than 5 % of its life (3 h of aaaaa's 12, 2 h of ccccc's 12, 3 h of search's 24, 4 h of
// api's 24), so its 95th percentile is its peak: aaaaa 0.8, bbbbb 0.3, ccccc and ddddd
// 0.5, search 1.2, api 0.25.
//
// Memory request = the peak working set × 1.15, rounded up to a MiB: checkout 900 (aaaaa,
// T+3h to T+3h30m) → 1035; istio-proxy 100 → 115; search 3000 → 3450; api 600 → 690.
//
// Data points: 75-second steps (multiples of 75 s since the epoch; T and E are multiples)
// at which the series has a sample in the 5 minutes before. aaaaa and bbbbb are sampled
// from T+10s to T+12h−20s: steps T+75s … T+43425s, 579 each. ccccc and ddddd from
// T+12h+10s to E−20s: steps T+43275s … E, 576 each. legacy-1 from E−3590s to E−20s:
// steps E−3525s … E, 48: fewer than 100.
//
// Prices: node-a the catalog's ($0.031611, $0.004237), node-b spot ($0.0095, $0.0013),
// node-c OpenCost's ($0.04, $0.005). Savings = Σ over the pods that exist now (checkout's
// ccccc and ddddd; search-0 on node-b and search-1 on node-a; api's two on node-c) of
// (request − recommended) × price × 730.
//
// Busy hours: the 24 hourly CPU figures of a workload, at or above their 0.9 quantile
// (rank 0.9 × 23 = 20.7). search: 21 hours at 1.0 core (two pods × 0.5), 3 at 2.4 →
// threshold 1.0 + 0.7 × 1.4 = 1.98, busy hours 8–10, where 5 % of requests were slower
// than 200 ms: burn 0.05 / 0.01 = 5 > 1, so its CPU cut (2 → 1.2) is held back. api: 20
// hours at 0.2, 4 at 0.5 → threshold 0.5, busy hours 12–15, 0.2 % slow: burn 0.2.
// ---------------------------------------------------------------------------------------
const MONTH = 730;
const A = { cpu: 0.031611, memory: 0.004237 };
const B = { cpu: 0.0095, memory: 0.0013 };
const C = { cpu: 0.04, memory: 0.005 };
const MIB = 1024 ** 2;

describe("right-sizing: known answers", () => {
  it("reads three queries, whatever the number of workloads", () => {
    expect(queries.sort()).toEqual([
      "rightsizing:busy-hours",
      "rightsizing:now",
      "rightsizing:usage",
    ]);
  });

  it("checkout: pods of the earlier ReplicaSet count; the HPA on CPU holds back CPU, not memory", () => {
    const app = row("checkout", "app");
    expect(app.target).toBe("Deployment checkout");
    expect(app.pods).toBe(2);
    // aaaaa's 0.8 (earlier ReplicaSet), not checkout-worker's 3 cores nor the pod cgroup's 5.
    close(app.cpu.basis, 0.8, "checkout cpu p95");
    close(app.cpu.computed, 0.8, "checkout cpu computed");
    expect(app.cpu.recommended).toBeNull();
    expect(app.cpu.heldBack.map((h) => h.code)).toEqual(["hpa"]);
    expect(app.cpu.savingsUsdPerMonth).toBeNull();
    expect(app.cpu.current).toBe(1);
    expect(app.cpu.dataPoints).toBe(2 * 579 + 2 * 576);
    // aaaaa's 900 MiB peak (earlier ReplicaSet); the HPA's memory target is an average value.
    close(app.memory.basis, 900 * MIB, "checkout memory peak");
    close(app.memory.recommended, 1035 * MIB, "checkout memory recommended");
    expect(app.memory.heldBack).toEqual([]);
    expect(app.memory.current).toBe(2048 * MIB);
    expect(app.memory.dataPoints).toBe(2 * 579 + 2 * 576);
    const memory = 2 * ((2048 - 1035) / 1024) * A.memory * MONTH;
    close(app.memory.savingsUsdPerMonth, memory, "checkout memory savings");
    close(app.savingsUsdPerMonth, memory, "checkout savings");

    const proxy = row("checkout", "istio-proxy");
    close(proxy.cpu.computed, 0.05, "istio-proxy cpu");
    expect(proxy.cpu.heldBack.map((h) => h.code)).toEqual(["hpa"]);
    close(proxy.memory.recommended, 115 * MIB, "istio-proxy memory");
    close(
      proxy.memory.savingsUsdPerMonth,
      2 * (13 / 1024) * A.memory * MONTH,
      "istio-proxy memory savings",
    );
  });

  it("search: the latency SLO burning in the busy hours holds back the CPU cut", () => {
    const s = row(SEARCH_NAME, "search");
    expect(s.target).toBe("StatefulSet search");
    expect(s.pods).toBe(2);
    close(s.cpu.basis, 1.2, "search cpu p95");
    close(s.cpu.computed, 1.2, "search cpu computed");
    expect(s.cpu.heldBack.map((h) => h.code)).toEqual(["latency-slo"]);
    expect(s.cpu.recommended).toBeNull();
    expect(s.busyHoursBurn).not.toBeNull();
    expect(s.busyHoursBurn!.slo).toBe("latency-200ms");
    expect(s.busyHoursBurn!.busyHours).toBe(3);
    close(s.busyHoursBurn!.cpuThreshold, 1.98, "search busy-hours threshold");
    close(s.busyHoursBurn!.burnRate, 5, "search busy-hours burn");
    close(s.memory.recommended, 3450 * MIB, "search memory");
    const memory = ((4096 - 3450) / 1024) * (B.memory + A.memory) * MONTH;
    close(s.memory.savingsUsdPerMonth, memory, "search memory savings (spot and on-demand)");
    close(s.savingsUsdPerMonth, memory, "search savings");
  });

  it("api: both resources recommended at OpenCost's node prices", () => {
    const a = row("api", "app");
    close(a.cpu.recommended, 0.25, "api cpu");
    close(a.memory.recommended, 690 * MIB, "api memory");
    expect(a.cpu.heldBack).toEqual([]);
    expect(a.memory.heldBack).toEqual([]);
    const cpu = 2 * (1 - 0.25) * C.cpu * MONTH;
    const memory = 2 * ((2048 - 690) / 1024) * C.memory * MONTH;
    close(a.cpu.savingsUsdPerMonth, cpu, "api cpu savings");
    close(a.memory.savingsUsdPerMonth, memory, "api memory savings");
    close(a.savingsUsdPerMonth, cpu + memory, "api savings");
    close(a.busyHoursBurn!.burnRate, 0.2, "api busy-hours burn");
    expect(a.busyHoursBurn!.busyHours).toBe(4);
  });

  it("legacy: an hour of history is too little; only the selected container", () => {
    expect(result.rows.filter((r) => r.workload === "legacy").map((r) => r.container)).toEqual([
      "app",
    ]);
    const l = row("legacy", "app");
    expect(l.target).toBe("pods legacy-.*");
    for (const res of ["cpu", "memory"] as const) {
      expect(l[res].dataPoints).toBe(48);
      expect(l[res].heldBack.map((h) => h.code)).toEqual(["history"]);
      expect(l[res].recommended).toBeNull();
    }
    close(l.cpu.computed, 0.1, "legacy cpu computed");
    close(l.memory.computed, 230 * MIB, "legacy memory computed");
    expect(l.savingsUsdPerMonth).toBeNull();
  });

  it("sorts by savings and lists the workload that matched nothing", () => {
    expect(result.rows.map((r) => `${r.workload}/${r.container}`)).toEqual([
      "api/app",
      "checkout/app",
      `${SEARCH_NAME}/search`,
      "checkout/istio-proxy",
      "legacy/app",
    ]);
    expect(result.missing.map((m) => m.workload)).toEqual(["ghost"]);
  });

  it("writes a CSV that reads back to the same rows, the odd workload name included", () => {
    const rows = csvObjects(rightSizingCsv(result));
    expect(rows.map((r) => r.workload)).toEqual(result.rows.map((r) => r.workload));
    const s = rows.find((r) => r.workload === SEARCH_NAME)!;
    expect(s.container).toBe("search");
    expect(Number(s.cpu_p95_cores)).toBeCloseTo(1.2, 9);
    expect(s.cpu_recommended_cores).toBe("");
    expect(s.cpu_held_back).toBe("latency-slo");
    expect(Number(s.memory_recommended_bytes)).toBe(3450 * MIB);
    expect(Number(s.savings_usd_per_month)).toBeCloseTo(
      row(SEARCH_NAME, "search").savingsUsdPerMonth!,
      2,
    );
  });
});
