"use client";

import type { ChartMarker } from "../chart/time-series-chart";
import type { WorkloadSeries } from "@/lib/workload/types";
import { ChartCard } from "./chart-card";
import { UNIT_FORMAT } from "./units";

/** Beyond this many scaling events their labels would overlap: lines only. */
const LABELLED_SCALING_EVENTS = 16;

function markersOf(series: WorkloadSeries): { alerts: ChartMarker[]; scaling: ChartMarker[] } {
  const alerts = series.alerts.ok
    ? series.alerts.data.map((a) => ({ at: a.at, label: "alert", color: "--bad" }))
    : [];
  const events = series.scaling.ok ? series.scaling.data : [];
  const scaling = events.map((e) => ({
    at: e.at,
    label: events.length > LABELLED_SCALING_EVENTS ? "" : `${e.to > e.from ? "↑" : "↓"}${e.to}`,
    color: "--accent",
  }));
  return { alerts, scaling };
}

/** The Prometheus charts of the workload page; every chart but the burn-down zooms. */
export function WorkloadCharts({
  series,
  onZoom,
  onRetry,
}: {
  series: WorkloadSeries;
  onZoom: (fromMs: number, toMs: number) => void;
  onRetry: () => void;
}) {
  const { alerts, scaling } = markersOf(series);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {series.charts.map((c) => (
        <ChartCard
          key={c.key}
          testId={`chart-${c.key}`}
          source={c.source}
          result={c.result}
          onRetry={onRetry}
          chart={(data) => ({
            title: c.title,
            series: data.lines,
            thresholds: data.thresholds,
            markers:
              c.key === "replicas" || c.key === "requests" ? [...alerts, ...scaling] : alerts,
            format: UNIT_FORMAT[c.unit],
            onZoom,
            legend: data.lines.length > 1,
            yDomain: c.unit === "ratio" || c.unit === "count" ? [0, "auto"] : undefined,
            emptyReason: c.emptyReason,
          })}
        />
      ))}
    </div>
  );
}
