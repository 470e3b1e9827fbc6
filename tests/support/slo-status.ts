import type { SloStatus } from "@/lib/slo/status";

/**
 * An availability SLO at 99.9 % over 30 days with a budget remaining and a burn rate over
 * every window; its page-fast tier fires when `paging`, its 3-day ticket tier when the burn
 * is above 1. No events: only what workload health reads.
 */
export function sloStatus(
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
