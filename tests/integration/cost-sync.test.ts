/**
 * The cost sync end to end: three hours of a cluster written with promtool, labelled as
 * cAdvisor, kube-state-metrics v2 and OpenCost label them (tests/support/cost-data.ts),
 * read by a real Prometheus and synced into the real embedded ClickHouse engine. Every
 * figure is worked out below by hand from the written samples and the rules of
 * docs/numbers.md ("Cost"), not by running our PromQL, and must match within 0.1 %.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import { migrate, selectRows, type ClickHouse } from "@/lib/clickhouse/connect";
import { insertLeaseClaim } from "@/lib/clickhouse/queries/cost-sync";
import { fetchWorkloadUsage } from "@/lib/clickhouse/queries/workload-usage";
import { costOverTime, costReport } from "@/lib/cost/report";
import { LeaseLostError, runCostSync, type CostSyncOptions } from "@/lib/cost/sync";
import {
  createPrometheusClient,
  observeQueries,
  type PrometheusClient,
} from "@/lib/prometheus/client";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { openEmbedded } from "../support/clickhouse";
import { CATALOG_YAML, HOUR, writeCostData } from "../support/cost-data";

const MIN = 60_000;
/** Whole hours: the data set starts at T, six hours ago, and runs three hours. */
const T = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;
/** The sync's clock: 15 minutes after H3 ended (an hour is final 10 minutes after it ends). */
const AFTER_H3 = new Date(T + 3 * HOUR + 15 * MIN);

let dir: string;
let server: PrometheusServer;
let ch: ClickHouse;
let catalog: Catalog;
const queries: string[] = [];

beforeAll(async () => {
  ensurePrometheus();
  dir = mkdtempSync(join(tmpdir(), "sightline-cost-"));
  writeCostData(join(dir, "data"), join(dir, "tmp"), T);
  server = await startPrometheus({ dir });
  ch = openEmbedded(join(dir, "clickhouse"));
  await migrate(ch);
  catalog = parseCatalog(CATALOG_YAML, "cost-catalog.yaml");
});
afterAll(async () => {
  await server?.stop();
  await ch?.client.close();
  rmSync(dir, { recursive: true, force: true });
});

function options(db: ClickHouse, over: Partial<CostSyncOptions> = {}): CostSyncOptions {
  const prom = createPrometheusClient({ url: server.url, headers: {}, timeoutMs: 60_000 });
  return {
    prom: observeQueries(prom, (tag) => queries.push(tag)),
    ch: db,
    catalog,
    now: AFTER_H3,
    holder: "test-a",
    chunkHours: 2,
    delayMinutes: 10,
    ...over,
  };
}

/** A database of its own on the same engine, for a sync from scratch. */
async function freshDatabase(name: string): Promise<ClickHouse> {
  const db = { ...ch, database: name };
  await migrate(db);
  return db;
}

const Row = z.object({
  h: z.number(),
  workload: z.string(),
  team: z.string(),
  cpu_request: z.number(),
  cpu_usage: z.number(),
  cpu_alloc: z.number(),
  memory_request: z.number(),
  memory_usage: z.number(),
  memory_alloc: z.number(),
  cpu_cost: z.number(),
  memory_cost: z.number(),
  cost: z.number(),
  cpu_idle: z.number().nullable(),
  memory_idle: z.number().nullable(),
  pod_hours: z.number().nullable(),
  hpa_cpu: z.number().nullable(),
  hpa_memory: z.number().nullable(),
  price_source: z.string(),
});
type Row = z.infer<typeof Row>;

