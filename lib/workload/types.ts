/** Shapes shared by the server data functions, the API routes and the client. Serialisable. */
import type { WorkloadCostSeries } from "../cost/views";
import type { PanelResult } from "../errors/data-source-error";
import type { AlertEvent, Point, ScalingEvent } from "./markers";
import type { RouteRow } from "./route-sort";

export type { AlertEvent, Point, ScalingEvent } from "./markers";
export type { RouteRow } from "./route-sort";

/** How a chart's values read: picks the axis and table format on the client. */
export type ChartUnit = "rps" | "ratio" | "seconds" | "cores" | "bytes" | "count";

export const CHART_KEYS = [
  "requests",
  "errorRatio",
  "latency",
  "cacheHitRate",
  "poolUtilization",
  "cpu",
  "memory",
  "replicas",
] as const;
export type ChartKey = (typeof CHART_KEYS)[number];

export interface ChartLine {
  name: string;
  /** A CSS colour variable. */
  color: string;
  points: Point[];
}

export interface ChartData {
  lines: ChartLine[];
  thresholds: { label: string; value: number; color?: string }[];
}

export interface ChartPanel {
  key: ChartKey;
  title: string;
  /** Where the numbers come from, shown under the title. */
  source: string;
  unit: ChartUnit;
  result: PanelResult<ChartData>;
  /** Why the chart would be empty: which selector matched no series, or no traffic. */
  emptyReason?: string;
}

export interface SloChart {
  slo: string;
  objective: number;
  window: string;
  budgetRemaining: Point[];
  /** Burn rate over each tier's long window. */
  burnRates: { window: string; points: Point[] }[];
  /** Tier thresholds on the burn rate: the factor each tier pages or tickets above. */
  tiers: { tier: string; factor: number }[];
}

export interface WorkloadSeries {
  workload: string;
  /** When the figures were computed (ISO 8601). */
  evaluatedAt: string;
  fromMs: number;
  toMs: number;
  stepSeconds: number;
  charts: ChartPanel[];
  alerts: PanelResult<AlertEvent[]>;
  scaling: PanelResult<ScalingEvent[]>;
  slos: PanelResult<SloChart[]>;
  /** Cost per hour and per million requests from ClickHouse (the "Cost and capacity" section). */
  cost: PanelResult<WorkloadCostSeries>;
}

export interface WorkloadRoutes {
  workload: string;
  evaluatedAt: string;
  fromMs: number;
  toMs: number;
  /** Which table answered: the rollups (≥ 24 h: whole hours from the hourly one, the ends
   * from the per-minute one, which names them here) or the raw request log. */
  table: "request_rollup_1m" | "request_log";
  result: PanelResult<RouteRow[]>;
  /** With requests from OpenTelemetry spans (docs/request-data.md): the workload's spans in
   * the range that are not requests, per reason, and the link's state; null without. */
  spans: SpanAccounting | null;
}

export interface SpanAccounting {
  unattributed: { notServer: number; noRoute: number; badStatus: number; malformed: number } | null;
  /** "backfilling": the spans written before the link are still being counted. */
  state: "backfilling" | "ready" | "failed";
  /** Backfilled share, 0 to 1, while backfilling; the reason, when failed. */
  progress?: number;
  message?: string;
}
