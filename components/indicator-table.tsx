"use client";

import Link from "next/link";
import type { IndicatorRow } from "@/lib/overview";
import type { Indicator } from "@/lib/prometheus/indicators";
import { workloadHref } from "@/lib/workload/url";
import { DataTable, type DataColumn } from "./data-table";
import { formatPercent, formatSeconds } from "./format";
import { figure, NO_SERIES } from "./no-data";

const COLUMNS: { key: Indicator; label: string; format: (v: number | null) => string }[] = [
  { key: "availability", label: "Availability", format: (v) => formatPercent(v, 3) },
  { key: "p95", label: "p95 latency", format: formatSeconds },
  { key: "p99", label: "p99 latency", format: formatSeconds },
  { key: "cacheHitRate", label: "Cache hit rate", format: (v) => formatPercent(v, 1) },
  { key: "poolUtilization", label: "Pool utilization", format: (v) => formatPercent(v, 1) },
];

/** Tone of a cell: only availability has a built-in judgement until SLOs are set. */
function tone(key: Indicator, v: number | null): string | undefined {
  if (key !== "availability" || v === null) return undefined;
  if (v < 0.99) return "text-bad font-semibold";
  if (v < 0.999) return "text-warn";
  return undefined;
}

export function IndicatorTable({ rows }: { rows: IndicatorRow[] }) {
  const columns: DataColumn[] = [
    { key: "workload", label: "Workload" },
    { key: "team", label: "Team" },
    ...COLUMNS.map((c) => ({ key: c.key, label: c.label, numeric: true })),
  ];
  return (
    <DataTable columns={columns}>
      {rows.map((r) => (
        <tr key={r.workload} data-workload={r.workload}>
          <th scope="row">
            <Link href={workloadHref(r.workload, "24h")}>{r.workload}</Link>
          </th>
          <td className="text-left text-muted">{r.team}</td>
          {COLUMNS.map((c) => (
            <td
              key={c.key}
              data-indicator={c.key}
              data-value={r.values[c.key] ?? ""}
              className={tone(c.key, r.values[c.key])}
            >
              {figure(r.values[c.key], c.format, r.why?.[c.key] ?? NO_SERIES)}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}

export { COLUMNS as INDICATOR_COLUMNS };
