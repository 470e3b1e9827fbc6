import type { WorkloadUsage } from "@/lib/clickhouse/queries/workload-usage";
import { formatCount, formatMs, formatPercent, formatUsd } from "./format";

export function UsageTable({ rows }: { rows: WorkloadUsage[] }) {
  const head = ["Requests", "5xx", "p95 latency", "Cost", "Cost / 1M requests"];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm tabular-nums">
        <thead className="text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Workload
            </th>
            {head.map((h) => (
              <th key={h} scope="col" className="px-4 py-2 text-right font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.workload} data-workload={r.workload} className="border-t border-border">
              <th scope="row" className="px-4 py-2 text-left font-medium">
                {r.workload}
              </th>
              <td className="px-4 py-2 text-right" data-value={r.requests}>
                {formatCount(r.requests)}
              </td>
              <td className="px-4 py-2 text-right">{formatPercent(r.errorRatio, 3)}</td>
              <td className="px-4 py-2 text-right">{formatMs(r.p95Ms)}</td>
              <td className="px-4 py-2 text-right">{formatUsd(r.costUsd)}</td>
              <td className="px-4 py-2 text-right">{formatUsd(r.costPerMillionRequests)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
