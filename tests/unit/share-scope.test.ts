/**
 * What a report link may hold (lib/share/scope.ts, docs/report-links.md): only the
 * creator's teams' workloads, with totals summed again from them; and when a link is gone.
 */
import { describe, expect, it } from "vitest";
import type { CostReport } from "@/lib/cost";
import type { CostRow } from "@/lib/cost/views";
import type { Overview } from "@/lib/overview";
import { scopeCost, scopeOverview, totalOf, visibility } from "@/lib/share/scope";
import { isReportId, reportState } from "@/lib/share/types";

const teamOf = new Map([
  ["a", "core"],
  ["b", "core"],
  ["x", "edge"],
]);

const values = { availability: 1 } as never;
const overview: Overview = {
  evaluatedAt: "2026-12-01T00:00:00.000Z",
  range: "1h",
  indicators: {
    ok: true,
    data: {
      range: "1h",
      rows: ["a", "x"].map((w) => ({ workload: w, team: teamOf.get(w)!, tier: 1, values })),
    },
  },
  longIndicators: { ok: false, error: { source: "Prometheus", tag: "t", message: "down" } },
  usage: {
    ok: true,
    data: {
      range: "30d",
      rows: ["a", "x", "unknown"].map((w) => ({
        workload: w,
        requests: 1,
        errorRatio: 0,
        p95Ms: 1,
        costUsd: 1,
        costPerMillionRequests: 1,
      })),
    },
  },
  slos: { ok: true, data: [{ workload: "x", team: "edge", tier: 1, slos: [] }] },
  sparklines: { ok: true, data: { a: [[1, 0]], x: [[1, 0]] } },
};

const row = (key: string, team: string, costUsd: number): CostRow =>
  ({
    key,
    team,
    hours: 10,
    costUsd,
    cpuCostUsd: costUsd / 2,
    memoryCostUsd: costUsd / 2,
    previousCostUsd: costUsd / 2,
    change: 1,
    cpuEfficiency: 0.5,
    memoryEfficiency: 0.5,
    totalEfficiency: 0.5,
    idleUsd: 1,
    idleShare: null,
    cpuRequestCoreHours: 10,
    cpuUsageCoreHours: 5,
    memoryRequestGibHours: 20,
    memoryUsageGibHours: 5,
    averageReplicas: 1,
    requests: 1000,
    costPerMillionRequests: null,
  }) as CostRow;

describe("a snapshot's scope", () => {
  it("keeps everything for a user of every team", () => {
    const v = visibility("all", teamOf);
    expect(v.scoped).toBe(false);
    expect(scopeOverview(overview, v)).toBe(overview);
  });

  it("drops other teams' workloads from every overview panel, and unknown ones", () => {
    const o = scopeOverview(overview, visibility(["core"], teamOf));
    expect(JSON.stringify(o)).not.toMatch(/"x"|edge|unknown/);
    expect(o.indicators.ok && o.indicators.data.rows.map((r) => r.workload)).toEqual(["a"]);
    expect(o.usage.ok && o.usage.data.rows.map((r) => r.workload)).toEqual(["a"]);
    expect(o.slos.ok && o.slos.data).toEqual([]);
    expect(o.sparklines.ok && Object.keys(o.sparklines.data)).toEqual(["a"]);
    expect(o.longIndicators).toEqual(overview.longIndicators); // an error stays as it was
    // A user of no team sees nothing.
    const none = scopeOverview(overview, visibility([], teamOf));
    expect(none.indicators.ok && none.indicators.data.rows).toEqual([]);
  });

  it("drops other teams from cost, the stacks' 'other' part, and sums the total again", () => {
    const stack = (keys: string[]) => ({
      bucketSeconds: 3600,
      times: [0],
      series: keys.map((key) => ({ key, values: [1] })),
    });
    const report = {
      evaluatedAt: "",
      preset: "7d",
      fromMs: 0,
      toMs: 1,
      previousFromMs: 0,
      costs: {
        ok: true,
        data: {
          workloads: [row("a", "core", 4), row("b", "core", 2), row("x", "edge", 100)],
          teams: [row("edge", "edge", 100), row("core", "core", 6)],
          total: row("total", "total", 106),
        },
      },
      overTime: {
        ok: true,
        data: { workload: stack(["x", "a", "other"]), team: stack(["edge", "core", "other"]) },
      },
      performance: { ok: true, data: { rows: [] } },
    } as unknown as CostReport;
    const r = scopeCost(report, visibility(["core"], teamOf));
    if (!r.costs.ok || !r.overTime.ok) throw new Error("no data");
    expect(r.costs.data.workloads.map((w) => w.key)).toEqual(["a", "b"]);
    expect(r.costs.data.teams.map((t) => t.key)).toEqual(["core"]);
    expect(r.costs.data.total).toMatchObject({ costUsd: 6, previousCostUsd: 3, change: 1 });
    expect(r.overTime.data.workload.series.map((s) => s.key)).toEqual(["a"]);
    expect(r.overTime.data.team.series.map((s) => s.key)).toEqual(["core"]);
  });

  it("sums a total from team rows: costs, efficiency from core-hours, cost per million", () => {
    const t = totalOf([row("core", "core", 6), row("web", "web", 4)])!;
    expect(t).toMatchObject({ costUsd: 10, hours: 20, idleUsd: 2, requests: 2000 });
    expect(t.cpuEfficiency).toBe(0.5);
    expect(t.memoryEfficiency).toBe(0.25);
    expect(t.costPerMillionRequests).toBe(5000);
    expect(totalOf([])).toBeNull();
  });
});

describe("a link's state and id", () => {
  it("is live until its expiry, expired from then on, and revoked whatever the time", () => {
    expect(reportState({ expiresMs: 100, revokedMs: null }, 99)).toBe("live");
    expect(reportState({ expiresMs: 100, revokedMs: null }, 100)).toBe("expired");
    expect(reportState({ expiresMs: 100, revokedMs: 50 }, 10)).toBe("revoked");
  });

  it("accepts 22 base64url characters only", () => {
    expect(isReportId("AAAAAAAAAAAAAAAAAAAA_-")).toBe(true);
    for (const bad of [
      "",
      "A".repeat(21),
      "A".repeat(23),
      "AAAAAAAAAAAAAAAAAAAA+/",
      "../AAAAAAAAAAAAAAAAAAA",
    ]) {
      expect(isReportId(bad), bad).toBe(false);
    }
  });
});
