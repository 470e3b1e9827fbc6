/**
 * The workload page's Prometheus charts and markers over one aligned range. Each query
 * is settled on its own, so a failing query fails only the chart that asked for it.
 */
import "server-only";
import { whyNoFigure, type WorkloadCheck } from "../prometheus/discovery";
import { whyNotMeasured } from "../catalog/conventions";
import { describeTarget } from "../catalog/kubernetes";
import type { Catalog, Workload } from "../catalog/load";
import { selector } from "../promql";
import { settle, type PanelResult } from "../errors/data-source-error";
import type { PrometheusClient, RangeSeries } from "../prometheus/client";
import { alertEpisodes, scalingEvents, type AlertEvent, type ScalingEvent } from "./markers";
import {
  REQUEST_LINE_LABEL,
  statusLabelOf,
  workloadSeriesReader,
  type WorkloadQueries,
} from "../prometheus/workload-queries";
import { groupByStatusClass, type Point } from "./status-class";
import type { AlignedRange } from "../time/step";
import type { ChartData, ChartKey, ChartPanel, ChartUnit } from "./types";

const CLASS_COLORS: Record<string, string> = {
  "2xx": "--good",
  "3xx": "--series-2",
  "4xx": "--warn",
  "5xx": "--bad",
  other: "--muted",
};

/** The first series' finite points: the queries here aggregate to one series. */
function single(series: RangeSeries[]): Point[] {
  return (series[0]?.points ?? []).filter(([, v]) => Number.isFinite(v));
}

function percent(r: number): string {
  return `${Number((r * 100).toPrecision(4))}%`;
}

function ms(seconds: number): string {
  return seconds < 1 ? `${Number((seconds * 1000).toPrecision(4))} ms` : `${seconds} s`;
}

/** Charts read from the workload's pods (lib/catalog/kubernetes.ts), not its grouping label. */
const KUBERNETES_CHARTS = new Set<ChartKey>(["cpu", "memory", "replicas"]);

interface Spec {
  key: ChartKey;
  title: string;
  source: string;
  unit: ChartUnit;
  queries: (keyof WorkloadQueries)[];
  build: (results: RangeSeries[][]) => ChartData;
}

/** "of Deployment payments/checkout": which Kubernetes objects a chart reads. */
function ofTarget(w: Workload): string {
  return w.kubernetes.ok ? ` of ${describeTarget(w.kubernetes.target)}` : "";
}

/** "Prometheus · what": a chart's source, or why the catalog gives it none. */
function from(w: Workload, m: "requests" | "errors" | "latency", what: string): string {
  const not = whyNotMeasured(w.convention, m);
  return `Prometheus · ${not ? `not measured: ${not}` : what}`;
}

/** `failures{errors}` as a chart's source names it: the bare name without matchers. */
function failuresSource(c: Workload["convention"]): string {
  return selector(c.failures, c.errors).replace(/\{\}$/, "");
}

/**
 * The request-rate chart. Failures counted apart (`metrics.failures`) come with no status
 * label on the requests to split by: the chart draws all requests and the failed ones.
 */
function requestsSpec(w: Workload): Spec {
  const c = w.convention;
  if (c.failures) {
    return {
      key: "requests",
      title: "Request rate, all and failed",
      source: from(
        w,
        "requests",
        `rate(${c.requests}) and rate(${failuresSource(c)}): failures are counted apart, with no status class to split by`,
      ),
      unit: "rps",
      queries: ["requestsByStatus"],
      build: ([r]) => ({
        lines: (["all", "failed"] as const).map((name) => ({
          name,
          color: name === "all" ? "--series-1" : "--bad",
          points: single(r!.filter((s) => s.labels[REQUEST_LINE_LABEL] === name)),
        })),
        thresholds: [],
      }),
    };
  }
  return {
    key: "requests",
    title: "Request rate by status class",
    source: from(w, "requests", `rate(${c.requests}) by ${statusLabelOf(w)}`),
    unit: "rps",
    queries: ["requestsByStatus"],
    build: ([r]) => ({
      lines: Object.entries(groupByStatusClass(r!, statusLabelOf(w))).map(([name, points]) => ({
        name,
        color: CLASS_COLORS[name] ?? "--muted",
        points,
      })),
      thresholds: [],
    }),
  };
}

