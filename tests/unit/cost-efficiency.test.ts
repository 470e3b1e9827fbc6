import { describe, expect, it } from "vitest";
import type { CostTotals } from "@/lib/clickhouse/queries/cost";
import { idleShare, nodeIdle, resourceEfficiency, totalEfficiency } from "@/lib/cost/efficiency";
import { leaseWinner } from "@/lib/cost/lease";
import { summarizeCost } from "@/lib/cost/summary";

describe("Kubecost's efficiency", () => {
  it("is usage over request; 100 % without a request but with usage and cost; none without either", () => {
    expect(resourceEfficiency(0.5, 2, 1)).toBe(0.25);
    expect(resourceEfficiency(3, 1.5, 1)).toBe(2);
    expect(resourceEfficiency(1, 0, 0.1)).toBe(1);
    expect(resourceEfficiency(1, 0, 0)).toBeNull();
    expect(resourceEfficiency(0, 0, 0)).toBeNull();
  });

  it("weights CPU and memory by their costs", () => {
    expect(totalEfficiency({ efficiency: 0.4, cost: 3 }, { efficiency: 0.8, cost: 1 })).toBeCloseTo(
      0.5,
      12,
    );
    expect(
      totalEfficiency({ efficiency: null, cost: 0 }, { efficiency: 0.8, cost: 1 }),
    ).toBeCloseTo(0.8, 12);
    expect(totalEfficiency({ efficiency: 0.4, cost: 0 }, { efficiency: 0.8, cost: 0 })).toBeNull();
  });
});

describe("idle", () => {
  it("is unallocated capacity at the node's price, shared by allocation", () => {
    expect(nodeIdle(4, 1, 0.03)).toBeCloseTo(0.09, 12);
    expect(nodeIdle(4, 5, 0.03)).toBe(0); // never negative
    expect(idleShare({ capacity: 4, allocated: 2, price: 0.03, own: 0.5 })).toBeCloseTo(0.015, 12);
    expect(idleShare({ capacity: null, allocated: 2, price: 0.03, own: 0.5 })).toBeNull();
    expect(idleShare({ capacity: 4, allocated: 2, price: 0.03, own: 0 })).toBe(0);
  });
});

describe("summarizeCost", () => {
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
    cpuIdleUsd: 3,
    memoryIdleUsd: 2,
    podHours: 30,
    ...over,
  });
  const teams = new Map([
    ["a", "shop"],
    ["b", "shop"],
    ["c", "data"],
  ]);

  it("per workload: efficiency, idle share, change, replicas; ordered by cost", () => {
    const out = summarizeCost(
      [totals("a"), totals("c", { costUsd: 20, cpuIdleUsd: null })],
      [totals("a", { costUsd: 8 })],
      teams,
      "workload",
    );
    expect(out.map((r) => r.key)).toEqual(["c", "a"]);
    const a = out[1]!;
    expect(a).toMatchObject({
      team: "shop",
      cpuEfficiency: 0.5,
      memoryEfficiency: 0.75,
      previousCostUsd: 8,
      idleUsd: 5,
    });
    expect(a.totalEfficiency).toBeCloseTo((0.5 * 8 + 0.75 * 2) / 10, 12);
    expect(a.change).toBeCloseTo(0.25, 12);
    expect(a.idleShare).toBeCloseTo(5 / 15, 12);
    expect(a.averageReplicas).toBe(3);
    expect(out[0]).toMatchObject({
      key: "c",
      previousCostUsd: null,
      change: null,
      idleUsd: null,
      idleShare: null,
    });
  });

  it("per team: sums of its workloads' sums, not averages of their ratios", () => {
    const [shop] = summarizeCost(
      [totals("a"), totals("b", { cpuUsageCoreHours: 30, cpuRequestCoreHours: 40, podHours: 10 })],
      [],
      teams,
      "team",
    );
    expect(shop).toMatchObject({ key: "shop", team: "shop", costUsd: 20, hours: 20 });
    expect(shop!.cpuEfficiency).toBeCloseTo(40 / 60, 12);
    expect(shop!.averageReplicas).toBe(4); // 40 pod-hours over 10 hours
  });
});

describe("the lease's winner", () => {
  it("is the earliest first claim of the term, ties broken by holder", () => {
    const c = (holder: string, firstClaimMs: number) => ({
      term: 3,
      holder,
      firstClaimMs,
      expiresMs: firstClaimMs + 1000,
    });
    expect(leaseWinner([c("b", 5), c("a", 7)])!.holder).toBe("b");
    expect(leaseWinner([c("b", 5), c("a", 5)])!.holder).toBe("a");
    expect(leaseWinner([])).toBeNull();
  });
});
