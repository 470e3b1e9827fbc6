"use client";

import type { WorkloadUsage } from "@/lib/clickhouse/queries/workload-usage";
import { DataTable, type DataColumn } from "./data-table";
import { formatCount, formatMs, formatPercent, formatUsd } from "./format";
import { figure } from "./no-data";

const COLUMNS: DataColumn[] = [
  { key: "workload", label: "Workload" },
  ...["Requests", "5xx", "p95 latency", "Cost", "Cost / 1M requests"].map((label) => ({
    key: label,
    label,
    numeric: true,
  })),
];

export function UsageTable({ rows }: { rows: WorkloadUsage[] }) {
  return (
    <DataTable columns={COLUMNS}>
      {rows.map((r) => (
        <tr key={r.workload} data-workload={r.workload}>
          <th scope="row">{r.workload}</th>
          <td data-value={r.requests ?? ""}>{figure(r.requests, formatCount)}</td>
          <td>{figure(r.errorRatio, (v) => formatPercent(v, 3))}</td>
          <td>{figure(r.p95Ms, formatMs)}</td>
          <td>{figure(r.costUsd, formatUsd)}</td>
          <td>{figure(r.costPerMillionRequests, formatUsd)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
