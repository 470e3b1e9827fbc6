/**
 * Team scopes (lib/auth/scope.ts and the narrowing of each report): a viewer of team
 * "core" sees alpha and beta, never gamma or delta of team "edge" (docs/auth.md).
 */
import { describe, expect, it } from "vitest";
import {
  canManage,
  canSeeTeam,
  canSeeWorkload,
  filterByWorkload,
  inScope,
  mapPanel,
  pickWorkloads,
  visibleWorkloads,
  type Viewer,
} from "@/lib/auth/scope";
import type { CostTotals } from "@/lib/clickhouse/queries/cost";
import type { PanelResult } from "@/lib/errors/data-source-error";
import { assembleCost, type CostData } from "@/lib/cost/assemble";
import type { RecommendationsReport } from "@/lib/cost/recommendations";
import { scopeRecommendations } from "@/lib/cost/scope";
import { scopeOnCall } from "@/lib/oncall/scope";
import type { OnCallReport } from "@/lib/oncall/types";
import type { Overview } from "@/lib/overview";
import { scopeOverview } from "@/lib/overview/scope";

const CATALOG = {
  workloads: [
    { name: "alpha", team: "core" },
    { name: "beta", team: "core" },
    { name: "gamma", team: "edge" },
    { name: "delta", team: "edge" },
  ],
};
const CORE: Viewer = { role: "viewer", teams: ["core"] };
const EDGE_EDITOR: Viewer = { role: "editor", teams: ["edge"] };
const EVERY: Viewer = { role: "viewer", teams: "all" };
const NONE: Viewer = { role: "viewer", teams: [] };
const ADMIN_LISTED: Viewer = { role: "admin", teams: ["core"] };

const scope = (v: Viewer) => visibleWorkloads(v, CATALOG);
const ok = <T>(data: T): PanelResult<T> => ({ ok: true, data });
const down: PanelResult<never> = {
  ok: false,
  error: { source: "Prometheus", tag: "t", message: "down" },
};

describe("who sees what", () => {
  it("sees a team's workloads only when the team is theirs, or they see every team", () => {
    expect(canSeeTeam(CORE, "core")).toBe(true);
    expect(canSeeTeam(CORE, "edge")).toBe(false);
    expect(canSeeTeam(NONE, "core")).toBe(false);
    expect(canSeeTeam(EVERY, "edge")).toBe(true);
    // An admin sees every team, whatever their list says.
    expect(canSeeTeam(ADMIN_LISTED, "edge")).toBe(true);
    expect(canSeeWorkload(CORE, "alpha", CATALOG)).toBe(true);
    expect(canSeeWorkload(CORE, "gamma", CATALOG)).toBe(false);
    expect(canSeeWorkload(EDGE_EDITOR, "gamma", CATALOG)).toBe(true);
    // Unknown: nobody, not even an admin, so that callers answer it like another team's.
    expect(canSeeWorkload(EVERY, "omega", CATALOG)).toBe(false);
    expect(canSeeWorkload(ADMIN_LISTED, "omega", CATALOG)).toBe(false);
    // A team name is not a workload name.
    expect(canSeeWorkload(CORE, "core", CATALOG)).toBe(false);
  });

  it("narrows lists and records, and leaves them as they are for every team", () => {
    expect(scope(EVERY)).toBeNull();
    expect(scope(ADMIN_LISTED)).toBeNull();
    expect([...scope(CORE)!]).toEqual(["alpha", "beta"]);
    expect([...scope(NONE)!]).toEqual([]);
    const items = [{ w: "alpha" }, { w: "gamma" }, { w: null }, { w: "beta" }, { w: "omega" }];
    expect(filterByWorkload(scope(CORE), items, (i) => i.w)).toEqual([
      { w: "alpha" },
      { w: "beta" },
    ]);
    // Unscoped: the same array, not a copy; an item of no workload stays.
    expect(filterByWorkload(null, items, (i) => i.w)).toBe(items);
    expect(inScope(scope(CORE), null)).toBe(false);
    expect(inScope(null, null)).toBe(true);
    const record = { alpha: 1, gamma: 2, delta: 3 };
    expect(pickWorkloads(scope(EDGE_EDITOR), record)).toEqual({ gamma: 2, delta: 3 });
    expect(pickWorkloads(null, record)).toBe(record);
    expect(mapPanel(down, () => 1)).toBe(down);
    const stale = { ok: true as const, data: [1, 2], stale: { asOf: "t", error: down.error } };
    expect(mapPanel(stale, (d) => d.length)).toEqual({ ...stale, data: 2 });
  });

  it("lets admins manage anyone's, editors their own, viewers nothing", () => {
    expect(canManage({ user: "root", role: "admin" }, "ana")).toBe(true);
    expect(canManage({ user: "ana", role: "editor" }, "ana")).toBe(true);
    expect(canManage({ user: "ana", role: "editor" }, "bob")).toBe(false);
    expect(canManage({ user: "ana", role: "viewer" }, "ana")).toBe(false);
  });
});

