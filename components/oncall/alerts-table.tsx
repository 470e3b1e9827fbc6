import type { AlertRow } from "@/lib/oncall/types";
import { formatClock, formatDuration } from "./format-oncall";

/** Firing and pending alerts with how long each has been active, at the report's time. */
export function AlertsTable({ rows, nowMs, tv }: { rows: AlertRow[]; nowMs: number; tv: boolean }) {
  const cell = tv ? "px-4 py-3" : "px-4 py-2";
  return (
    <ul className={tv ? "text-2xl" : "text-sm"}>
      {rows.map((a) => (
        <li
          key={`${a.name}/${a.workload}/${a.slo}/${a.tier}/${a.activeAtMs}`}
          className={`flex flex-wrap items-baseline gap-x-3 border-t border-border first:border-t-0 ${cell}`}
          data-testid="alert-row"
          data-state={a.state}
          data-severity={a.severity ?? ""}
          data-workload={a.workload ?? ""}
          data-slo={a.slo ?? ""}
          data-active-at={a.activeAtMs}
        >
          <span
            className={`rounded px-1.5 font-semibold uppercase ${tv ? "text-lg" : "text-xs"} ${
              a.state === "firing" ? "bg-bad/15 text-bad" : "bg-warn/15 text-warn"
            }`}
          >
            {a.state}
          </span>
          <span className="font-semibold">{a.workload ?? a.name}</span>
          <span className="text-muted">
            {[a.slo, a.tier, a.severity].filter(Boolean).join(" · ") || a.name}
          </span>
          <span className="ml-auto tabular-nums">
            for {formatDuration(nowMs - a.activeAtMs)}
            <span className="text-muted"> (since {formatClock(a.activeAtMs)})</span>
          </span>
          {a.summary && !tv && <p className="w-full text-xs text-muted">{a.summary}</p>}
        </li>
      ))}
    </ul>
  );
}
