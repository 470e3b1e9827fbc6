import { describe, expect, it } from "vitest";
import type { SloStatus } from "@/lib/slo/status";
import { workloadHealth } from "@/lib/slo/workload-status";

function slo(
  name: string,
  remaining: number | null,
  burn1h: number | null,
  paging = false,
): SloStatus {
  return {
    name,
    indicator: "availability",
    objective: 0.999,
    window: "30d",
    source: "raw",
    events: null,
    sli: null,
    budgetConsumed: null,
    budgetRemaining: remaining,
    burnRates: {
      "5m": burn1h,
      "30m": burn1h,
      "1h": burn1h,
      "2h": burn1h,
      "6h": burn1h,
      "1d": burn1h,
      "3d": burn1h,
    },
    timeToExhaustionMs: null,
    alerts: [
      {
        tier: "page-fast",
        severity: "page",
        factor: 14.4,
        longWindow: "1h",
        shortWindow: "5m",
        longBurn: burn1h,
        shortBurn: burn1h,
        firing: paging,
      },
      {
        tier: "ticket-3d",
        severity: "ticket",
        factor: 1,
        longWindow: "3d",
        shortWindow: "6h",
        longBurn: burn1h,
        shortBurn: burn1h,
        firing: (burn1h ?? 0) > 1,
      },
    ],
  };
}

describe("workloadHealth", () => {
  it("says burning when a page tier fires, whatever the budget", () => {
    const h = workloadHealth([slo("availability", 0.7, 20, true), slo("latency-200ms", 0.9, 0.5)]);
    expect(h).toEqual({
      status: "burning",
      budgetRemaining: 0.7,
      burnRate: 20,
      reasons: ["availability"],
    });
  });

  it("says budget exhausted when an SLO has spent it, even if a ticket tier is all that fires", () => {
    const h = workloadHealth([slo("availability", -0.2, 2), slo("latency-200ms", 0.4, 0.1)]);
    expect(h).toEqual({
      status: "exhausted",
      budgetRemaining: -0.2,
      burnRate: 2,
      reasons: ["availability"],
    });
  });

  it("says healthy otherwise, and unknown without any computable SLO", () => {
    expect(workloadHealth([slo("availability", 0.5, 0.8)]).status).toBe("healthy");
    expect(workloadHealth([slo("availability", null, null)])).toEqual({
      status: "unknown",
      budgetRemaining: null,
      burnRate: null,
      reasons: [],
    });
  });
});
