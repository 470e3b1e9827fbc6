/**
 * Error-budget arithmetic (docs/numbers.md, "Budgets and burn"). Pure functions of event
 * counts and ratios; no I/O. Ratios are in [0, 1]; objectives too (99.9 % → 0.999).
 */

/** bad / total, or null when there were no events (no traffic is not 100 % good). */
export function errorRatio(bad: number, total: number): number | null {
  return total > 0 ? bad / total : null;
}

/** b = 1 − o. */
export function errorBudget(objective: number): number {
  if (!(objective > 0 && objective < 1))
    throw new RangeError(`objective ${objective} is not in (0, 1)`);
  return 1 - objective;
}

/**
 * How close to the objective counts as at it, as a share of the budget (so relative to b).
 * b = 1 − o is off by up to ~5.6e-17 / b relatively (o is a binary approximation of a
 * decimal), so an error ratio equal to the budget in decimal leaves 1 − e/b slightly off 0:
 * +8.9e-16 for 1 bad in 1,000 at 99.9 %, −1.1e-13 for 1 in 10,000 at 99.99 %. Float error
 * stays inside 1e-9 of the budget for objectives up to seven nines (99.99999 %); a real
 * difference of a billionth of the budget is not one anyone can act on.
 */
export const BUDGET_TOLERANCE = 1e-9;

/** e_W / b: the share of the budget spent over the SLO window; exactly 1 within the tolerance. */
export function budgetConsumed(windowErrorRatio: number, objective: number): number {
  const consumed = windowErrorRatio / errorBudget(objective);
  return Math.abs(consumed - 1) <= BUDGET_TOLERANCE ? 1 : consumed;
}

/** 1 − e_W / b; negative when overspent (shown, never clamped); exactly 0 within the tolerance. */
export function budgetRemaining(windowErrorRatio: number, objective: number): number {
  return 1 - budgetConsumed(windowErrorRatio, objective);
}

/**
 * Whether a budget remaining (a share of the budget) is spent: at or below the tolerance,
 * so an objective met exactly is spent, never "healthy" by float error. The one test of
 * spent for status, badges, tables and time to exhaustion.
 */
export function isBudgetSpent(remaining: number): boolean {
  return remaining <= BUDGET_TOLERANCE;
}

/** e_w / b: a burn rate of 1 spends exactly the budget over the SLO window. */
export function burnRate(errorRatioOverW: number, objective: number): number {
  return errorRatioOverW / errorBudget(objective);
}

/**
 * Time until the budget is gone at the current (1-hour) burn: remaining × W / burn.
 * Infinity when nothing burns; 0 when the budget is already spent.
 */
export function timeToExhaustionMs(remaining: number, windowMs: number, burn1h: number): number {
  if (isBudgetSpent(remaining)) return 0;
  if (burn1h <= 0) return Infinity;
  return (remaining * windowMs) / burn1h;
}
