/**
 * A Prometheus data set whose answers are worked out by hand below, written with promtool.
 * Counters advance by fixed amounts every 5 minutes for 31 days up to `endMs`.
 */
import { backfillStepped, seriesKey, type SteppedData } from "@/scripts/lib/backfill";

export const STEP_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
/** beta's burst: 6 hours of 10 % 503s, ten days before the end. */
const BURST_STEPS = 72;

type Labels = Record<string, string>;
interface Series {
  name: string;
  labels: Labels;
  /** Increment per step (counters) or value (gauges), as a function of the step's time. */
  at: (tMs: number) => number;
  gauge?: boolean;
}

function counter(name: string, labels: Labels, inc: number | ((t: number) => number)): Series {
  return { name, labels, at: typeof inc === "number" ? () => inc : inc };
}
function gauge(name: string, labels: Labels, value: number): Series {
  return { name, labels, at: () => value, gauge: true };
}
/** Buckets, plus `_count` unless the convention's request counter already is that `_count`. */
function histogram(
  name: string,
  labels: Labels,
  cumulative: [string, number][],
  withCount = true,
): Series[] {
  const buckets = cumulative.map(([le, n]) => counter(`${name}_bucket`, { ...labels, le }, n));
  const all = cumulative.at(-1)![1];
  return withCount ? [...buckets, counter(`${name}_count`, labels, all)] : buckets;
}

export function knownSeries(endMs: number): Series[] {
  const burstStart = endMs - 10 * DAY_MS;
  const inBurst = (t: number) => t > burstStart && t <= burstStart + BURST_STEPS * STEP_MS;
  const alpha = { workload: "alpha" };
  const beta = { workload: "beta" };
  return [
    // alpha: 1 % 5xx; 3000 requests a step; cache 80 % hits; pool 6 of 10.
    counter("http_requests_total", { ...alpha, status: "200" }, 2970),
    counter("http_requests_total", { ...alpha, status: "500" }, 30),
    ...histogram("http_request_duration_seconds", alpha, [
      ["0.1", 1500],
      ["0.2", 2700],
      ["0.5", 2940],
      ["1", 3000],
      ["+Inf", 3000],
    ]),
    counter("cache_requests_total", { ...alpha, result: "hit" }, 800),
    counter("cache_requests_total", { ...alpha, result: "miss" }, 200),
    gauge("db_pool_connections_in_use", alpha, 6),
    gauge("db_pool_connections_max", alpha, 10),
    // beta (OpenTelemetry names): 1000 a step, no errors except the burst; pool 3 of 12.
    counter(
      "http_server_request_duration_seconds_count",
      { ...beta, http_response_status_code: "200" },
      (t) => (inBurst(t) ? 900 : 1000),
    ),
    counter(
      "http_server_request_duration_seconds_count",
      { ...beta, http_response_status_code: "503" },
      (t) => (inBurst(t) ? 100 : 0),
    ),
    ...histogram(
      "http_server_request_duration_seconds",
      beta,
      [
        ["0.05", 600],
        ["0.1", 900],
        ["0.25", 990],
        ["0.5", 1000],
        ["+Inf", 1000],
      ],
      false, // beta's _count is its request counter, by status code
    ),
    gauge("db_pool_connections_in_use", beta, 3),
    gauge("db_pool_connections_max", beta, 12),
    // gamma: only namespace="prod" counts; staging's 50 % errors must be ignored.
    counter("http_requests_total", { workload: "gamma", namespace: "prod", status: "200" }, 495),
    counter("http_requests_total", { workload: "gamma", namespace: "prod", status: "502" }, 5),
    counter("http_requests_total", { workload: "gamma", namespace: "staging", status: "200" }, 50),
    counter("http_requests_total", { workload: "gamma", namespace: "staging", status: "500" }, 50),
    ...histogram("http_request_duration_seconds", { workload: "gamma", namespace: "prod" }, [
      ["0.2", 500],
      ["+Inf", 500],
    ]),
    // delta has no series at all: its indicators are "no data", not zero.
  ];
}

/** Hand-worked answers, evaluated at `endMs`. */
export const EXPECTED = {
  "1h": {
    alpha: {
      availability: 0.99,
      p95: 0.2 + (150 / 240) * 0.3,
      p99: 0.5 + (30 / 60) * 0.5,
      cacheHitRate: 0.8,
      poolUtilization: 0.6,
    },
    beta: {
      availability: 1,
      p95: 0.1 + (50 / 90) * 0.15,
      p99: 0.25,
      cacheHitRate: null,
      poolUtilization: 0.25,
    },
    gamma: { availability: 0.99, p95: 0.19, p99: 0.198, cacheHitRate: null, poolUtilization: null },
    delta: { availability: null, p95: null, p99: null, cacheHitRate: null, poolUtilization: null },
  },
  "30d": {
    alpha: { availability: 0.99, p95: 0.3875, p99: 0.75, cacheHitRate: 0.8, poolUtilization: 0.6 },
    // 72 steps × 100 errors over 8640 steps × 1000 requests
    beta: {
      availability: 1 - (BURST_STEPS * 100) / (8640 * 1000),
      p95: 0.1 + (50 / 90) * 0.15,
      p99: 0.25,
      cacheHitRate: null,
      poolUtilization: 0.25,
    },
    gamma: { availability: 0.99, p95: 0.19, p99: 0.198, cacheHitRate: null, poolUtilization: null },
    delta: { availability: null, p95: null, p99: null, cacheHitRate: null, poolUtilization: null },
  },
} as const;

/** The data set for (endMs − 31 d, endMs], as stepped series with their full label sets. */
export function knownDataSet(endMs: number): SteppedData {
  return {
    startMs: endMs - 31 * DAY_MS,
    endMs,
    stepMs: STEP_MS,
    series: knownSeries(endMs).map((s) => ({
      ...s,
      key: seriesKey(s.name, { job: "fixture", instance: "fixture", ...s.labels }),
    })),
  };
}

/** Writes the data set into a Prometheus data directory with promtool. */
export function writeKnownData(dataDir: string, tmpDir: string, endMs: number): void {
  backfillStepped({ dataDir, tmpDir, ...knownDataSet(endMs) });
}