/** Every key and string value of `value`, flattened: what a client would receive. */
const text = (value: unknown) => JSON.stringify(value);
const expectOnlyCore = (value: unknown) => {
  for (const name of ["gamma", "delta", "edge"]) expect(text(value)).not.toContain(name);
  expect(text(value)).toContain("alpha");
};

describe("each report, narrowed", () => {
  it("the overview: indicators, usage, SLOs and sparklines", () => {
    const row = (workload: string) => ({
      workload,
      team: CATALOG.workloads.find((w) => w.name === workload)!.team,
      tier: 1,
      values: { rps: 1, availability: 1, p95: 0.1 },
    });
    const names = CATALOG.workloads.map((w) => w.name);
    const overview = {
      evaluatedAt: "2026-05-04T12:00:00.000Z",
      range: "1h",
      indicators: ok({ range: "1h", rows: names.map(row) }),
      longIndicators: ok({ range: "30d", rows: names.map(row) }),
      usage: ok({ range: "30d", rows: names.map((workload) => ({ workload, requests: 1 })) }),
      slos: ok(names.map((workload) => ({ ...row(workload), slos: [] }))),
      sparklines: ok(Object.fromEntries(names.map((w) => [w, [[0, 0.1]]]))),
    } as unknown as Overview;
    const mine = scopeOverview(overview, scope(CORE));
    expectOnlyCore(mine);
    expect(mine.indicators.ok && mine.indicators.data.rows.map((r) => r.workload)).toEqual([
      "alpha",
      "beta",
    ]);
    expect(mine.sparklines.ok && Object.keys(mine.sparklines.data)).toEqual(["alpha", "beta"]);
    expect(scopeOverview(overview, null)).toBe(overview);
    // A failed panel stays the error it was.
    const failed = { ...overview, usage: down } as Overview;
    expect(scopeOverview(failed, scope(CORE)).usage).toBe(down);
  });

  it("on-call: burning SLOs, alerts, incidents and rotations", () => {
    const report: OnCallReport = {
      evaluatedAt: "2026-05-04T12:00:00.000Z",
      burning: ok(
        ["alpha", "gamma"].map((workload) => ({
          workload,
          team: workload === "alpha" ? "core" : "edge",
          slo: "availability",
          objective: 99.9,
          window: "30d",
          burn1h: 20,
          spendPerHour: 0.03,
          budgetRemaining: 0.5,
          timeToExhaustionMs: 1,
          firingTiers: ["page-fast"],
        })),
      ),
      alerts: ok(
        ["alpha", "delta", null].map((workload) => ({
          name: workload ? `SLOBurn ${workload}` : "NodeDown edge-node-1",
          state: "firing" as const,
          severity: "page",
          workload,
          slo: null,
          tier: null,
          summary: null,
          activeAtMs: 0,
        })),
      ),
      incidents: ok(
        ["alpha", "gamma"].map((workload) => ({
          workload,
          slo: "availability",
          tiers: ["page-fast"],
          startMs: 0,
          endMs: null,
          durationMs: 1,
        })),
      ),
      roster: ["core", "edge"].map((team) => ({
        team,
        current: null,
        next: { person: `${team}-lead`, fromMs: 0, untilMs: 1 },
      })),
    };
    const mine = scopeOnCall(report, CORE, scope(CORE));
    expectOnlyCore(mine);
    expect(mine.alerts.ok && mine.alerts.data.map((a) => a.workload)).toEqual(["alpha"]);
    expect(mine.roster.map((r) => r.team)).toEqual(["core"]);
    // Every team: the same report, the alert of no workload included.
    expect(scopeOnCall(report, EVERY, scope(EVERY))).toBe(report);
  });

  it("right-sizing: rows, missing workloads and the total savings", () => {
    const row = (workload: string, savings: number) => ({
      key: workload,
      workload,
      team: CATALOG.workloads.find((w) => w.name === workload)!.team,
      savingsUsdPerMonth: savings,
    });
    const report = {
      evaluatedAt: "2026-05-04T12:05:00.000Z",
      result: ok({
        settings: {},
        rows: [row("gamma", 100), row("alpha", 10), row("delta", 5)],
        missing: [
          { workload: "beta", team: "core", reason: "no pods" },
          { workload: "delta", team: "edge", reason: "no pods" },
        ],
        totalSavingsUsdPerMonth: 115,
      }),
    } as unknown as RecommendationsReport;
    const mine = scopeRecommendations(report, scope(CORE));
    expectOnlyCore(mine);
    expect(mine.result.ok && mine.result.data.totalSavingsUsdPerMonth).toBe(10);
    expect(mine.result.ok && mine.result.data.missing.map((m) => m.workload)).toEqual(["beta"]);
    expect(scopeRecommendations(report, null)).toBe(report);
  });
});

