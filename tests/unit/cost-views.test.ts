import { describe, expect, it } from "vitest";
import type { CostTotals } from "@/lib/clickhouse/queries/cost";
import type { CostReport } from "@/lib/cost";
import { toCostResponse } from "@/lib/cost/api-shape";
import { costBucketSeconds, costRangeEnding, previousPeriod, promWindow } from "@/lib/cost/ranges";
import {
  costPerformancePoints,
  fleetCostPerMillion,
  logDomain,
  logTicks,
  quadrantOf,
  sloTargets,
  type PerformanceRow,
} from "@/lib/cost/scatter";
import { summarizeCost } from "@/lib/cost/summary";
import {
  OTHER,
  perMillion,
  stackCost,
  withRequests,
  workloadCostBucketSeconds,
  workloadCostSeries,
} from "@/lib/cost/views";
import type { Slo } from "@/lib/catalog/slo-schema";
import { labelPlaces, notPlotted, scatterData } from "@/components/cost/scatter-views";

const H = 3600_000;
const DAY = 24 * H;
/** 2026-03-02T00:00Z, a whole day. */
const T0 = Date.UTC(2026, 2, 2);

const totals = (workload: string, over: Partial<CostTotals> = {}): CostTotals => ({
  workload,
  hours: 10,
  costUsd: 10,
  cpuCostUsd: 8,
  memoryCostUsd: 2,
  cpuRequestCoreHours: 20,
  cpuUsageCoreHours: 10,
  cpuAllocCoreHours: 20,
  memoryRequestGibHours: 40,
  memoryUsageGibHours: 30,
  memoryAllocGibHours: 40,
  cpuIdleUsd: null,
  memoryIdleUsd: null,
  podHours: null,
  ...over,
});
const teams = new Map([
  ["a", "shop"],
  ["b", "shop"],
  ["c", "data"],
]);

describe("cost ranges", () => {
  it("end at the start of the current hour and compare with the period just before", () => {
    const r = costRangeEnding(7 * DAY, T0 + 5 * H + 59 * 60_000);
    expect(r).toEqual({ fromMs: T0 + 5 * H - 7 * DAY, toMs: T0 + 5 * H });
    expect(previousPeriod(r)).toEqual({ fromMs: r.fromMs - 7 * DAY, toMs: r.fromMs });
    expect(promWindow(r)).toBe("168h");
  });

  it("bucket cost over time in hours, 6 hours or days", () => {
    expect(costBucketSeconds(7 * DAY)).toBe(3600);
    expect(costBucketSeconds(30 * DAY)).toBe(21_600);
    expect(costBucketSeconds(90 * DAY)).toBe(86_400);
    expect(workloadCostBucketSeconds(360)).toBe(3600);
    expect(workloadCostBucketSeconds(3600)).toBe(3600);
    expect(workloadCostBucketSeconds(10_800)).toBe(10_800);
  });
});

describe("cost per million requests", () => {
  it("is cost / requests × 10⁶, and nothing without requests", () => {
    expect(perMillion(3, 1_500_000)).toBeCloseTo(2, 12);
    expect(perMillion(3, 0)).toBeNull();
    expect(perMillion(3, null)).toBeNull();
    expect(perMillion(null, 10)).toBeNull();
  });

  it("per workload uses its own requests; per team the sum of its workloads' that have rows", () => {
    const current = [totals("a"), totals("b", { costUsd: 30 }), totals("c", { costUsd: 5 })];
    const requests = new Map([
      ["a", 2_000_000],
      ["c", 0],
    ]);
    const byWorkload = withRequests(
      summarizeCost(current, [], teams, "workload"),
      requests,
      (w) => w,
    );
    const row = (k: string) => byWorkload.find((r) => r.key === k)!;
    expect(row("a")).toMatchObject({ requests: 2_000_000, costPerMillionRequests: 5 });
    expect(row("b")).toMatchObject({ requests: null, costPerMillionRequests: null });
    expect(row("c")).toMatchObject({ requests: 0, costPerMillionRequests: null });

    const byTeam = withRequests(summarizeCost(current, [], teams, "team"), requests, (w) =>
      teams.get(w)!,
    );
    // shop: $40 over a's 2M requests (b served none that ClickHouse knows of).
    expect(byTeam.find((r) => r.key === "shop")).toMatchObject({
      costUsd: 40,
      requests: 2_000_000,
      costPerMillionRequests: 20,
    });
  });
});

