/**
 * The views of the cost-versus-performance chart: what the y axis reads, what line or
 * marks stand for the SLOs, what a point's colour says and how the corners are named.
 * Pure and browser-safe.
 */
import type { CostPerformancePoint } from "@/lib/cost/scatter";
import { formatPercent, formatSeconds } from "../format";

export type ScatterView = "latency" | "p95" | "availability";

export interface ScatterDatum {
  workload: string;
  /** Cost per million requests. */
  x: number;
  /** What the view's y axis reads; never above 0 only when clamped (see `clamped`). */
  y: number;
  /** The workload's own SLO mark on the y axis (the p95 view's latency threshold). */
  mark: number | null;
  /** A CSS colour variable. */
  color: string;
  /** The y value was 0 (no errors): drawn at the bottom of the log axis. */
  clamped: boolean;
}

export interface ViewSpec {
  label: string;
  axis: string;
  /** The y value of a point, null when it cannot be placed. */
  y: (p: CostPerformancePoint) => number | null;
  mark?: (p: CostPerformancePoint) => number | null;
  format: (v: number) => string;
  /** One line for every workload at this y: its own objective after normalising. */
  line?: { value: number; label: string };
  /** Names of the corners, top left → top right → bottom left → bottom right. */
  corners?: [string, string, string, string];
  /** What colours a point, and its legend. */
  color: (p: CostPerformancePoint) => string;
  legend: { color: string; label: string }[];
}

const times = (v: number) => `${Number(v.toPrecision(2))}x`;

const byAvailability = (p: CostPerformancePoint) =>
  p.meetsAvailability === null ? "--muted" : p.meetsAvailability ? "--good" : "--bad";
const byLatency = (p: CostPerformancePoint) =>
  p.p95OverThreshold === null ? "--muted" : p.p95OverThreshold <= 1 ? "--good" : "--bad";
const availabilityLegend = [
  { color: "--good", label: "availability meets its objective" },
  { color: "--bad", label: "availability below its objective" },
  { color: "--muted", label: "no availability or objective" },
];

export const SCATTER_VIEWS: Record<ScatterView, ViewSpec> = {
  latency: {
    label: "p95 against its SLO",
    axis: "p95 / latency SLO threshold",
    y: (p) => p.p95OverThreshold,
    format: times,
    line: { value: 1, label: "latency SLO threshold" },
    corners: ["cheap but slow", "expensive and slow", "cheap and fine", "expensive but fine"],
    color: byAvailability,
    legend: availabilityLegend,
  },
  p95: {
    label: "p95",
    axis: "p95 latency",
    y: (p) => p.p95Seconds,
    mark: (p) => p.latencyThresholdSeconds,
    format: (v) => formatSeconds(v),
    color: byAvailability,
    legend: [...availabilityLegend, { color: "--warn", label: "dash: its latency SLO threshold" }],
  },
  availability: {
    label: "Availability",
    axis: "error ratio / error budget",
    y: (p) => p.availabilityBurn,
    format: times,
    line: { value: 1, label: "availability objective" },
    corners: ["cheap but failing", "expensive and failing", "cheap and fine", "expensive but fine"],
    color: byLatency,
    legend: [
      { color: "--good", label: "p95 within its latency SLO" },
      { color: "--bad", label: "p95 above its latency SLO" },
      { color: "--muted", label: "no p95 or latency SLO" },
    ],
  },
};

/** Why a workload is listed but not drawn in a view; undefined when it is drawn. */
export function notPlotted(p: CostPerformancePoint, view: ScatterView): string | undefined {
  if (p.costUsd === null) return "no cost rows in this range";
  if (p.requests === null) return "no request rows in ClickHouse";
  if (p.costPerMillionRequests === null || !(p.costPerMillionRequests > 0)) {
    return "no requests served";
  }
  if (view === "availability") {
    if (p.availability === null) return "no availability from Prometheus";
    if (p.availabilityObjective === null) return "no availability SLO";
    return undefined;
  }
  if (p.p95Seconds === null) return "no p95 from Prometheus";
  if (view === "latency" && p.latencyThresholdSeconds === null) return "no latency SLO";
  return undefined;
}

/** The points a view draws; a y of 0 (no errors at all) sits at `floor`. */
export function scatterData(
  points: CostPerformancePoint[],
  view: ScatterView,
): { data: ScatterDatum[]; zeros: boolean } {
  const spec = SCATTER_VIEWS[view];
  const drawn = points.filter((p) => notPlotted(p, view) === undefined);
  const data = drawn.map((p) => {
    const y = spec.y(p)!;
    return {
      workload: p.workload,
      x: p.costPerMillionRequests!,
      y,
      mark: spec.mark?.(p) ?? null,
      color: spec.color(p),
      clamped: !(y > 0),
    };
  });
  return { data, zeros: data.some((d) => d.clamped) };
}

/** The row text of a point's availability: "99.95% (objective 99.9%)". */
export function describeAvailability(p: CostPerformancePoint): string {
  const a = formatPercent(p.availability, 3);
  return p.availabilityObjective === null
    ? a
    : `${a} (objective ${formatPercent(p.availabilityObjective, 2)})`;
}

export type LabelPlace = "right" | "above" | "below";

/**
 * Where each point's name goes: beside it, or above and below for points so close (in
 * the plot's log coordinates) that their names would overlap: the higher one above.
 */
export function labelPlaces(
  data: { workload: string; x: number; y: number }[],
  xDomain: [number, number],
  yDomain: [number, number],
): Map<string, LabelPlace> {
  const norm = (v: number, [lo, hi]: [number, number]) =>
    (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
  const at = data.map((d) => ({ w: d.workload, u: norm(d.x, xDomain), v: norm(d.y, yDomain) }));
  const places = new Map<string, LabelPlace>();
  for (const a of at) {
    const near = at.find(
      (b) => b !== a && Math.abs(a.u - b.u) < 0.12 && Math.abs(a.v - b.v) < 0.06,
    );
    places.set(
      a.w,
      !near ? "right" : a.v > near.v || (a.v === near.v && a.u < near.u) ? "above" : "below",
    );
  }
  return places;
}
