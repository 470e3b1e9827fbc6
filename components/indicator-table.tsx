import Link from "next/link";
import type { IndicatorRow } from "@/lib/overview";
import type { Indicator } from "@/lib/prometheus/indicators";
import { formatPercent, formatSeconds } from "./format";

const COLUMNS: { key: Indicator; label: string; format: (v: number | null) => string }[] = [
  { key: "availability", label: "Availability", format: (v) => formatPercent(v, 3) },
  { key: "p95", label: "p95 latency", format: formatSeconds },
  { key: "p99", label: "p99 latency", format: formatSeconds },
  { key: "cacheHitRate", label: "Cache hit rate", format: (v) => formatPercent(v, 1) },
  { key: "poolUtilization", label: "Pool utilization", format: (v) => formatPercent(v, 1) },
];

/** Tone of a cell: only availability has a built-in judgement until SLOs are set. */
function tone(key: Indicator, v: number | null): string {
  if (key !== "availability" || v === null) return "";
  if (v < 0.99) return "text-bad font-semibold";
  if (v < 0.999) return "text-warn";
  return "";
}

export function IndicatorTable({ rows }: { rows: IndicatorRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm tabular-nums">
        <thead className="text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Workload
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Team
            </th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className="px-4 py-2 text-right font-medium">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.workload} data-workload={r.workload} className="border-t border-border">
              <th scope="row" className="px-4 py-2 text-left font-medium">
                <Link
                  href={`/workloads/${encodeURIComponent(r.workload)}/24h`}
                  className="hover:text-accent hover:underline focus-visible:outline-2 focus-visible:outline-accent"
                >
                  {r.workload}
                </Link>
              </th>
              <td className="px-4 py-2 text-muted">{r.team}</td>
              {COLUMNS.map((c) => (
                <td
                  key={c.key}
                  data-indicator={c.key}
                  data-value={r.values[c.key] ?? ""}
                  className={`px-4 py-2 text-right ${tone(c.key, r.values[c.key])}`}
                  title={r.values[c.key] === null ? "no series matched" : undefined}
                >
                  {c.format(r.values[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export { COLUMNS as INDICATOR_COLUMNS };
