import type { PanelResult } from "@/lib/errors/data-source-error";
import type { ResourceRecommendation, RightSizing, RightSizingRow } from "@/lib/cost/rightsizing";
import { DataTable, type DataColumn } from "../data-table";
import { AsciiText, Entity } from "../entity";
import { formatUsd } from "../format";
import { NoData } from "../no-data";
import { Panel } from "../panel";
import { PanelEmpty } from "../panel-states";

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/** Cores as Kubernetes writes them: "250m", "1.2". */
export function formatCores(cores: number): string {
  return cores < 1 ? `${Math.round(cores * 1000)}m` : `${Number(cores.toFixed(3))}`;
}

/**
 * Bytes as Kubernetes writes them: whole GiB as "2Gi", whole MiB (recommendations are) as
 * "1035Mi", anything else in MiB below a GiB and in GiB above.
 */
export function formatBytes(bytes: number): string {
  if (bytes % GIB === 0) return `${bytes / GIB}Gi`;
  if (bytes % MIB === 0 || bytes < GIB) return `${Math.round(bytes / MIB)}Mi`;
  return `${Number((bytes / GIB).toFixed(2))}Gi`;
}

/** Dollars a month: "$25.38", "−$1.20" when the recommendation costs more. */
export function formatSavings(usd: number): string {
  return usd < 0 ? `−${formatUsd(-usd)}` : formatUsd(usd);
}

const COLUMNS: DataColumn[] = [
  { key: "workload", label: "Workload" },
  { key: "container", label: "Container" },
  { key: "pods", label: "Pods", numeric: true },
  { key: "cpu", label: "CPU: request, recommended", numeric: true },
  { key: "memory", label: "Memory: request, recommended", numeric: true },
  { key: "savings", label: "Savings / month", numeric: true },
  { key: "heldBack", label: "Held back" },
];

const RESOURCE_LABEL = { cpu: "CPU", memory: "Memory" } as const;

function ResourceCell({
  r,
  format,
  column,
}: {
  r: ResourceRecommendation;
  format: (v: number) => string;
  column: "cpu" | "memory";
}) {
  const held = r.heldBack.length > 0;
  return (
    <td data-column={column} data-value={r.recommended ?? ""}>
      {r.current === null ? <NoData why="no request set" /> : format(r.current)}{" "}
      <Entity name="rarr" />{" "}
      {held ? (
        <span
          className="text-warn"
          title={r.computed === null ? undefined : `the strategy gives ${format(r.computed)}`}
        >
          held back
        </span>
      ) : r.recommended === null ? (
        <NoData why="no samples" />
      ) : (
        <strong>{format(r.recommended)}</strong>
      )}
    </td>
  );
}

function Row({ row }: { row: RightSizingRow }) {
  const reasons = (["cpu", "memory"] as const).flatMap((res) =>
    row[res].heldBack.map((h) => ({ res, ...h })),
  );
  return (
    <tr data-workload={row.workload} data-container={row.container}>
      <th scope="row" className="max-w-56 break-words" title={`${row.namespace}: ${row.target}`}>
        {row.workload}
        <span className="block text-xs font-normal text-muted">{row.team}</span>
      </th>
      <td className="text-left font-mono text-xs">{row.container}</td>
      <td data-column="pods">{row.pods}</td>
      <ResourceCell r={row.cpu} format={formatCores} column="cpu" />
      <ResourceCell r={row.memory} format={formatBytes} column="memory" />
      <td
        data-column="savings"
        data-value={row.savingsUsdPerMonth ?? ""}
        className={row.savingsUsdPerMonth !== null && row.savingsUsdPerMonth < 0 ? "text-bad" : ""}
        title={
          row.savingsUsdPerMonth !== null && row.savingsUsdPerMonth < 0
            ? "the recommendation asks for more than the request now"
            : undefined
        }
      >
        {row.savingsUsdPerMonth === null ? (
          <NoData why="nothing to save until a recommendation stands" />
        ) : (
          <AsciiText text={formatSavings(row.savingsUsdPerMonth)} />
        )}
      </td>
      <td data-column="heldBack" className="min-w-64 text-left text-xs">
        {reasons.length === 0 ? (
          <span className="text-muted">
            <Entity name="mdash" />
          </span>
        ) : (
          <ul className="space-y-1">
            {reasons.map((h) => (
              <li key={`${h.res}-${h.code}`} data-reason={`${h.res}:${h.code}`}>
                <span className="font-semibold">{RESOURCE_LABEL[h.res]}:</span>{" "}
                <AsciiText text={h.message} />
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/**
 * Right-sizing per workload and container (lib/cost/rightsizing.ts): the request now
 * against KRR's simple strategy, savings per month, and why a recommendation is held back,
 * in the order the report gives (largest savings first), with the CSV of the same
 * evaluation. A server component: it ships no JavaScript.
 */
export function RightSizingTable({
  report,
  csvHref = "/api/v1/cost/recommendations.csv",
}: {
  report: { evaluatedAt: string; result: PanelResult<RightSizing> };
  /** The CSV endpoint; the report's evaluation time is added. */
  csvHref?: string;
}) {
  const href = `${csvHref}?time=${encodeURIComponent(report.evaluatedAt)}`;
  const settings = report.result.ok ? report.result.data.settings : null;
  return (
    <Panel
      title="Right-sizing"
      source="Prometheus"
      subtitle={
        settings
          ? `KRR simple: CPU p${settings.cpuPercentile}, memory peak + ${settings.memoryBufferPercent} %, last ${settings.history}`
          : undefined
      }
      result={report.result}
      testId="right-sizing"
    >
      {(rs) => (
        <>
          <div className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 text-sm">
            <p>
              Savings if every recommendation that stands were applied:{" "}
              <strong data-testid="right-sizing-total">
                <AsciiText text={formatSavings(rs.totalSavingsUsdPerMonth)} />
              </strong>{" "}
              a month
            </p>
            <a
              href={href}
              download
              className="rounded border border-border px-2 py-1 text-xs hover:text-ink focus-visible:outline-2 focus-visible:outline-accent"
              data-testid="right-sizing-csv"
            >
              Download CSV
            </a>
          </div>
          {rs.rows.length === 0 ? (
            <PanelEmpty reason="No container of the catalog's workloads had samples to size." />
          ) : (
            <DataTable columns={COLUMNS} testId="right-sizing-table">
              {rs.rows.map((r) => (
                <Row key={r.key} row={r} />
              ))}
            </DataTable>
          )}
          {rs.missing.length > 0 && (
            <details className="border-t border-border px-4 py-3 text-sm">
              <summary className="cursor-pointer text-muted">
                {rs.missing.length} workload{rs.missing.length === 1 ? "" : "s"} not sized
              </summary>
              <ul className="mt-2 space-y-1" data-testid="right-sizing-missing">
                {rs.missing.map((m) => (
                  <li key={m.workload} data-workload={m.workload}>
                    <span className="font-semibold">{m.workload}</span>: {m.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </Panel>
  );
}
