"use client";

import Link from "next/link";
import type { CostGroupBy } from "@/lib/cost/summary";
import type { CostRow } from "@/lib/cost/views";
import { workloadHref } from "@/lib/workload/url";
import { DataTable, type DataColumn } from "../data-table";
import { formatCount, formatPercent, formatUsd } from "../format";
import { figure } from "../no-data";

/** "+12.3%", "-4.0%": the change against the previous period. */
export function formatChange(change: number): string {
  const pct = (change * 100).toFixed(1);
  return change > 0 ? `+${pct}%` : `${pct}%`;
}

/** The columns after the name, with what each cell reads. */
export const COST_COLUMNS: {
  key: string;
  label: string;
  value: (r: CostRow) => number | null;
  format: (v: number) => string;
  why?: string;
}[] = [
  { key: "cost", label: "Cost", value: (r) => r.costUsd, format: formatUsd },
  {
    key: "change",
    label: "Change",
    value: (r) => r.change,
    format: formatChange,
    why: "no cost in the previous period",
  },
  {
    key: "cost-per-million",
    label: "Cost / 1M requests",
    value: (r) => r.costPerMillionRequests,
    format: formatUsd,
    why: "no requests in ClickHouse",
  },
  {
    key: "requests",
    label: "Requests",
    value: (r) => r.requests,
    format: formatCount,
    why: "no request rows",
  },
  {
    key: "cpu-efficiency",
    label: "CPU efficiency",
    value: (r) => r.cpuEfficiency,
    format: (v) => formatPercent(v, 0),
    why: "nothing requested or used",
  },
  {
    key: "memory-efficiency",
    label: "Memory efficiency",
    value: (r) => r.memoryEfficiency,
    format: (v) => formatPercent(v, 0),
    why: "nothing requested or used",
  },
  {
    key: "idle-share",
    label: "Idle share",
    value: (r) => r.idleShare,
    format: (v) => formatPercent(v, 1),
    why: "node capacity unknown",
  },
];

function Cells({ row }: { row: CostRow }) {
  return COST_COLUMNS.map((c) => {
    const v = c.value(row);
    return (
      <td key={c.key} data-column={c.key} data-value={v ?? ""}>
        {figure(v, c.format, c.why)}
      </td>
    );
  });
}

/** Cost per workload or team with efficiency, idle and change; the fleet's total below. */
export function CostTable({
  rows,
  total,
  groupBy,
  range,
}: {
  rows: CostRow[];
  total: CostRow | null;
  groupBy: CostGroupBy;
  /** The workload page's preset matching the cost range. */
  range: string;
}) {
  const columns: DataColumn[] = [
    { key: "name", label: groupBy === "workload" ? "Workload" : "Team" },
    ...(groupBy === "workload" ? [{ key: "team", label: "Team" }] : []),
    ...COST_COLUMNS.map((c) => ({ key: c.key, label: c.label, numeric: true })),
  ];
  return (
    <DataTable columns={columns} testId={`cost-table-${groupBy}`}>
      {rows.map((r) => (
        <tr key={r.key} data-key={r.key}>
          <th scope="row">
            {groupBy === "workload" ? (
              <Link href={workloadHref(r.key, range)}>{r.key}</Link>
            ) : (
              r.key
            )}
          </th>
          {groupBy === "workload" && <td className="text-left">{r.team}</td>}
          <Cells row={r} />
        </tr>
      ))}
      {total && (
        <tr data-key="total" className="font-semibold">
          <th scope="row">All workloads</th>
          {groupBy === "workload" && <td />}
          <Cells row={total} />
        </tr>
      )}
    </DataTable>
  );
}
