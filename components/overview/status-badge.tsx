import type { HealthStatus } from "@/lib/slo/workload-status";
import { NoData } from "../no-data";

// Styles per status: `.badge[data-status=…]` in app/globals.css.
const LABEL: Record<HealthStatus, string> = {
  burning: "Burning",
  exhausted: "Budget exhausted",
  healthy: "Healthy",
  unknown: "No data",
};

export function StatusBadge({ status, reasons }: { status: HealthStatus; reasons: string[] }) {
  const label = LABEL[status];
  return (
    <span
      className="badge"
      title={reasons.length ? `${label}: ${reasons.join(", ")}` : label}
      data-status={status}
    >
      {label}
    </span>
  );
}

/** Budget remaining as a bar: full is the whole budget; an overspent budget shows empty, in red, with its value. */
export function BudgetBar({ remaining }: { remaining: number | null }) {
  if (remaining === null) return <NoData why="no SLO figures" />;
  const pct = Math.max(0, Math.min(1, remaining)) * 100;
  const tone = remaining <= 0 ? "var(--bad)" : remaining < 0.25 ? "var(--warn)" : "var(--good)";
  return (
    <div className="budget" data-value={remaining}>
      <div aria-hidden>
        <div style={{ width: `${pct}%`, background: tone }} />
      </div>
      <span style={remaining <= 0 ? { color: "var(--bad)" } : undefined}>
        {(remaining * 100).toFixed(0)}%
      </span>
    </div>
  );
}
