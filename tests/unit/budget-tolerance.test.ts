import fc from "fast-check";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formatBudgetRemaining } from "@/components/format";
import { BudgetBar } from "@/components/overview/status-badge";
import {
  BUDGET_TOLERANCE,
  budgetConsumed,
  budgetRemaining,
  errorBudget,
  errorRatio,
  isBudgetSpent,
  timeToExhaustionMs,
} from "@/lib/slo/budget";
import { workloadHealth } from "@/lib/slo/workload-status";
import { sloStatus } from "../support/slo-status";

const DAY = 86_400_000;

/** One SLO with only a budget remaining: no burn figures, nothing firing. */
const slo = (remaining: number | null) => sloStatus("availability", remaining, null);
const status = (remaining: number) => workloadHealth([slo(remaining)]).status;

/** The sign a displayed percentage claims: "<1%" is above 0, "0%" is 0. */
function shownSign(text: string): number {
  if (text.startsWith("<")) return 1;
  expect(text).toMatch(/^-?\d+(\.\d+)?%$/);
  return Math.sign(Number(text.slice(0, -1)));
}

describe("budget at the objective, in floats", () => {
  it("spends the budget exactly at an error ratio equal to it, whichever way the float falls", () => {
    // Error ratios equal to 1 − objective in decimal. Untreated, their float remainders
    // 1 − e/b are +8.9e-16 ("healthy" beside "0%"), 0, −2.2e-16 and −1.1e-13 of the budget.
    const cases = [
      [0.999, errorRatio(1, 1000)!],
      [0.999, 1 - 0.999], // the budget's own float
      [0.9, errorRatio(1, 10)!],
      [0.9999, errorRatio(1, 10_000)!],
    ] as const;
    for (const [o, e] of cases) {
      const r = budgetRemaining(e, o);
      expect(budgetConsumed(e, o), `${o} ${e}`).toBe(1);
      expect(r, `${o} ${e}`).toBe(0);
      expect(status(r)).toBe("exhausted");
      expect(formatBudgetRemaining(r)).toBe("0%");
      expect(formatBudgetRemaining(r, 1)).toBe("0.0%");
      expect(timeToExhaustionMs(r, 30 * DAY, 1)).toBe(0);
    }
    expect(1 - 0.999).toBe(errorBudget(0.999));
  });

  it("judges a remainder within the tolerance spent on either side, whoever computed it", () => {
    for (const r of [8.881784197001252e-16, -2.220446049250313e-16, BUDGET_TOLERANCE, 0, -0]) {
      expect(isBudgetSpent(r), String(r)).toBe(true);
      expect(status(r), String(r)).toBe("exhausted");
      expect(formatBudgetRemaining(r)).toBe("0%");
    }
    expect(isBudgetSpent(2 * BUDGET_TOLERANCE)).toBe(false);
    expect(status(2 * BUDGET_TOLERANCE)).toBe("healthy");
  });

  it("reads a sliver of budget as <1 %, never 0 %, and a slight overspend as 0 %, never -0 %", () => {
    expect(formatBudgetRemaining(0.004)).toBe("<1%");
    expect(formatBudgetRemaining(0.0004, 1)).toBe("<0.1%");
    expect(formatBudgetRemaining(0.005)).toBe("1%");
    expect(formatBudgetRemaining(-0.004)).toBe("0%");
    expect(formatBudgetRemaining(-0.0004, 1)).toBe("0.0%");
    expect(formatBudgetRemaining(-0.006)).toBe("-1%");
    expect(formatBudgetRemaining(-9)).toBe("-900%");
    expect(formatBudgetRemaining(0.42)).toBe("42%");
    expect(formatBudgetRemaining(null)).toBe("—");
  });

  it("draws a float-error remainder as a spent budget: red, 0 %", () => {
    const html = renderToStaticMarkup(createElement(BudgetBar, { remaining: 8.9e-16 }));
    expect(html).toContain('<span style="color:var(--bad)">0%</span>');
    expect(html).toContain("width:0%");
  });
});

describe("status and shown percentage never disagree (fast-check)", () => {
  // Objectives as written in a catalog: up to seven nines, e.g. 99.95 % → 0.9995.
  const objective = fc
    .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9_999_999 }))
    .map(([digits, m]) => {
      const scale = 10 ** digits;
      const budget = (m % (scale - 1)) + 1; // 1 … scale − 1, in units of 10^-digits
      return { o: Number(((scale - budget) / scale).toFixed(digits)), budget, scale };
    });

  it("an error ratio that meets the objective exactly in decimal is always spent, shown as 0 %", () => {
    fc.assert(
      fc.property(objective, fc.integer({ min: 1, max: 100_000 }), ({ o, budget, scale }, k) => {
        const e = errorRatio(budget * k, scale * k)!;
        const r = budgetRemaining(e, o);
        expect(r).toBe(0);
        expect(status(r)).toBe("exhausted");
        expect(formatBudgetRemaining(r)).toBe("0%");
      }),
      { numRuns: 2000 },
    );
  });

  it("near and far from the objective, exhausted ⇔ the shown % is not above 0", () => {
    // Error ratios at the budget times (1 + δ): δ from float noise to whole budgets.
    const delta = fc.oneof(
      fc.constantFrom(0, 1e-15, -1e-15, 1e-12, -1e-12, 1e-9, -1e-9, 2e-9, -2e-9, 4e-3, -4e-3),
      fc.double({ min: -1e-6, max: 1e-6, noNaN: true }),
      fc.double({ min: -1, max: 10, noNaN: true }),
    );
    fc.assert(
      fc.property(objective, delta, fc.constantFrom(0, 1), ({ o }, d, digits) => {
        const e = Math.min(1, errorBudget(o) * (1 + d));
        const r = budgetRemaining(e, o);
        const s = status(r);
        const text = formatBudgetRemaining(r, digits);
        expect(s === "exhausted" ? shownSign(text) <= 0 : shownSign(text) > 0, `${r} ${text}`).toBe(
          true,
        );
        expect(text).not.toMatch(/^-0(\.0)?%$/);
        expect(s === "exhausted").toBe(r <= BUDGET_TOLERANCE);
      }),
      { numRuns: 5000 },
    );
  });
});
