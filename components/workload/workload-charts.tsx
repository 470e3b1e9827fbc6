"use client";

import type { ChartMarker } from "../chart/time-series-chart";
import type { ChartKey, ChartPanel, WorkloadSeries } from "@/lib/workload/types";
import { ChartCard } from "./chart-card";
import { UNIT_FORMAT } from "./units";

/** Beyond this many scaling events their labels would overlap: lines only. */
const LABELLED_SCALING_EVENTS = 16;
/** Beyond this many scaling events in the range, charts do not mark them. */
const MARKED_SCALING_EVENTS = 40;

export function markersOf(series: WorkloadSeries): {
  alerts: ChartMarker[];
  scaling: ChartMarker[];
  /** What a chart that marks scaling says under it when there are too many to mark. */
  scalingNote: string;
} {
  const alerts = series.alerts.ok
    ? series.alerts.data.map((a) => ({ at: a.at, label: "alert", color: "--bad" }))
    : [];
  const events = series.scaling.ok ? series.scaling.data : [];
  // An HPA that follows a daily load scales a hundred times a week: as many lines would
  // hide the series. The replicas chart shows them; zooming in brings the marks back.
  if (events.length > MARKED_SCALING_EVENTS) {
    return {
      alerts,
      scaling: [],
      scalingNote: `; ${events.length} scaling events, marked when zoomed in to ${MARKED_SCALING_EVENTS} or fewer`,
    };
  }
  const scaling = events.map((e) => ({
    at: e.at,
    label: events.length > LABELLED_SCALING_EVENTS ? "" : `${e.to > e.from ? "↑" : "↓"}${e.to}`,
    color: "--accent",
  }));
  return { alerts, scaling, scalingNote: "" };
}

/** The charts the "Cost and capacity" section shows beside cost (components/workload/cost-capacity.tsx). */
export const CAPACITY_CHARTS: ChartKey[] = ["replicas", "cpu", "memory"];

/** One Prometheus chart of the workload page in its card; it zooms on drag. */
export function ChartPanelCard({
  chart: c,
  series,
  onZoom,
  onRetry,
}: {
  chart: ChartPanel;
  series: WorkloadSeries;
  onZoom: (fromMs: number, toMs: number) => void;
  onRetry: () => void;
}) {
  const { alerts, scaling, scalingNote } = markersOf(series);
  const marksScaling = c.key === "replicas" || c.key === "requests";
  return (
    <ChartCard
      testId={`chart-${c.key}`}
      source={marksScaling ? c.source + scalingNote : c.source}
      result={c.result}
      onRetry={onRetry}
      chart={(data) => ({
        title: c.title,
        series: data.lines,
        thresholds: data.thresholds,
        markers: marksScaling ? [...alerts, ...scaling] : alerts,
        format: UNIT_FORMAT[c.unit],
        onZoom,
        legend: data.lines.length > 1,
        yDomain: c.unit === "ratio" || c.unit === "count" ? [0, "auto"] : undefined,
        integerTicks: c.unit === "count",
        emptyReason: c.emptyReason,
      })}
    />
  );
}

/**
 * The Prometheus charts of the workload page but those of the "Cost and capacity"
 * section; every chart zooms.
 */
export function WorkloadCharts({
  series,
  onZoom,
  onRetry,
}: {
  series: WorkloadSeries;
  onZoom: (fromMs: number, toMs: number) => void;
  onRetry: () => void;
}) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {series.charts
        .filter((c) => !CAPACITY_CHARTS.includes(c.key))
        .map((c) => (
          <ChartPanelCard key={c.key} chart={c} series={series} onZoom={onZoom} onRetry={onRetry} />
        ))}
    </div>
  );
}
