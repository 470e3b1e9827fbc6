"use client";

import { useState } from "react";
import {
  defaultDirection,
  sortRoutes,
  type RouteRow,
  type RouteSortKey,
  type SortDirection,
} from "@/lib/workload/route-sort";
import { DataTable, type DataColumn } from "../data-table";
import { formatCount, formatMs, formatPercent } from "../format";
import { PanelEmpty } from "../panel-states";

const COLUMNS: { key: RouteSortKey; label: string; format: (r: RouteRow) => string }[] = [
  { key: "route", label: "Route", format: (r) => r.route },
  { key: "requests", label: "Requests", format: (r) => formatCount(r.requests) },
  { key: "errorRatio", label: "Error %", format: (r) => formatPercent(r.errorRatio, 2) },
  { key: "p95Ms", label: "p95", format: (r) => formatMs(r.p95Ms) },
  { key: "p99Ms", label: "p99", format: (r) => formatMs(r.p99Ms) },
];

/** Per-route figures, sortable by any column (client-side; the rows are few). */
export function RouteTable({ rows }: { rows: RouteRow[] }) {
  const [sort, setSort] = useState<{ key: RouteSortKey; dir: SortDirection }>({
    key: "requests",
    dir: "desc",
  });
  if (rows.length === 0) {
    return <PanelEmpty reason="No request-log rows for this workload in the range." />;
  }
  const sorted = sortRoutes(rows, sort.key, sort.dir);
  const toggle = (key: RouteSortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, dir: s.dir === "asc" ? "desc" : "asc" }
        : { key, dir: defaultDirection(key) },
    );
  const columns: DataColumn[] = COLUMNS.map((c) => ({
    key: c.key,
    numeric: c.key !== "route",
    sort: sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none",
    label: (
      <button
        type="button"
        onClick={() => toggle(c.key)}
        className="uppercase hover:text-ink focus-visible:outline-2 focus-visible:outline-accent"
      >
        {c.label}
        {sort.key === c.key ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}
      </button>
    ),
  }));
  return (
    <DataTable columns={columns} testId="route-table">
      {sorted.map((r) => (
        <tr key={r.route} data-route={r.route}>
          {COLUMNS.map((c) =>
            c.key === "route" ? (
              <th key={c.key} scope="row" className="font-mono text-xs">
                {r.route}
              </th>
            ) : (
              <td key={c.key} data-column={c.key} data-value={r[c.key] ?? ""}>
                {c.format(r)}
              </td>
            ),
          )}
        </tr>
      ))}
    </DataTable>
  );
}
