import type { ChartSeries } from "./align-series";
import { timeLabel } from "./time-ticks";

/**
 * The chart's table view: a row per timestamp (the aligned rows), a column per line, "—"
 * where a line has no point at that time.
 */
export function SeriesTable({
  series,
  rows,
  format,
}: {
  series: ChartSeries[];
  rows: Record<string, number>[];
  format: (v: number) => string;
}) {
  return (
    <div className="max-h-64 overflow-auto">
      <table className="w-full text-xs tabular-nums">
        <thead className="sticky top-0 bg-panel text-left text-muted">
          <tr>
            <th scope="col" className="px-2 py-1">
              Time (UTC)
            </th>
            {series.map((s) => (
              <th key={s.name} scope="col" className="px-2 py-1 text-right">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.t} className="border-t border-border">
              <td className="px-2 py-1">{timeLabel(r.t!)}</td>
              {series.map((s) => (
                <td key={s.name} className="px-2 py-1 text-right">
                  {r[s.name] === undefined ? "—" : format(r[s.name]!)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
