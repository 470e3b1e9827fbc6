"use client";

import type { PanelResult } from "@/lib/errors/data-source-error";
import type { ChartData, WorkloadSeries } from "@/lib/workload/types";
import { formatBucket } from "@/lib/cost/ranges";
import { formatUsd } from "../format";
import { ChartCard } from "./chart-card";
import { CAPACITY_CHARTS, ChartPanelCard, markersOf } from "./workload-charts";
import { UNIT_FORMAT } from "./units";

const perHour = (v: number) => `$${Number(v.toPrecision(3))}/h`;

/** The latency chart's p95 line with its SLO thresholds, or the latency chart's error. */
function p95Of(result: PanelResult<ChartData>): PanelResult<ChartData> {
  if (!result.ok) return result;
  return {
    ...result,
    data: {
      lines: result.data.lines.filter((l) => l.name === "p95"),
      thresholds: result.data.thresholds,
    },
  };
}

/**
 * "Cost and capacity": what the workload cost per hour and per million requests
 * (ClickHouse, one value per hour or per chart step), next to its p95, replicas, CPU and
 * memory against requests (Prometheus), on the time axis of the page's other charts, with
 * the scaling events marked, so a scale-up shows what it bought.
 */
export function CostCapacity({
  series,
  onZoom,
  onRetry,
}: {
  series: WorkloadSeries;
  onZoom: (fromMs: number, toMs: number) => void;
  onRetry: () => void;
}) {
  const { alerts, scaling, scalingNote } = markersOf(series);
  const xDomain: [number, number] = [series.fromMs, series.toMs];
  // The last bucket's value holds to the bucket's end, or the range's.
  const holdUntil = (points: [number, number][], bucketSeconds: number) => {
    const t = points.at(-1)?.[0];
    if (t === undefined) return undefined;
    const bucketMs = bucketSeconds * 1000;
    return Math.min(Math.floor(t / bucketMs) * bucketMs + bucketMs, series.toMs);
  };
  const latency = series.charts.find((c) => c.key === "latency");
  const bucket = series.cost.ok ? formatBucket(series.cost.data.bucketSeconds) : "hour";
  const source = `ClickHouse · workload_cost_hourly, one value per ${bucket}`;
  return (
    <section aria-labelledby="cost-capacity-title" data-testid="cost-capacity">
      <h2 id="cost-capacity-title" className="mb-3 text-lg font-semibold">
        Cost and capacity
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          testId="cost-chart-per-hour"
          source={source + scalingNote}
          result={series.cost}
          onRetry={onRetry}
          chart={(d) => ({
            title: "Cost per hour",
            series: [{ name: "cost per hour", color: "--series-1", points: d.costPerHour }],
            format: perHour,
            markers: [...alerts, ...scaling],
            step: true,
            stepUntil: holdUntil(d.costPerHour, d.bucketSeconds),
            xDomain,
            yDomain: [0, "auto"],
            onZoom,
            emptyReason: "No cost rows in this range.",
          })}
        />
        <ChartCard
          testId="cost-chart-per-million"
          source={`${source}; requests from request_rollup_1h`}
          result={series.cost}
          onRetry={onRetry}
          chart={(d) => ({
            title: "Cost per 1M requests",
            series: [{ name: "cost per 1M", color: "--series-2", points: d.costPerMillion }],
            format: (v) => formatUsd(v),
            markers: alerts,
            step: true,
            stepUntil: holdUntil(d.costPerMillion, d.bucketSeconds),
            xDomain,
            yDomain: [0, "auto"],
            onZoom,
            emptyReason: "No requests in the hours with cost rows.",
          })}
        />
        {latency && (
          <ChartCard
            testId="cost-chart-p95"
            source={latency.source + scalingNote}
            result={p95Of(latency.result)}
            onRetry={onRetry}
            chart={(d) => ({
              title: "p95 latency",
              series: d.lines,
              thresholds: d.thresholds,
              format: UNIT_FORMAT.seconds,
              markers: [...alerts, ...scaling],
              onZoom,
              emptyReason: latency.emptyReason,
            })}
          />
        )}
        {CAPACITY_CHARTS.flatMap((key) => {
          const c = series.charts.find((x) => x.key === key);
          return c
            ? [
                <ChartPanelCard
                  key={key}
                  chart={c}
                  series={series}
                  onZoom={onZoom}
                  onRetry={onRetry}
                />,
              ]
            : [];
        })}
      </div>
    </section>
  );
}
