import { isBudgetSpent } from "@/lib/slo/budget";
import type { HealthStatus } from "@/lib/slo/workload-status";
import { formatBudgetRemaining } from "../format";
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
  const spent = isBudgetSpent(remaining);
  const pct = spent ? 0 : Math.min(1, remaining) * 100;
  const tone = spent ? "var(--bad)" : remaining < 0.25 ? "var(--warn)" : "var(--good)";
  return (
    <div className="budget" data-value={remaining}>
      <div aria-hidden>
        <div style={{ width: `${pct}%`, background: tone }} />
      </div>
      <span style={spent ? { color: "var(--bad)" } : undefined}>
        {formatBudgetRemaining(remaining)}
      </span>
    </div>
  );
}
