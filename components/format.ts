/** Display formats shared by pages and tests, so both read numbers the same way. */

import { isBudgetSpent } from "@/lib/slo/budget";

const DASH = "—";

export function formatPercent(ratio: number | null, digits = 2): string {
  return ratio === null ? DASH : `${(ratio * 100).toFixed(digits)}%`;
}

/**
 * Budget remaining (a share of the budget) as a percentage that agrees with the status
 * (isBudgetSpent, lib/slo/budget.ts): a spent budget never reads above 0 % (nor "-0%"); one
 * that is not spent never reads 0 % or below, but "<1%" ("<0.1%" with one digit) when it
 * rounds to nothing.
 */
export function formatBudgetRemaining(remaining: number | null, digits = 0): string {
  if (remaining === null) return DASH;
  const shown = (remaining * 100).toFixed(digits);
  if (isBudgetSpent(remaining)) {
    return Number(shown) < 0 ? `${shown}%` : `${(0).toFixed(digits)}%`;
  }
  return Number(shown) > 0 ? `${shown}%` : `<${(10 ** -digits).toFixed(digits)}%`;
}

/** Seconds → "183 ms" or "2.45 s". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return DASH;
  if (!Number.isFinite(seconds)) return "> max bucket";
  return seconds < 1 ? `${(seconds * 1000).toFixed(0)} ms` : `${seconds.toFixed(2)} s`;
}

export function formatMs(ms: number | null): string {
  return formatSeconds(ms === null ? null : ms / 1000);
}

export function formatCount(n: number | null): string {
  if (n === null) return DASH;
  const units: [number, string][] = [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, suffix] of units) if (n >= size) return `${(n / size).toFixed(1)}${suffix}`;
  return n.toFixed(0);
}

/** One formatter for every call: toLocaleString with options builds one each time, and a
 * cost chart formats each of its ticks. */
const USD = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatUsd(n: number | null): string {
  if (n === null) return DASH;
  return `$${USD.format(n)}`;
}
