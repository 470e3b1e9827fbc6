import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import { generateRules } from "@/lib/slo/rules";
import { sloStatus, thresholdMessage, type GroupFigures } from "@/lib/slo/status";
import { BURN_WINDOWS } from "@/lib/slo/alert-tiers";

const catalog = (window: string) =>
  parseCatalog(
    `sloWindow: ${window}\nslos:\n  - { indicator: availability, objective: 99.9 }\n` +
      "workloads:\n  - { name: checkout, team: t, convention: prometheus-client }\n",
    "t.yaml",
  );

/** Figures of one workload: window events and an error ratio per burn window. */
function figures(bad: number | null, total: number | null, ratio: number | null): GroupFigures {
  const one = (v: number | null) => new Map(v === null ? [] : [["checkout", v] as const]);
  return {
    bad: one(bad),
    total: one(total),
    ratios: Object.fromEntries(BURN_WINDOWS.map((w) => [w, one(ratio)])) as GroupFigures["ratios"],
  };
}

describe("sloStatus (pure)", () => {
  it("computes SLI, budget, burn and tiers from the figures", () => {
    const slo = catalog("30d").workloads[0]!.slos[0]!;
    // 500 bad of 1,000,000 against a 0.1 % budget: half of it spent. Every burn window
    // at a 1.5 % error ratio burns 15× the budget: above page-fast's 14.4, below nothing else.
    const s = sloStatus(slo, "raw", figures(500, 1_000_000, 0.015), "checkout", new Date(0));
    expect(s.sli).toBeCloseTo(0.9995, 12);
    expect(s.budgetRemaining).toBeCloseTo(0.5, 9);
    expect(s.burnRates["1h"]).toBeCloseTo(15, 9);
    // 0.5 × 30 d / 15 = 1 day.
    expect(s.timeToExhaustionMs).toBeCloseTo(86_400_000, 0);
    const firing = s.alerts.filter((a) => a.firing).map((a) => a.tier);
    expect(firing).toEqual(["page-fast", "page-slow", "ticket-1d", "ticket-3d"]);
    expect(s.alerts.find((a) => a.tier === "page-fast")!.factor).toBeCloseTo(14.4, 9);
  });

  it("has no figures and fires nothing without traffic", () => {
    const slo = catalog("30d").workloads[0]!.slos[0]!;
    const s = sloStatus(slo, "raw", figures(null, null, null), "checkout", new Date(0));
    expect([s.sli, s.budgetRemaining, s.events, s.timeToExhaustionMs]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(s.alerts.some((a) => a.firing)).toBe(false);
  });

  it("gives a calendar month the factors the generated alerting rules fire at, in any month", () => {
    const c = catalog("calendar-month");
    const slo = c.workloads[0]!.slos[0]!;
    const rules = generateRules(c).groups.flatMap((g) => g.rules);
    for (const month of ["2026-02-10T00:00:00Z", "2026-03-10T00:00:00Z"]) {
      const s = sloStatus(slo, "raw", figures(1, 100, 0.01), "checkout", new Date(month));
      for (const a of s.alerts) {
        const rule = rules.find((r) => "alert" in r && r.labels.tier === a.tier)!;
        // The rule's expression compares against the same factor the dashboard shows.
        expect(rule.expr).toContain(`> ${a.factor})`);
      }
      expect(s.alerts.find((a) => a.tier === "page-fast")!.factor).toBeCloseTo(14.4, 9);
    }
  });
});

describe("thresholdMessage", () => {
  it("names the nearest bucket bounds on both sides", () => {
    expect(thresholdMessage(0.25, "http_request_duration_seconds", [0.1, 0.2, 0.3, 1])).toBe(
      "250 ms is not a bucket boundary of http_request_duration_seconds; nearest: 200 ms, 300 ms",
    );
    expect(thresholdMessage(2, "h", [0.5, 1])).toBe(
      "2 s is not a bucket boundary of h; nearest: 1 s",
    );
    expect(thresholdMessage(2, "h", [])).toBe(
      "2 s is not a bucket boundary of h; it has no finite buckets",
    );
  });
});