describe("change against the previous period", () => {
  it("is cost / previous − 1 per workload and per team; none without a previous cost above 0", () => {
    const now = [totals("a", { costUsd: 12 }), totals("b", { costUsd: 8 }), totals("c")];
    const before = [
      totals("a", { costUsd: 10 }),
      totals("b", { costUsd: 10 }),
      totals("c", { costUsd: 0 }),
    ];
    const w = summarizeCost(now, before, teams, "workload");
    expect(w.find((r) => r.key === "a")!.change).toBeCloseTo(0.2, 12);
    expect(w.find((r) => r.key === "b")!.change).toBeCloseTo(-0.2, 12);
    expect(w.find((r) => r.key === "c")).toMatchObject({ previousCostUsd: 0, change: null });
    const t = summarizeCost(now, before, teams, "team");
    expect(t.find((r) => r.key === "shop")).toMatchObject({ costUsd: 20, previousCostUsd: 20 });
    expect(t.find((r) => r.key === "shop")!.change).toBeCloseTo(0, 12);
    // A workload new in this period: no previous rows, no change.
    const fresh = summarizeCost([totals("a")], [], teams, "workload");
    expect(fresh[0]).toMatchObject({ previousCostUsd: null, change: null });
  });
});

describe("cost over time, stacked", () => {
  const range = { fromMs: T0 + 3 * H, toMs: T0 + 2 * DAY + 3 * H };
  const p = (workload: string, hour: number, costUsd: number) => ({
    workload,
    tMs: Math.floor((T0 + hour * H) / (6 * H)) * 6 * H,
    costUsd,
  });

  it("averages each bucket over its hours inside the range, and leaves buckets without rows empty", () => {
    const s = stackCost([p("a", 3, 3), p("a", 6, 12), p("b", 6, 6)], (w) => w, range, 21_600);
    expect(s.times[0]).toBe(T0);
    expect(s.times.at(-1)).toBe(T0 + 2 * DAY);
    expect(s.times).toHaveLength(9);
    const a = s.series.find((x) => x.key === "a")!;
    expect(a.values[0]).toBe(1); // $3 over the 3 hours of [00:00, 06:00) inside the range
    expect(a.values[1]).toBe(2); // $12 over 6 hours
    expect(a.values[2]).toBeNull();
    expect(s.series.find((x) => x.key === "b")!.values[0]).toBeNull();
    expect(s.series.map((x) => x.key)).toEqual(["a", "b"]); // most expensive first
  });

  it("groups by team and sums keys beyond the most expensive as other", () => {
    const pts = [p("a", 6, 6), p("b", 6, 6), p("c", 6, 60)];
    const byTeam = stackCost(pts, (w) => teams.get(w)!, range, 21_600);
    expect(byTeam.series.map((x) => [x.key, x.values[1]])).toEqual([
      ["data", 10],
      ["shop", 2],
    ]);
    const capped = stackCost(pts, (w) => w, range, 21_600, 2);
    expect(capped.series.map((x) => [x.key, x.values[1]])).toEqual([
      ["c", 10],
      [OTHER, 2],
    ]);
  });

  it("keeps four significant digits", () => {
    const s = stackCost([p("a", 6, 1 / 3)], (w) => w, range, 21_600);
    expect(s.series[0]!.values[1]).toBe(0.05556);
  });
});

