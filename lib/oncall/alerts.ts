import type { ActiveAlert } from "../prometheus/client";
import type { AlertRow } from "./types";

/** Active alerts for display: firing before pending, then the longest-active first. */
export function alertRows(alerts: ActiveAlert[], groupingLabel: string): AlertRow[] {
  return alerts
    .map((a) => ({
      name: a.labels.alertname ?? "(unnamed)",
      state: a.state,
      severity: a.labels.severity ?? null,
      workload: a.labels[groupingLabel] ?? null,
      slo: a.labels.slo ?? null,
      tier: a.labels.tier ?? null,
      summary: a.annotations.summary ?? null,
      activeAtMs: a.activeAtMs,
    }))
    .sort(
      (a, b) =>
        Number(a.state === "pending") - Number(b.state === "pending") ||
        Number(a.severity !== "page") - Number(b.severity !== "page") ||
        a.activeAtMs - b.activeAtMs,
    );
}