const readRows = (db: ClickHouse) =>
  selectRows(db, {
    tag: "test",
    query: `SELECT toUnixTimestamp(hour) * 1000 AS h, workload, team,
              cpu_request_cores AS cpu_request, cpu_usage_cores AS cpu_usage,
              cpu_alloc_core_hours AS cpu_alloc, memory_request_gib AS memory_request,
              memory_usage_gib AS memory_usage, memory_alloc_gib_hours AS memory_alloc,
              cpu_cost_usd AS cpu_cost, memory_cost_usd AS memory_cost, cost_usd AS cost,
              cpu_idle_usd AS cpu_idle, memory_idle_usd AS memory_idle, pod_hours,
              hpa_cpu_target_pct AS hpa_cpu, hpa_memory_target_pct AS hpa_memory, price_source
            FROM {db}.workload_cost_hourly FINAL ORDER BY workload, h`,
    row: Row,
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

// ---------------------------------------------------------------------------------------
// The answers, by hand. Units: core-hours, GiB-hours, dollars. f = 40/60: the minutes of a
// pod that ran 40 minutes of an hour. 1 MiB = 1/1024 GiB.
//
// Prices (the catalog's pricing block and OpenCost's series):
//   node-a  pool "general" overrides cpu only: $0.03 per core-hour; memory the catalog's
//           $0.004237 per GiB-hour.
//   node-b  karpenter.sh/capacity-type=spot: the catalog's spot prices $0.0095 and $0.0013
//           (its pool "spot-pool" has no prices of its own).
//   node-c  OpenCost's node_cpu_hourly_cost 0.04 and node_ram_hourly_cost 0.005 win over
//           pool "highmem"'s 0.02 and 0.006 (source: auto).
//
// Minutes: kube-state-metrics is scraped at :45. A minute counts when the last sample at its
// end says running. checkout-7d9f8-ddddd's first sample (T+1h19m45s) says pending: not
// counted; from T+1h20m45s it is running, so the minutes ending T+1h21m … T+2h count: 40.
// checkout-7d9f8-bbbbb's containers stop at T+2h40m: its sample at T+2h39m45s says running,
// the one at T+2h40m45s terminated: the minutes ending T+2h01m … T+2h40m count: 40.
//
// CPU used: cAdvisor's counter, scraped at :30, advances at the rate given for each hour.
// Prometheus's increase() extrapolates to the hour's edges when the first and last samples
// are within 1.1 intervals of them (30 s here), so a whole hour reads rate × 3600 s. ddddd's
// counter starts at 0 at T+1h20m and reads 18 core-seconds at T+1h20m30s: extrapolation
// stops at the counter's zero, 30 s back, i.e. at its start. bbbbb's last sample is at
// T+2h39m30s: extrapolation adds half an interval (30 s), to T+2h40m. Both: 40 minutes.
//
// Memory used: the average working set of the hour's samples × minutes running.
//
// max(request, usage) is taken per container and hour, then summed.
// ---------------------------------------------------------------------------------------
const f = 40 / 60;
const MiB = 1 / 1024;

const PRICE = {
  a: { cpu: 0.03, memory: 0.004237 },
  b: { cpu: 0.0095, memory: 0.0013 },
  c: { cpu: 0.04, memory: 0.005 },
};
/** Allocated on node-a besides checkout, every hour: checkout-worker max(0.25, 0.1) core and
 * max(256, 200) MiB; coredns max(0.1, 0.02) core and max(70, 30) MiB. */
const OTHERS_A = { cpu: 0.25 + 0.1, memory: (256 + 70) * MiB };

/** (capacity − allocated on the node) × price × the workload's share of the allocation. */
const idle = (capacity: number, nodeAllocated: number, price: number, own: number) =>
  (capacity - nodeAllocated) * price * (own / nodeAllocated);

interface Expected {
  cpu: [request: number, usage: number, alloc: number];
  memory: [request: number, usage: number, alloc: number];
  podHours: number;
}

/** checkout: app (0.5 core, 512 MiB requested) and istio-proxy (0.1 core, 128 MiB; uses 0.05 core, 100 MiB). */
const CHECKOUT: Expected[] = [
  // H1: aaaaa and bbbbb, 60 minutes each. app uses 0.8 core (> 0.5: usage side of max) and
  // 400 MiB (< 512: request side).
  {
    cpu: [2 * (0.5 + 0.1), 2 * (0.8 + 0.05), 2 * (0.8 + 0.1)],
    memory: [2 * (512 + 128) * MiB, 2 * (400 + 100) * MiB, 2 * (512 + 128) * MiB],
    podHours: 2,
  },
  // H2: aaaaa and bbbbb 60 minutes, app at 0.2 core (< 0.5: request side) and 700 MiB
  // (> 512: usage side); ddddd 40 minutes, app at 0.6 core (usage side) and 700 MiB.
  {
    cpu: [(2 + f) * 0.6, 2 * (0.2 + 0.05) + f * (0.6 + 0.05), 2 * (0.5 + 0.1) + f * (0.6 + 0.1)],
    memory: [(2 + f) * 640 * MiB, (2 + f) * (700 + 100) * MiB, (2 + f) * (700 + 128) * MiB],
    podHours: 2 + f,
  },
  // H3: aaaaa 60 minutes at 0.5 core (= request), bbbbb 40 minutes at 0.3, ddddd 60 minutes
  // at 0.4; app at 512 MiB (= request). Every container on the request side.
  {
    cpu: [(2 + f) * 0.6, 0.5 + f * 0.3 + 0.4 + (2 + f) * 0.05, (2 + f) * 0.6],
    memory: [(2 + f) * 640 * MiB, (2 + f) * (512 + 100) * MiB, (2 + f) * 640 * MiB],
    podHours: 2 + f,
  },
];

/** search-0 and search-1 on node-b, every hour: 1 core and 2048 MiB requested, 0.4 core and 1536 MiB used. */
const SEARCH: Expected = { cpu: [2, 0.8, 2], memory: [4, 3, 4], podHours: 2 };

/** legacy-1's app on node-c, every hour: 0.25 core and 1024 MiB requested, 0.5 core and 2048 MiB used (usage side). */
const LEGACY: Expected = { cpu: [0.25, 0.5, 0.5], memory: [1, 2, 2], podHours: 1 };

function checkRow(
  row: Row | undefined,
  want: Expected,
  price: { cpu: number; memory: number },
  what: string,
) {
  expect(row, what).toBeDefined();
  const r = row!;
  close(r.cpu_request, want.cpu[0], `${what} cpu request`);
  close(r.cpu_usage, want.cpu[1], `${what} cpu usage`);
  close(r.cpu_alloc, want.cpu[2], `${what} cpu alloc`);
  close(r.memory_request, want.memory[0], `${what} memory request`);
  close(r.memory_usage, want.memory[1], `${what} memory usage`);
  close(r.memory_alloc, want.memory[2], `${what} memory alloc`);
  close(r.cpu_cost, want.cpu[2] * price.cpu, `${what} cpu cost`);
  close(r.memory_cost, want.memory[2] * price.memory, `${what} memory cost`);
  close(r.cost, want.cpu[2] * price.cpu + want.memory[2] * price.memory, `${what} cost`);
  close(r.pod_hours, want.podHours, `${what} pod-hours`);
}

const hourOf = (rows: Row[], workload: string, h: number) =>
  rows.find((r) => r.workload === workload && r.h === T + h * HOUR);

describe("cost sync: known answers", () => {
  let rows: Row[];
  let firstRunQueries: string[];

  beforeAll(async () => {
    queries.length = 0;
    const result = await runCostSync(options(ch));
    firstRunQueries = [...queries];
    expect(result).toMatchObject({ status: "synced", hours: 3, chunks: 2, workloadRows: 9 });
    rows = await readRows(ch);
  });

  it("finds the earliest data and syncs every final hour from there, three queries per chunk", () => {
    expect(rows.map((r) => r.h).every((h) => h >= T && h < T + 3 * HOUR)).toBe(true);
    const ranges = firstRunQueries.filter((q) => q !== "cost:earliest");
    expect(ranges).toEqual([
      "cost:hours",
      "cost:alloc",
      "cost:meta",
      "cost:hours",
      "cost:alloc",
      "cost:meta",
    ]);
    // A binary search over 396 days of hours: ⌈log2(9504)⌉ + 1 index lookups at most.
    expect(firstRunQueries.filter((q) => q === "cost:earliest").length).toBeLessThanOrEqual(15);
  });

  it("checkout: pods through ReplicaSet → Deployment, both sides of max, partial hours, pool prices, HPA", () => {
    CHECKOUT.forEach((want, h) => {
      const row = hourOf(rows, "checkout", h);
      checkRow(row, want, PRICE.a, `checkout H${h + 1}`);
      expect(row!.team).toBe("shop");
      expect(row!.hpa_cpu).toBe(70);
      expect(row!.hpa_memory).toBeNull();
      expect(row!.price_source).toBe("catalog");
      close(
        row!.cpu_idle,
        idle(4, want.cpu[2] + OTHERS_A.cpu, PRICE.a.cpu, want.cpu[2]),
        `checkout H${h + 1} cpu idle`,
      );
      close(
        row!.memory_idle,
        idle(16, want.memory[2] + OTHERS_A.memory, PRICE.a.memory, want.memory[2]),
        `checkout H${h + 1} memory idle`,
      );
    });
    // Spelled out for H1: 1.8 core-hours × $0.03 + 1.25 GiB-hours × $0.004237.
    close(hourOf(rows, "checkout", 0)!.cost, 0.054 + 0.00529625, "checkout H1 cost");
  });

  it("search: a StatefulSet on a spot node, request side of max", () => {
    for (let h = 0; h < 3; h++) {
      const row = hourOf(rows, "search", h);
      checkRow(row, SEARCH, PRICE.b, `search H${h + 1}`);
      expect(row!.hpa_cpu).toBeNull();
      // node-b holds only search: all of its idle is search's.
      close(row!.cpu_idle, (4 - 2) * 0.0095, "search cpu idle");
      close(row!.memory_idle, (8 - 4) * 0.0013, "search memory idle");
      close(row!.cost, 0.0242, "search cost");
    }
  });

  it("legacy: pods by name, one container of two, OpenCost's node prices", () => {
    for (let h = 0; h < 3; h++) {
      const row = hourOf(rows, "legacy", h);
      checkRow(row, LEGACY, PRICE.c, `legacy H${h + 1}`);
      expect(row!.price_source).toBe("opencost");
      // node-c also holds log-shipper: max(0.1, 0.05) core, max(256, 200) MiB.
      close(row!.cpu_idle, idle(2, 0.5 + 0.1, 0.04, 0.5), "legacy cpu idle");
      close(row!.memory_idle, idle(8, 2 + 0.25, 0.005, 2), "legacy memory idle");
    }
  });

  it('excludes container="" and container="POD", and writes nothing for a workload without pods', () => {
    // Those series of checkout-7d9f8-aaaaa, search-0 and legacy-1 would add a core and 4 GiB
    // each: the figures above hold without them. ghost has no pods at all.
    expect(rows.filter((r) => r.workload === "ghost")).toEqual([]);
    expect(rows).toHaveLength(9);
  });

  it("the cluster's hours: node capacity, all pods' allocation, idle", async () => {
    const [h1] = await selectRows(ch, {
      tag: "test",
      query: `SELECT nodes, cpu_capacity_core_hours AS cpu_cap, memory_capacity_gib_hours AS mem_cap,
                cpu_capacity_cost_usd AS cpu_cap_cost, memory_capacity_cost_usd AS mem_cap_cost,
                cpu_allocated_cost_usd AS cpu_alloc, memory_allocated_cost_usd AS mem_alloc,
                cpu_idle_usd AS cpu_idle, memory_idle_usd AS mem_idle
              FROM {db}.cluster_cost_hourly FINAL WHERE hour = toDateTime({h:UInt32})`,
      params: { h: T / 1000 },
      row: z.record(z.string(), z.number()),
    });
    expect(h1!.nodes).toBe(3);
    close(h1!.cpu_cap, 4 + 4 + 2, "cpu capacity");
    close(h1!.mem_cap, 16 + 8 + 8, "memory capacity");
    const cpuCapCost = 4 * 0.03 + 4 * 0.0095 + 2 * 0.04;
    const memCapCost = 16 * 0.004237 + 8 * 0.0013 + 8 * 0.005;
    // Every pod, in the catalog or not: node-a checkout 1.8 + others 0.35; node-b 2; node-c 0.6.
    const cpuAlloc = (1.8 + 0.35) * 0.03 + 2 * 0.0095 + 0.6 * 0.04;
    const memAlloc = (1.25 + OTHERS_A.memory) * 0.004237 + 4 * 0.0013 + 2.25 * 0.005;
    close(h1!.cpu_cap_cost, cpuCapCost, "cpu capacity cost");
    close(h1!.mem_cap_cost, memCapCost, "memory capacity cost");
    close(h1!.cpu_alloc, cpuAlloc, "cpu allocated cost");
    close(h1!.mem_alloc, memAlloc, "memory allocated cost");
    close(h1!.cpu_idle, cpuCapCost - cpuAlloc, "cpu idle");
    close(h1!.mem_idle, memCapCost - memAlloc, "memory idle");
  });

  it("reports cost, Kubecost's efficiency, idle share and change per workload and per team", async () => {
    const range = { fromMs: T, toMs: T + 3 * HOUR };
    const byWorkload = await costReport(ch, catalog, range, "workload");
    expect(byWorkload.map((r) => r.key)).toEqual(["checkout", "legacy", "search"]); // by cost
    const checkout = byWorkload.find((r) => r.key === "checkout")!;
    const total = (k: "cpu" | "memory", i: 0 | 1 | 2) => CHECKOUT.reduce((a, e) => a + e[k][i], 0);
    const cpuCost = total("cpu", 2) * 0.03;
    const memCost = total("memory", 2) * 0.004237;
    close(checkout.costUsd, cpuCost + memCost, "checkout 3h cost");
    const cpuEff = total("cpu", 1) / total("cpu", 0);
    const memEff = total("memory", 1) / total("memory", 0);
    close(checkout.cpuEfficiency, cpuEff, "checkout cpu efficiency");
    close(checkout.memoryEfficiency, memEff, "checkout memory efficiency");
    close(
      checkout.totalEfficiency,
      (cpuEff * cpuCost + memEff * memCost) / (cpuCost + memCost),
      "checkout efficiency",
    );
    close(checkout.averageReplicas, (2 + 2 * (2 + f)) / 3, "checkout replicas");
    expect(checkout.previousCostUsd).toBeNull(); // nothing before T
    expect(checkout.change).toBeNull();
    // search: 0.8 of 2 cores, 3 of 4 GiB; weighted by $0.019 and $0.0052 an hour.
    const search = byWorkload.find((r) => r.key === "search")!;
    close(search.cpuEfficiency, 0.4, "search cpu efficiency");
    close(search.memoryEfficiency, 0.75, "search memory efficiency");
    close(search.totalEfficiency, (0.4 * 0.019 + 0.75 * 0.0052) / 0.0242, "search efficiency");
    close(search.idleShare, (0.019 + 0.0052) / (0.0242 + 0.019 + 0.0052), "search idle share");
    // legacy uses twice its requests: efficiency 2 (200 %).
    close(byWorkload.find((r) => r.key === "legacy")!.cpuEfficiency, 2, "legacy cpu efficiency");

    const lastHour = await costReport(
      ch,
      catalog,
      { fromMs: T + 2 * HOUR, toMs: T + 3 * HOUR },
      "workload",
    );
    const h2 = CHECKOUT[1]!;
    const h3 = CHECKOUT[2]!;
    const cost = (e: Expected) => e.cpu[2] * 0.03 + e.memory[2] * 0.004237;
    const c = lastHour.find((r) => r.key === "checkout")!;
    close(c.previousCostUsd, cost(h2), "checkout H2 cost as previous period");
    close(c.change, cost(h3) / cost(h2) - 1, "checkout change H3 against H2");

    const byTeam = await costReport(ch, catalog, range, "team");
    const shop = byTeam.find((r) => r.key === "shop")!;
    close(shop.costUsd, cpuCost + memCost + 3 * 0.0242, "team shop cost");
    close(byTeam.find((r) => r.key === "ops")!.costUsd, 3 * 0.03, "team ops cost");

    const series = await costOverTime(ch, catalog, range, "workload");
    const checkoutSeries = series.find((s) => s.key === "checkout")!;
    expect(checkoutSeries.points.map(([t]) => t)).toEqual([T, T + HOUR, T + 2 * HOUR]);
    checkoutSeries.points.forEach(([, v], h) =>
      close(v, cost(CHECKOUT[h]!), `checkout H${h + 1} point`),
    );
  });

  it("the overview's usage panel sums the same cost", async () => {
    const [usage] = await fetchWorkloadUsage(ch, ["checkout"], new Date(T), new Date(T + 3 * HOUR));
    close(
      usage!.costUsd,
      CHECKOUT.reduce((a, e) => a + e.cpu[2] * 0.03 + e.memory[2] * 0.004237, 0),
      "usage panel cost",
    );
  });
});

describe("cost sync: idempotence, catch-up and the lease", () => {
  it("running twice leaves the same rows; a rebuild rewrites them identically", async () => {
    const before = await readRows(ch);
    expect(await runCostSync(options(ch))).toEqual({
      status: "up-to-date",
      watermarkMs: T + 3 * HOUR,
    });
    expect(await readRows(ch)).toEqual(before);
    const again = await runCostSync(options(ch, { rebuild: true }));
    expect(again).toMatchObject({ status: "synced", hours: 3 });
    expect(await readRows(ch)).toEqual(before);
  });

  it("fills every hour it missed", async () => {
    const db = await freshDatabase("sightline_gap");
    // Down after H1: the first run syncs H1 only.
    const first = await runCostSync(options(db, { now: new Date(T + HOUR + 15 * MIN) }));
    expect(first).toMatchObject({ status: "synced", range: { toMs: T + HOUR } });
    expect(new Set((await readRows(db)).map((r) => r.h))).toEqual(new Set([T]));
    // Back two hours later: H2 and H3, from the watermark.
    const second = await runCostSync(options(db));
    expect(second).toMatchObject({
      status: "synced",
      range: { fromMs: T + HOUR, toMs: T + 3 * HOUR },
      hours: 2,
    });
    expect(await readRows(db)).toEqual(await readRows(ch));
  });

  it("lets one of two concurrent syncs write", async () => {
    const db = await freshDatabase("sightline_lease");
    const [a, b] = await Promise.all([
      runCostSync(options(db, { holder: "replica-a" })),
      runCostSync(options(db, { holder: "replica-b" })),
    ]);
    const results = [a, b].map((r) => r.status).sort();
    expect(results).toEqual(["skipped", "synced"]);
    const winner = a.status === "synced" ? "replica-a" : "replica-b";
    expect(a.status === "skipped" ? a.heldBy : b.status === "skipped" ? b.heldBy : "").toBe(winner);
    const holders = await selectRows(db, {
      tag: "test",
      query: "SELECT DISTINCT holder FROM {db}.cost_sync_log",
      row: z.object({ holder: z.string() }),
    });
    expect(holders).toEqual([{ holder: winner }]);
    expect(await readRows(db)).toEqual(await readRows(ch));
  });

  it("waits for a live claim, takes over an expired one, and stops if it loses the lease", async () => {
    const db = await freshDatabase("sightline_lease2");
    await insertLeaseClaim(db, { term: 1, holder: "elsewhere", ttlMs: 60_000 });
    expect(await runCostSync(options(db))).toMatchObject({
      status: "skipped",
      heldBy: "elsewhere",
    });
    await insertLeaseClaim(db, { term: 1, holder: "elsewhere", ttlMs: 0 }); // released
    // Our claims expire at once; when the second chunk starts reading Prometheus, an
    // intruder takes the lease.
    const base = options(db).prom;
    let ranges = 0;
    const prom: PrometheusClient = {
      ...base,
      range: async (...args) => {
        if (++ranges === 4)
          await insertLeaseClaim(db, { term: 99, holder: "intruder", ttlMs: 60_000 });
        return base.range(...args);
      },
    };
    await expect(runCostSync(options(db, { prom, leaseTtlMs: 1 }))).rejects.toThrow(LeaseLostError);
    // Only the first chunk (H1, H2) was written; the watermark says so.
    expect(new Set((await readRows(db)).map((r) => r.h))).toEqual(new Set([T, T + HOUR]));
  });

  it("rows written without the cost sync's columns split their cost by the defaults", async () => {
    const db = await freshDatabase("sightline_seeded");
    await db.client.command({
      query: `INSERT INTO sightline_seeded.workload_cost_hourly
                (hour, workload, team, cpu_request_cores, cpu_usage_cores, memory_request_gib,
                 memory_usage_gib, cpu_price_per_core_hour, memory_price_per_gib_hour, cost_usd)
              VALUES (toDateTime(${T / 1000}), 'seeded', 'core', 1, 1.5, 2, 1, 0.031611, 0.004237,
                      1.5 * 0.031611 + 2 * 0.004237)`,
    });
    const [r] = await readRows(db);
    close(r!.cpu_alloc, 1.5, "seeded cpu alloc");
    close(r!.memory_alloc, 2, "seeded memory alloc");
    close(r!.cpu_cost, 1.5 * 0.031611, "seeded cpu cost");
    close(r!.memory_cost, 2 * 0.004237, "seeded memory cost");
    expect(r!.cpu_idle).toBeNull();
    expect(r!.pod_hours).toBeNull();
  });
});
