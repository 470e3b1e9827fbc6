import type { Incident } from "@/lib/oncall/types";
import { formatClock, formatDuration } from "./format-oncall";

/** Page incidents of the last 24 hours, ongoing first. */
export function IncidentsTable({ rows, tv }: { rows: Incident[]; tv: boolean }) {
  const cell = tv ? "px-4 py-3" : "px-4 py-2";
  return (
    <table className={`w-full ${tv ? "text-2xl" : "text-sm"}`}>
      <thead className="text-left text-muted">
        <tr className={`whitespace-nowrap ${tv ? "text-lg" : "text-xs"}`}>
          <th className={cell}>Workload · SLO</th>
          <th className={cell}>Start</th>
          <th className={cell}>End</th>
          <th className={`${cell} text-right`}>Duration</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((i) => (
          <tr
            key={`${i.workload}/${i.slo}/${i.startMs}`}
            className="border-t border-border"
            data-testid="incident-row"
            data-workload={i.workload}
            data-slo={i.slo}
            data-ongoing={i.endMs === null ? "true" : "false"}
          >
            <td className={cell}>
              <span className="font-semibold">{i.workload}</span>{" "}
              <span className="text-muted">
                {i.slo}
                {i.tiers.length > 0 && ` · ${i.tiers.join(", ")}`}
              </span>
            </td>
            <td className={`${cell} tabular-nums`}>{formatClock(i.startMs)}</td>
            <td className={`${cell} tabular-nums`}>
              {i.endMs === null ? (
                <span className="font-semibold text-bad">ongoing</span>
              ) : (
                formatClock(i.endMs)
              )}
            </td>
            <td className={`${cell} text-right tabular-nums`}>{formatDuration(i.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
