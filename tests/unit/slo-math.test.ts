import { describe, expect, it } from "vitest";
import { canonicalWindow } from "@/lib/catalog/slo-schema";
import { tierFactor, tierStates, TIERS } from "@/lib/slo/alert-tiers";
import {
  budgetConsumed,
  budgetRemaining,
  burnRate,
  errorBudget,
  errorRatio,
  timeToExhaustionMs,
} from "@/lib/slo/budget";
import { alertWindowMs, sloWindowRange } from "@/lib/slo/windows";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe("budget", () => {
  it("spends exactly the budget at an error ratio equal to it", () => {
    // 99.9 %: budget 0.001; 1,000 errors in 1,000,000 requests is 0.001.
    const e = errorRatio(1_000, 1_000_000)!;
    expect(errorBudget(0.999)).toBeCloseTo(0.001, 15);
    expect(budgetConsumed(e, 0.999)).toBeCloseTo(1, 12);
    expect(budgetRemaining(e, 0.999)).toBeCloseTo(0, 12);
  });

  it("goes negative when overspent, without clamping", () => {
    // 3,000 bad of 1,000,000 at 99.9 %: three budgets spent, remaining 1 − 3 = −2.
    expect(budgetRemaining(0.003, 0.999)).toBeCloseTo(-2, 12);
  });

  it("treats no traffic as unknown, not as perfect", () => {
    expect(errorRatio(0, 0)).toBeNull();
  });

  it("burns at the error ratio over the budget", () => {
    // 50 % errors against a 0.1 % budget burns 500× faster than sustainable.
    expect(burnRate(0.5, 0.999)).toBeCloseTo(500, 9);
    expect(burnRate(0.001, 0.999)).toBeCloseTo(1, 12);
  });

  it("tells the time to exhaustion at the current burn", () => {
    // Half the budget left over 30 days at burn 2: 0.5 × 720 h / 2 = 180 h.
    expect(timeToExhaustionMs(0.5, 30 * DAY, 2)).toBeCloseTo(180 * HOUR, 3);
    expect(timeToExhaustionMs(0.5, 30 * DAY, 0)).toBe(Infinity);
    expect(timeToExhaustionMs(-0.1, 30 * DAY, 3)).toBe(0);
  });

  it("refuses objectives outside (0, 1)", () => {
    expect(() => errorBudget(99.9)).toThrow(RangeError);
    expect(() => errorBudget(1)).toThrow(RangeError);
  });
});

describe("alert tiers", () => {
  it("scale factors to the SLO window as the workbook table says", () => {
    const factors = (days: number) => TIERS.map((t) => tierFactor(t, days * DAY));
    // 0.02 × 720 / 1, 0.05 × 720 / 6, 0.1 × 720 / 24, 0.1 × 720 / 72
    expect(factors(30).map((f) => +f.toFixed(4))).toEqual([14.4, 6, 3, 1]);
    // Shorter windows floor at 1 (0.1 × 672 / 72 = 0.93; 0.1 × 168 / 24 = 0.7).
    expect(factors(28).map((f) => +f.toFixed(4))).toEqual([13.44, 5.6, 2.8, 1]);
    expect(factors(14).map((f) => +f.toFixed(4))).toEqual([6.72, 2.8, 1.4, 1]);
    expect(factors(7).map((f) => +f.toFixed(4))).toEqual([3.36, 1.4, 1, 1]);
    expect(factors(90).map((f) => +f.toFixed(4))).toEqual([43.2, 18, 9, 3]);
  });

  it("accept any rolling window Prometheus can evaluate, one canonical spelling each", () => {
    const cases: [string, string | null][] = [
      ["2w", "14d"],
      ["4w", "28d"],
      ["1w", "7d"],
      ["14d", "14d"],
      ["90d", "90d"],
      ["1y", "365d"],
      ["1w3d", "10d"],
      ["36h", "36h"],
      ["calendar-month", "calendar-month"],
      ["12h", null], // shorter than a day: the tiers' windows would outlast it
      ["2y", null],
      ["1M", null], // Prometheus has no month unit
      ["3d1w", null], // units out of order: Prometheus refuses it
      ["30m", null],
      ["", null],
    ];
    for (const [text, want] of cases) expect([text, canonicalWindow(text)]).toEqual([text, want]);
    expect(alertWindowMs("14d")).toBe(14 * DAY);
    expect(sloWindowRange("14d", new Date())).toBe("14d");
  });

  it("fire only when both windows burn above the factor", () => {
    // Two hours into a burst of 50 % errors at 99.9 % over 30 d (burn 500 while it lasts):
    // 5m and 30m and 1h see 500×; 2h sees 500×; 6h sees 500 × 2/6 = 166.7; 1d 41.7; 3d 13.9.
    const burn = {
      "5m": 500,
      "30m": 500,
      "1h": 500,
      "2h": 500,
      "6h": 500 / 3,
      "1d": 500 / 12,
      "3d": 500 / 36,
    };
    const states = tierStates(burn, 30 * DAY);
    expect(states.map((s) => [s.tier, s.firing])).toEqual([
      ["page-fast", true],
      ["page-slow", true],
      ["ticket-1d", true],
      ["ticket-3d", true],
    ]);
    // After the burst the short windows recover first: 5m at 0 stops the fast page.
    const after = tierStates({ ...burn, "5m": 0 }, 30 * DAY);
    expect(after.find((s) => s.tier === "page-fast")!.firing).toBe(false);
    expect(after.find((s) => s.tier === "page-slow")!.firing).toBe(true);
  });

  it("never fire on a window without traffic, and honour per-SLO factor overrides", () => {
    const states = tierStates({ "1h": 20, "5m": null }, 30 * DAY);
    expect(states[0]!.firing).toBe(false);
    const overridden = tierStates({ "1h": 20, "5m": 20 }, 30 * DAY, { "page-fast": 25 });
    expect(overridden[0]).toMatchObject({ factor: 25, firing: false });
  });
});