describe("a workload's cost on its page", () => {
  it("per hour and per million requests in buckets of the chart step, on the page's axis", () => {
    const hours = [
      { hourMs: T0, costUsd: 3, requests: 1_000_000 },
      { hourMs: T0 + H, costUsd: 3, requests: null }, // no requests that hour
      { hourMs: T0 + 2 * H, costUsd: 6, requests: 2_000_000 },
      { hourMs: T0 + 3 * H, costUsd: 6, requests: null },
    ];
    const s = workloadCostSeries(hours, { fromMs: T0, toMs: T0 + 6 * H }, 3 * 3600);
    expect(s.costPerHour).toEqual([
      [T0, 4],
      [T0 + 3 * H, 2],
    ]);
    // [00:00, 03:00): $12 over 3M requests; [03:00, 06:00): no request rows at all.
    expect(s.costPerMillion).toEqual([[T0, 4]]);
  });

  it("places the hour in progress at a short range's start", () => {
    const s = workloadCostSeries(
      [
        { hourMs: T0, costUsd: 1, requests: 4_000_000 },
        { hourMs: T0 + H, costUsd: 2, requests: 0 },
      ],
      { fromMs: T0 + 20 * 60_000, toMs: T0 + 80 * 60_000 },
      3600,
    );
    expect(s.costPerHour).toEqual([
      [T0 + 20 * 60_000, 1],
      [T0 + H, 2],
    ]);
    expect(s.costPerMillion).toEqual([[T0 + 20 * 60_000, 0.25]]);
  });
});

describe("cost versus performance", () => {
  const slo = (over: Partial<Slo>): Slo => ({
    name: "x",
    indicator: "latency",
    objective: 0.95,
    window: "30d",
    alertFactors: {},
    ...over,
  });

  it("measures p95 against the latency SLO nearest the 95th percentile and the strictest availability", () => {
    expect(
      sloTargets([
        slo({ threshold: 0.5, objective: 0.99 }),
        slo({ threshold: 0.2, objective: 0.95 }),
        slo({ indicator: "availability", objective: 0.999, threshold: undefined }),
        slo({ indicator: "availability", objective: 0.9995, threshold: undefined }),
      ]),
    ).toEqual({
      latency: { thresholdSeconds: 0.2, objective: 0.95 },
      availabilityObjective: 0.9995,
    });
    expect(
      sloTargets([slo({ threshold: 5, objective: 0.99 }), slo({ threshold: 1, objective: 0.99 })]),
    ).toEqual({ latency: { thresholdSeconds: 1, objective: 0.99 }, availabilityObjective: null });
    expect(sloTargets([])).toEqual({ latency: null, availabilityObjective: null });
  });

  it("names quadrants by the fleet's cost per million and the SLO threshold, a tie on the good side", () => {
    expect(quadrantOf(20, 10, 1.5)).toBe("expensive-slow");
    expect(quadrantOf(5, 10, 1.5)).toBe("cheap-slow");
    expect(quadrantOf(20, 10, 0.5)).toBe("expensive-fine");
    expect(quadrantOf(5, 10, 0.5)).toBe("cheap-fine");
    expect(quadrantOf(10, 10, 1)).toBe("cheap-fine");
    expect(quadrantOf(null, 10, 1)).toBeNull();
    expect(quadrantOf(5, null, 1)).toBeNull();
    expect(quadrantOf(5, 10, null)).toBeNull();
  });

  it("splits at the fleet's cost per million: the cost of workloads that served requests over their requests", () => {
    expect(
      fleetCostPerMillion([
        { costUsd: 10, requests: 1_000_000 },
        { costUsd: 30, requests: 3_000_000 },
        { costUsd: 100, requests: null }, // no request rows: not in the split
        { costUsd: 100, requests: 0 },
      ]),
    ).toBeCloseTo(10, 12);
    expect(fleetCostPerMillion([{ costUsd: 1, requests: null }])).toBeNull();
  });

  it("gives every workload a point, with its figures, or says why it is not drawn", () => {
    const perf = (workload: string, over: Partial<PerformanceRow> = {}): PerformanceRow => ({
      workload,
      team: "t",
      p95Seconds: 0.3,
      availability: 0.999,
      latency: { thresholdSeconds: 0.2, objective: 0.95 },
      availabilityObjective: 0.998,
      ...over,
    });
    const { fleetCostPerMillion: fleet, points } = costPerformancePoints(
      [
        { key: "slow", costUsd: 40, requests: 1_000_000 },
        { key: "fine", costUsd: 10, requests: 4_000_000 },
        { key: "quiet", costUsd: 5, requests: null },
      ],
      [
        perf("slow", { availability: 0.99 }),
        perf("fine", { p95Seconds: 0.1, availability: 1 }),
        perf("quiet"),
        perf("nolatency", { p95Seconds: null, latency: null }),
      ],
    );
    expect(fleet).toBeCloseTo(10, 12);
    const [slow, fine, quiet, none] = points;
    expect(slow).toMatchObject({
      costPerMillionRequests: 40,
      meetsAvailability: false,
      quadrant: "expensive-slow",
    });
    expect(slow!.p95OverThreshold).toBeCloseTo(1.5, 12);
    expect(slow!.availabilityBurn).toBeCloseTo(5, 9);
    expect(fine).toMatchObject({
      costPerMillionRequests: 2.5,
      quadrant: "cheap-fine",
      availabilityBurn: 0,
      meetsAvailability: true,
    });
    expect(quiet).toMatchObject({ costPerMillionRequests: null, quadrant: null });
    expect(none).toMatchObject({ costUsd: null, p95OverThreshold: null, quadrant: null });
    expect(notPlotted(quiet!, "latency")).toBe("no request rows in ClickHouse");
    expect(notPlotted(none!, "latency")).toBe("no cost rows in this range");
    expect(notPlotted(slow!, "latency")).toBeUndefined();
    // The availability view places "fine" (no errors at all) at the bottom of its log axis.
    const { data, zeros } = scatterData(points, "availability");
    expect(data.map((d) => [d.workload, d.clamped])).toEqual([
      ["slow", false],
      ["fine", true],
    ]);
    expect(zeros).toBe(true);
  });

  it("puts the names of points that would collide above and below them", () => {
    const places = labelPlaces(
      [
        { workload: "web", x: 0.32, y: 0.5 },
        { workload: "gateway", x: 0.34, y: 0.5 },
        { workload: "far", x: 40, y: 0.5 },
      ],
      [0.1, 100],
      [0.1, 10],
    );
    expect(Object.fromEntries(places)).toEqual({ web: "above", gateway: "below", far: "right" });
  });

  it("draws log axes with 1-2-5 ticks and a decade at least", () => {
    expect(logTicks(0.15, 30)).toEqual([0.2, 0.5, 1, 2, 5, 10, 20]);
    expect(logTicks(0.001, 1000)).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000]);
    const [lo, hi] = logDomain([2])!;
    expect(Math.log10(hi / lo)).toBeCloseTo(1, 12);
    expect(Math.sqrt(lo * hi)).toBeCloseTo(2, 12);
    expect(logDomain([0, -1])).toBeNull();
  });
});

