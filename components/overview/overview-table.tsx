"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { workloadHref } from "@/lib/workload/url";
import { Sparkline } from "../chart/sparkline";
import { DataTable, type DataColumn } from "../data-table";
import { EmbedButton } from "../embed/embed-button";
import { teamEmbedChoices } from "../embed/choices";
import { formatPercent } from "../format";
import { INDICATOR_COLUMNS } from "../indicator-table";
import { Entity, Sep } from "../entity";
import { figure, NO_SERIES, NoData } from "../no-data";
import { applyFilter, type OverviewFilter, type OverviewRow, type SortKey } from "./overview-rows";
import { BudgetBar, StatusBadge } from "./status-badge";

const SORTS: { key: SortKey; label: string }[] = [
  { key: "burn", label: "Burn rate (fastest first)" },
  { key: "budget", label: "Budget remaining (lowest first)" },
  { key: "name", label: "Name" },
];

const COLUMNS: DataColumn[] = [
  { key: "workload", label: "Workload" },
  { key: "status", label: "Status" },
  { key: "budget", label: "Budget left" },
  { key: "burn", label: "Burn 1h", numeric: true },
  ...INDICATOR_COLUMNS.map((c) => ({ key: c.key, label: c.label, numeric: true })),
  { key: "trend", label: "5xx, 24 h" },
];

const control =
  "rounded border border-border bg-panel px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-accent";

/** The overview's workload table: status, budget, burn, indicators, 24 h trend; filtered and sorted here. */
export function OverviewTable({ rows }: { rows: OverviewRow[] }) {
  const [f, setF] = useState<OverviewFilter>({ team: "", tier: "", search: "", sort: "burn" });
  const teams = useMemo(() => [...new Set(rows.map((r) => r.team))].sort(), [rows]);
  const tiers = useMemo(() => [...new Set(rows.map((r) => r.tier))].sort(), [rows]);
  const shown = applyFilter(rows, f);
  return (
    <div>
      <div
        className="flex flex-wrap items-end gap-3 border-b border-border px-4 py-3"
        role="search"
      >
        <label className="flex flex-col text-xs text-muted">
          Search
          <input
            type="search"
            value={f.search}
            onChange={(e) => setF({ ...f, search: e.target.value })}
            placeholder="workload name"
            className={control}
          />
        </label>
        <label className="flex flex-col text-xs text-muted">
          Team
          <select
            value={f.team}
            onChange={(e) => setF({ ...f, team: e.target.value })}
            className={control}
          >
            <option value="">All teams</option>
            {teams.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-muted">
          Tier
          <select
            value={f.tier}
            onChange={(e) => setF({ ...f, tier: e.target.value })}
            className={control}
          >
            <option value="">All tiers</option>
            {tiers.map((t) => (
              <option key={t} value={t}>
                Tier {t}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-muted">
          Sort by
          <select
            value={f.sort}
            onChange={(e) => setF({ ...f, sort: e.target.value as SortKey })}
            className={control}
          >
            {SORTS.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <p className="ml-auto text-xs text-muted" aria-live="polite">
          {shown.length} of {rows.length} workloads
        </p>
        <EmbedButton choices={teamEmbedChoices(teams)} range="24h" />
      </div>
      <DataTable columns={COLUMNS}>
        {shown.map((r) => (
          <tr key={r.workload} data-workload={r.workload}>
            <th scope="row">
              <Link href={workloadHref(r.workload, "24h")}>{r.workload}</Link>
              <span className="block text-xs font-normal text-muted">
                {r.team}
                <Sep />
                tier {r.tier}
              </span>
            </th>
            <td className="text-left">
              {r.health && <StatusBadge status={r.health.status} reasons={r.health.reasons} />}
            </td>
            <td className="text-left">
              <BudgetBar remaining={r.health?.budgetRemaining ?? null} />
            </td>
            <td data-burn={r.health?.burnRate ?? ""}>
              {figure(r.health?.burnRate ?? null, (v) => (
                <>
                  {v.toFixed(1)}
                  <Entity name="times" />
                </>
              ))}
            </td>
            {INDICATOR_COLUMNS.map((c) => (
              <td key={c.key} data-indicator={c.key} data-value={r.values?.[c.key] ?? ""}>
                {figure(r.values?.[c.key] ?? null, c.format, r.why?.[c.key] ?? NO_SERIES)}
              </td>
            ))}
            <td className="text-left">
              {r.sparkline ? (
                <Sparkline
                  shape={r.sparkline}
                  label={`${r.workload} 5xx ratio, 24 h`}
                  format={(v) => formatPercent(v, 2)}
                  why={r.why?.availability}
                />
              ) : (
                <NoData why={r.why?.availability ?? NO_SERIES} />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {shown.length === 0 && (
        <p className="px-4 py-6 text-sm text-muted">No workload matches these filters.</p>
      )}
    </div>
  );
}
