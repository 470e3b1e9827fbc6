"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { QUADRANT_LABEL, type CostPerformancePoint } from "@/lib/cost/scatter";
import { workloadHref } from "@/lib/workload/url";
import { lazyChart } from "../chart/lazy-time-series-chart";
import { DataTable, type DataColumn } from "../data-table";
import { formatPercent, formatSeconds, formatUsd } from "../format";
import { figure } from "../no-data";
import type { CostScatterChartProps } from "./cost-scatter-chart";
import {
  describeAvailability,
  notPlotted,
  SCATTER_VIEWS,
  scatterData,
  type ScatterView,
} from "./scatter-views";

/** recharts and the scatter, loaded when the chart nears the viewport. */
const LazyCostScatterChart = lazyChart<CostScatterChartProps>(() =>
  import("./cost-scatter-chart").then((m) => m.CostScatterChart),
);

const button =
  "rounded border border-border px-2 py-0.5 text-xs focus-visible:outline-2 focus-visible:outline-accent";
const pressed = (on: boolean) =>
  `${button} ${on ? "bg-accent text-white" : "text-muted hover:text-ink"}`;

const COLUMNS: DataColumn[] = [
  { key: "workload", label: "Workload" },
  { key: "team", label: "Team" },
  { key: "cost-per-million", label: "Cost / 1M requests", numeric: true },
  { key: "p95", label: "p95", numeric: true },
  { key: "latency-slo", label: "Latency SLO", numeric: true },
  { key: "p95-over-threshold", label: "p95 / SLO", numeric: true },
  { key: "availability", label: "Availability", numeric: true },
  { key: "quadrant", label: "Corner" },
];

const times = (v: number) => `${v.toFixed(2)}x`;

function latencySlo(p: CostPerformancePoint): React.ReactNode {
  if (p.latencyThresholdSeconds === null) return figure(null, String, "no latency SLO");
  return `${formatPercent(p.latencyObjective, 0)} <= ${formatSeconds(p.latencyThresholdSeconds)}`;
}

/** The points as a table: every workload, drawn or not, with the figures the chart places. */
export function CostScatterTable({
  points,
  view,
  range,
}: {
  points: CostPerformancePoint[];
  view: ScatterView;
  range: string;
}) {
  return (
    <DataTable columns={COLUMNS} testId="cost-scatter-table">
      {points.map((p) => {
        const why = notPlotted(p, view);
        return (
          <tr
            key={p.workload}
            data-workload={p.workload}
            data-quadrant={p.quadrant ?? ""}
            data-plotted={why ? "false" : "true"}
          >
            <th scope="row">
              <Link href={workloadHref(p.workload, range)}>{p.workload}</Link>
            </th>
            <td className="text-left">{p.team}</td>
            <td data-column="cost-per-million" data-value={p.costPerMillionRequests ?? ""}>
              {figure(p.costPerMillionRequests, formatUsd, why)}
            </td>
            <td data-column="p95" data-value={p.p95Seconds ?? ""}>
              {figure(p.p95Seconds, formatSeconds, "no p95 from Prometheus")}
            </td>
            <td data-column="latency-slo" data-value={p.latencyThresholdSeconds ?? ""}>
              {latencySlo(p)}
            </td>
            <td data-column="p95-over-threshold" data-value={p.p95OverThreshold ?? ""}>
              {figure(p.p95OverThreshold, times)}
            </td>
            <td data-column="availability" data-value={p.availability ?? ""}>
              {p.availability === null ? figure(null, String) : describeAvailability(p)}
            </td>
            <td className="text-left" data-column="quadrant">
              {p.quadrant ? QUADRANT_LABEL[p.quadrant] : figure(null, String, why)}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/**
 * Cost versus performance: the chart (three views of one set of points) or its table,
 * a click on a point opening the workload's page over the matching range.
 */
export function CostScatter({
  points,
  split,
  range,
}: {
  points: CostPerformancePoint[];
  split: number | null;
  /** The workload page's preset that matches the cost range. */
  range: string;
}) {
  const router = useRouter();
  const [view, setView] = useState<ScatterView>("latency");
  const [asTable, setAsTable] = useState(false);
  const spec = SCATTER_VIEWS[view];
  const { data, zeros } = scatterData(points, view);
  const byName = new Map(points.map((p) => [p.workload, p]));
  const describe = (workload: string) => {
    const p = byName.get(workload)!;
    return [
      `${formatUsd(p.costPerMillionRequests)} per 1M requests`,
      `p95 ${formatSeconds(p.p95Seconds)}${
        p.latencyThresholdSeconds === null
          ? ""
          : ` (SLO ${formatSeconds(p.latencyThresholdSeconds)})`
      }`,
      `availability ${describeAvailability(p)}`,
    ];
  };
  const hidden = points.flatMap((p) => {
    const why = notPlotted(p, view);
    return why ? [`${p.workload}: ${why}`] : [];
  });
  const title = `Cost per 1M requests against ${spec.label.toLowerCase()}`;

  return (
    <figure className="space-y-2 px-4 py-3" aria-label={title}>
      <figcaption className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex gap-1" role="group" aria-label="y axis">
          {(Object.keys(SCATTER_VIEWS) as ScatterView[]).map((v) => (
            <button
              key={v}
              type="button"
              className={pressed(v === view)}
              aria-pressed={v === view}
              onClick={() => setView(v)}
            >
              {SCATTER_VIEWS[v].label}
            </button>
          ))}
        </div>
        <button
          type="button"
          onClick={() => setAsTable((t) => !t)}
          className={`${button} text-muted hover:text-ink`}
          aria-pressed={asTable}
        >
          {asTable ? "Chart" : "Table"}
        </button>
      </figcaption>
      {asTable ? (
        <CostScatterTable points={points} view={view} range={range} />
      ) : (
        <>
          <LazyCostScatterChart
            title={title}
            data={data}
            view={view}
            split={split}
            height={380}
            describe={describe}
            onSelect={(w) => router.push(workloadHref(w, range))}
          />
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-muted">
            {spec.legend.map((l) => (
              <li key={l.label} className="flex items-center gap-1">
                <span
                  className="inline-block h-2 w-2 rounded-full"
                  style={{ background: `var(${l.color})` }}
                />
                {l.label}
              </li>
            ))}
            {split !== null && <li>dashed vertical: the fleet&apos;s {formatUsd(split)} per 1M</li>}
            {zeros && <li>at the bottom edge: no errors at all</li>}
          </ul>
          {hidden.length > 0 && (
            <p className="text-xs text-muted" data-testid="cost-scatter-hidden">
              Not drawn: {hidden.join("; ")}.
            </p>
          )}
        </>
      )}
    </figure>
  );
}
