import { rollingWindowMs, type SloWindow } from "../catalog/slo-schema";

/** Start of the SLO window that ends at `now`: rolling windows, or the calendar month (UTC). */
export function sloWindowStart(window: SloWindow, now: Date): Date {
  if (window === "calendar-month")
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return new Date(now.getTime() - fixedWindowMs(window));
}

/** Length of a rolling window; a calendar month counts as its full length in days. */
export function sloWindowMs(window: SloWindow, now: Date): number {
  if (window !== "calendar-month") return fixedWindowMs(window);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return Date.UTC(y, m + 1, 1) - Date.UTC(y, m, 1);
}

/**
 * The window the alert tiers' factors are computed for: the SLO window, and 30 days for a
 * calendar month (the length the SRE workbook's table is written for), so every month
 * alerts alike. The dashboard's tier states, the generated alerting rules and the
 * workload page's thresholds all use this one rule: "firing" on the dashboard means
 * what Prometheus fires.
 */
export function alertWindowMs(window: SloWindow): number {
  return fixedWindowMs(window === "calendar-month" ? "30d" : window);
}

const fixedWindowMs = rollingWindowMs;

/** The PromQL range covering the window so far: `30d`, or whole seconds since the month began. */
export function sloWindowRange(window: SloWindow, now: Date): string {
  if (window !== "calendar-month") return window;
  return `${Math.max(60, Math.floor((now.getTime() - sloWindowStart(window, now).getTime()) / 1000))}s`;
}