describe("/api/v1/cost's answer", () => {
  it("groups rows as asked and lists failed panels, without the points that need them", () => {
    const row = withRequests(
      summarizeCost([totals("a")], [], teams, "workload"),
      new Map([["a", 1_000_000]]),
      (w) => w,
    );
    const report: CostReport = {
      evaluatedAt: new Date(T0).toISOString(),
      preset: "7d",
      fromMs: T0 - 7 * DAY,
      toMs: T0,
      previousFromMs: T0 - 14 * DAY,
      costs: { ok: true, data: { workloads: row, teams: [], total: row[0]! } },
      overTime: { ok: false, error: { source: "ClickHouse", tag: "cost:series", message: "down" } },
      performance: {
        ok: false,
        error: { source: "Prometheus", tag: "indicators:168h", message: "timeout" },
      },
    };
    const body = toCostResponse(report, "workload");
    expect(body).toMatchObject({
      range: "7d",
      from: new Date(T0 - 7 * DAY).toISOString(),
      previousFrom: new Date(T0 - 14 * DAY).toISOString(),
      rows: [{ key: "a", costPerMillionRequests: 10 }],
      overTime: null,
      performance: null,
    });
    expect(body.errors.map((e) => [e.panel, e.source])).toEqual([
      ["overTime", "ClickHouse"],
      ["performance", "Prometheus"],
    ]);
    expect(toCostResponse(report, "team").rows).toEqual([]);
  });
});
