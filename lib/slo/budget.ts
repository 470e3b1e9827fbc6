/**
 * Error-budget arithmetic (SLO-MATH.md, "Budgets and burn"). Pure functions of event
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

/** e_W / b: the share of the budget spent over the SLO window. */
export function budgetConsumed(windowErrorRatio: number, objective: number): number {
  return windowErrorRatio / errorBudget(objective);
}

/** 1 − e_W / b; negative when overspent (shown, never clamped). */
export function budgetRemaining(windowErrorRatio: number, objective: number): number {
  return 1 - budgetConsumed(windowErrorRatio, objective);
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
  if (remaining <= 0) return 0;
  if (burn1h <= 0) return Infinity;
  return (remaining * windowMs) / burn1h;
}
