"use client";

import { useState } from "react";
import { scatterOf } from "@/lib/cost/api-shape";
import type { CostReport } from "@/lib/cost";
import { formatBucket } from "@/lib/cost/ranges";
import type { CostGroupBy } from "@/lib/cost/summary";
import { OTHER, type StackedCost } from "@/lib/cost/views";
import type { ChartSeries } from "../chart/align-series";
import { LazyTimeSeriesChart } from "../chart/lazy-time-series-chart";
import { formatUsd } from "../format";
import { figure } from "../no-data";
import { Panel } from "../panel";
import { PanelEmpty, PanelErrorState } from "../panel-states";
import { StaleNotice } from "../stale-notice";
import { CostScatter } from "./cost-scatter";
import { COST_COLUMNS, CostTable } from "./cost-table";

/** Colours of the stacked series, in order of cost; "other" is muted. */
const STACK_COLORS = [
  "--series-1",
  "--series-2",
  "--series-3",
  "--series-4",
  "--series-5",
  "--series-6",
  "--series-7",
  "--series-8",
];

const perHour = (v: number) => `$${Number(v.toPrecision(3))}/h`;

/** The stacked series as the chart wrapper reads them: a bucket without a row has no point. */
export function stackedSeries(s: StackedCost): ChartSeries[] {
  return s.series.map((line, i) => ({
    name: line.key,
    color: line.key === OTHER ? "--muted" : STACK_COLORS[i % STACK_COLORS.length]!,
    points: s.times.flatMap((t, j) => {
      const v = line.values[j];
      return v === null || v === undefined ? [] : [[t, v] as [number, number]];
    }),
  }));
}

const toggle = (on: boolean) =>
  `rounded px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-accent ${
    on ? "bg-accent text-white" : "text-muted hover:text-ink"
  }`;

/**
 * The /cost page's interactive part: the range's headline figures, cost per workload or
 * per team (a toggle, on the client: the page stays one cached render), cost over time
 * stacked the same way, and cost versus performance.
 */
export function CostView({ report, workloadRange }: { report: CostReport; workloadRange: string }) {
  const [groupBy, setGroupBy] = useState<CostGroupBy>("workload");
  const { costs, overTime } = report;
  const total = costs.ok ? costs.data.total : null;
  const scatter = scatterOf(report);
  const scatterStale = [
    { what: "Cost", result: report.costs },
    { what: "p95 and availability", result: report.performance },
  ].flatMap(({ what, result }) =>
    result.ok && result.stale ? [{ what, stale: result.stale }] : [],
  );
  const scatterError = !report.costs.ok
    ? report.costs.error
    : !report.performance.ok
      ? report.performance.error
      : null;

  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="cost-headline">
        {[
          { label: "Cost", value: total?.costUsd ?? null, format: formatUsd },
          ...COST_COLUMNS.filter((c) =>
            ["change", "cost-per-million", "idle-share"].includes(c.key),
          ).map((c) => ({
            label: c.label,
            value: total ? c.value(total) : null,
            format: c.format,
          })),
        ].map((h) => (
          <div key={h.label} className="rounded-lg border border-border bg-panel px-4 py-3">
            <dt className="text-xs uppercase tracking-wide text-muted">{h.label}</dt>
            <dd className="text-xl font-semibold tabular-nums" data-value={h.value ?? ""}>
              {figure(h.value, h.format, costs.ok ? "no data" : "ClickHouse failed")}
            </dd>
          </div>
        ))}
      </dl>

      <div
        className="flex w-fit gap-1 rounded-md border border-border bg-panel p-1"
        role="group"
        aria-label="Group by"
      >
        {(["workload", "team"] as const).map((g) => (
          <button
            key={g}
            type="button"
            className={toggle(g === groupBy)}
            aria-pressed={g === groupBy}
            onClick={() => setGroupBy(g)}
          >
            By {g}
          </button>
        ))}
      </div>

      <Panel
        title={`Cost by ${groupBy}`}
        source="ClickHouse"
        subtitle="hourly cost rows; change against the previous period of the same length"
        result={costs}
        testId="cost-table"
      >
        {(t) =>
          t.workloads.length === 0 ? (
            <PanelEmpty reason="No cost rows in this range: the cost sync has not written any yet." />
          ) : (
            <CostTable
              rows={groupBy === "workload" ? t.workloads : t.teams}
              total={t.total}
              groupBy={groupBy}
              range={workloadRange}
            />
          )
        }
      </Panel>

      <Panel
        title={`Cost over time by ${groupBy}`}
        source="ClickHouse"
        subtitle={
          overTime.ok
            ? `average cost per hour over each ${formatBucket(overTime.data.workload.bucketSeconds)}`
            : undefined
        }
        result={overTime}
        testId="cost-over-time"
      >
        {(o) => (
          <div className="px-4 py-3">
            <LazyTimeSeriesChart
              title={`Cost per hour, stacked by ${groupBy}`}
              series={stackedSeries(o[groupBy])}
              format={perHour}
              stacked
              step
              stepUntil={report.toMs}
              legend
              height={260}
              xDomain={[report.fromMs, report.toMs]}
              yDomain={[0, "auto"]}
              emptyReason="No cost rows in this range."
            />
          </div>
        )}
      </Panel>

      <section
        className="rounded-lg border border-border bg-panel"
        data-testid="cost-scatter"
        data-stale={scatterStale.length > 0 ? "true" : undefined}
        aria-labelledby="cost-scatter-title"
      >
        <div className="flex items-baseline justify-between gap-4 border-b border-border px-4 py-3">
          <h2 id="cost-scatter-title" className="font-semibold">
            Cost versus performance
          </h2>
          <p className="text-xs text-muted">
            ClickHouse cost and requests, Prometheus p95 and availability, same hours
          </p>
        </div>
        {scatterError ? (
          <PanelErrorState source={scatterError.source} message={scatterError.message} />
        ) : (
          <>
            {scatterStale.map((s) => (
              <StaleNotice key={s.what} what={s.what} stale={s.stale} />
            ))}
            {scatter && (
              <CostScatter
                points={scatter.points}
                split={scatter.fleetCostPerMillionRequests}
                range={workloadRange}
              />
            )}
          </>
        )}
      </section>
    </div>
  );
}