describe("the cost report, added up per viewer", () => {
  const sums = (workload: string, costUsd: number, idle: number): CostTotals => ({
    workload,
    hours: 10,
    costUsd,
    cpuCostUsd: costUsd / 2,
    memoryCostUsd: costUsd / 2,
    cpuRequestCoreHours: 10,
    cpuUsageCoreHours: 5,
    cpuAllocCoreHours: 10,
    memoryRequestGibHours: 10,
    memoryUsageGibHours: 5,
    memoryAllocGibHours: 10,
    cpuIdleUsd: idle / 2,
    memoryIdleUsd: idle / 2,
    podHours: 10,
  });
  const COSTS: Record<string, number> = { alpha: 10, beta: 20, gamma: 300, delta: 4000 };
  const names = Object.keys(COSTS);
  const data: CostData = {
    evaluatedAt: "2026-05-04T12:00:00.000Z",
    preset: "7d",
    fromMs: 0,
    toMs: 2 * 3600_000,
    previousFromMs: -2 * 3600_000,
    teams: CATALOG.workloads.map((w) => [w.name, w.team]),
    costs: ok({
      now: names.map((w) => sums(w, COSTS[w]!, COSTS[w]! / 10)),
      before: names.map((w) => sums(w, COSTS[w]! / 2, 0)),
      requests: names.map((w) => [w, 1000]),
    }),
    overTime: ok({
      bucketSeconds: 3600,
      points: names.flatMap((workload) =>
        [0, 3600_000].map((tMs) => ({ workload, tMs, costUsd: COSTS[workload]! / 2 })),
      ),
    }),
    performance: ok({
      rows: CATALOG.workloads.map((w) => ({
        workload: w.name,
        team: w.team,
        p95Seconds: 0.1,
        availability: 1,
        latency: null,
        availabilityObjective: null,
      })),
    }),
  };

  it("sums a scoped viewer's total, team rows and series over their workloads only", () => {
    const mine = assembleCost(data, scope(CORE));
    expectOnlyCore(mine);
    if (!mine.costs.ok || !mine.overTime.ok || !mine.performance.ok) throw new Error("failed");
    expect(mine.costs.data.workloads.map((r) => r.key)).toEqual(["beta", "alpha"]);
    expect(mine.costs.data.teams.map((r) => [r.key, r.costUsd])).toEqual([["core", 30]]);
    const total = mine.costs.data.total!;
    expect(total.costUsd).toBe(30);
    expect(total.previousCostUsd).toBe(15);
    expect(total.requests).toBe(2000);
    // Idle: the viewer's workloads' shares of their nodes' idle, not the cluster's.
    expect(total.idleUsd).toBeCloseTo(3);
    expect(mine.overTime.data.workload.series.map((s) => s.key)).toEqual(["beta", "alpha"]);
    expect(mine.overTime.data.team.series).toEqual([{ key: "core", values: [30 / 2, 30 / 2] }]);
    expect(mine.performance.data.rows.map((r) => r.workload)).toEqual(["alpha", "beta"]);
  });

  it("adds up every workload for a viewer of every team", () => {
    const all = assembleCost(data, null);
    if (!all.costs.ok || !all.overTime.ok) throw new Error("failed");
    expect(all.costs.data.total!.costUsd).toBe(4330);
    expect(all.costs.data.total!.idleUsd).toBeCloseTo(433);
    expect(all.costs.data.teams.map((r) => r.key)).toEqual(["edge", "core"]);
    expect(all.overTime.data.workload.series).toHaveLength(4);
  });

  it("keeps a failed panel's error, and a viewer of no team gets no figure", () => {
    const failed = assembleCost({ ...data, costs: down }, scope(CORE));
    expect(failed.costs).toBe(down);
    const none = assembleCost(data, scope(NONE));
    if (!none.costs.ok) throw new Error("failed");
    expect(none.costs.data).toEqual({ workloads: [], teams: [], total: null });
  });
});
