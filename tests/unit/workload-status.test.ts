import { describe, expect, it } from "vitest";
import { workloadHealth } from "@/lib/slo/workload-status";
import { sloStatus as slo } from "../support/slo-status";

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