function specs(w: Workload): Spec[] {
  const latencySlos = w.slos.filter((s) => s.indicator === "latency" && s.threshold);
  const poolSlo = w.slos.find((s) => s.indicator === "pool-utilization" && s.threshold);
  const c = w.convention;
  return [
    requestsSpec(w),
    {
      key: "errorRatio",
      title: "Error ratio",
      source: from(
        w,
        "errors",
        c.failures ? `${failuresSource(c)} / ${c.requests}` : `failed / all of ${c.requests}`,
      ),
      unit: "ratio",
      queries: ["errorRatio"],
      build: ([r]) => {
        const avail = w.slos.find((s) => s.indicator === "availability");
        return {
          lines: [{ name: "error ratio", color: "--bad", points: single(r!) }],
          thresholds: avail
            ? [{ label: `budget ${percent(1 - avail.objective)}`, value: 1 - avail.objective }]
            : [],
        };
      },
    },
    {
      key: "latency",
      title: "Latency p50 / p95 / p99",
      source: from(w, "latency", `histogram_quantile over ${c.latency}`),
      unit: "seconds",
      queries: ["p50", "p95", "p99"],
      build: ([p50, p95, p99]) => ({
        lines: [
          { name: "p50", color: "--series-1", points: single(p50!) },
          { name: "p95", color: "--series-2", points: single(p95!) },
          { name: "p99", color: "--series-3", points: single(p99!) },
        ],
        thresholds: latencySlos.map((s) => ({
          label: `SLO ${percent(s.objective)} ≤ ${ms(s.threshold!)}`,
          value: s.threshold!,
        })),
      }),
    },
    {
      key: "cacheHitRate",
      title: "Cache hit rate",
      source: `Prometheus · ${c.cache} hit / (hit + miss)`,
      unit: "ratio",
      queries: ["cacheHitRate"],
      build: ([r]) => ({
        lines: [{ name: "hit rate", color: "--series-1", points: single(r!) }],
        thresholds: [],
      }),
    },
    {
      key: "poolUtilization",
      title: "Connection pool utilization",
      source: `Prometheus · ${c.poolInUse} / ${c.poolMax}`,
      unit: "ratio",
      queries: ["poolUtilization"],
      build: ([r]) => ({
        lines: [{ name: "in use / max", color: "--series-1", points: single(r!) }],
        thresholds: [
          { label: "limit (max connections)", value: 1, color: "--bad" },
          ...(poolSlo
            ? [{ label: `SLO ≤ ${percent(poolSlo.threshold!)}`, value: poolSlo.threshold! }]
            : []),
        ],
      }),
    },
    {
      key: "cpu",
      title: "CPU usage against requests (cores)",
      source: `Prometheus · container_cpu_usage_seconds_total, kube_pod_container_resource_requests${ofTarget(w)}`,
      unit: "cores",
      queries: ["cpuUsage", "cpuRequests"],
      build: ([u, r]) => ({
        lines: [
          { name: "usage", color: "--series-1", points: single(u!) },
          { name: "requests", color: "--series-2", points: single(r!) },
        ],
        thresholds: [],
      }),
    },
    {
      key: "memory",
      title: "Memory usage against requests",
      source: `Prometheus · container_memory_working_set_bytes, kube_pod_container_resource_requests${ofTarget(w)}`,
      unit: "bytes",
      queries: ["memoryUsage", "memoryRequests"],
      build: ([u, r]) => ({
        lines: [
          { name: "working set", color: "--series-1", points: single(u!) },
          { name: "requests", color: "--series-2", points: single(r!) },
        ],
        thresholds: [],
      }),
    },
    {
      key: "replicas",
      title: "Replicas",
      source: `Prometheus · the HPA's current replicas, else the controller's desired replicas, else running pods${ofTarget(w)}`,
      unit: "count",
      queries: ["replicas"],
      build: ([r]) => ({
        lines: [{ name: "replicas", color: "--series-1", points: single(r!) }],
        thresholds: [],
      }),
    },
  ];
}

/** "SLOErrorBudgetBurn availability page-fast" from an ALERTS series' labels. */
function describeAlert(labels: Record<string, string>): string {
  return [labels.alertname, labels.slo, labels.tier ?? labels.severity].filter(Boolean).join(" ");
}

export interface WorkloadCharts {
  charts: ChartPanel[];
  alerts: PanelResult<AlertEvent[]>;
  scaling: PanelResult<ScalingEvent[]>;
}

export async function fetchWorkloadCharts(
  prom: PrometheusClient,
  catalog: Catalog,
  w: Workload,
  range: AlignedRange,
  check?: WorkloadCheck,
): Promise<WorkloadCharts> {
  const run = workloadSeriesReader(prom, catalog.groupingLabel, w, range);
  const charts = Promise.all(
    specs(w).map(async (s): Promise<ChartPanel> => {
      const result = await settle(async () => s.build(await Promise.all(s.queries.map(run))));
      const why =
        KUBERNETES_CHARTS.has(s.key) && !w.kubernetes.ok
          ? `no Kubernetes objects to read: ${w.kubernetes.reason}`
          : whyNoFigure(w, check, s.key);
      return {
        key: s.key,
        title: s.title,
        source: s.source,
        unit: s.unit,
        result,
        ...(why && { emptyReason: `${why[0]!.toUpperCase()}${why.slice(1)}.` }),
      };
    }),
  );
  const stepMs = range.stepSeconds * 1000;
  const [chartPanels, alerts, scaling] = await Promise.all([
    charts,
    settle(async () => alertEpisodes(await run("alerts"), stepMs, describeAlert)),
    settle(async () => scalingEvents(single(await run("replicas")))),
  ]);
  return { charts: chartPanels, alerts, scaling };
}
