import type { HealthStatus } from "@/lib/slo/workload-status";

const STYLE: Record<HealthStatus, { label: string; className: string }> = {
  burning: { label: "Burning", className: "bg-bad text-white" },
  exhausted: { label: "Budget exhausted", className: "border border-bad text-bad" },
  healthy: { label: "Healthy", className: "border border-good text-good" },
  unknown: { label: "No data", className: "border border-border text-muted" },
};

export function StatusBadge({ status, reasons }: { status: HealthStatus; reasons: string[] }) {
  const s = STYLE[status];
  return (
    <span
      className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${s.className}`}
      title={reasons.length ? `${s.label}: ${reasons.join(", ")}` : s.label}
      data-status={status}
    >
      {s.label}
    </span>
  );
}

/** Budget remaining as a bar: full is the whole budget; an overspent budget shows empty, in red, with its value. */
export function BudgetBar({ remaining }: { remaining: number | null }) {
  if (remaining === null) return <span className="text-xs text-muted">—</span>;
  const pct = Math.max(0, Math.min(1, remaining)) * 100;
  const tone = remaining <= 0 ? "var(--bad)" : remaining < 0.25 ? "var(--warn)" : "var(--good)";
  return (
    <div className="flex items-center gap-2" data-value={remaining}>
      <div className="h-2 w-20 overflow-hidden rounded bg-border" aria-hidden>
        <div className="h-full" style={{ width: `${pct}%`, background: tone }} />
      </div>
      <span
        className="w-14 text-right text-xs tabular-nums"
        style={{ color: remaining <= 0 ? "var(--bad)" : undefined }}
      >
        {(remaining * 100).toFixed(0)}%
      </span>
    </div>
  );
}
