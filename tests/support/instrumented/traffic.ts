/**
 * The traffic each instrumented service is driven with, and the figures it should yield,
 * worked out here from the driven latencies and statuses alone (not with Sightline's code).
 */

/** One request as the service's instrumentation records it. */
export interface DrivenRequest {
  method: string;
  route: string;
  status: number;
  /** Seconds. */
  latency: number;
}

/** `count` requests alike: [count, latency s, status, method, route]. */
type Row = [number, number, number, string, string];

const rows = (spec: Row[]): DrivenRequest[] =>
  spec.flatMap(([count, latency, status, method, route]) =>
    Array.from({ length: count }, () => ({ method, route, status, latency })),
  );

/** prometheus_client's Histogram.DEFAULT_BUCKETS (Python), without +Inf. */
export const PYTHON_DEFAULT_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
/** prom-client's default histogram buckets (Node). */
export const PROM_CLIENT_DEFAULT_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** The advisory boundaries of the semantic conventions' http.server.request.duration. */
export const SEMCONV_HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/**
 * One batch per service: several buckets, some 5xx, some over 1 s; no latency on a bucket
 * boundary, and no quantile rank on a cumulative count (where float error could tip a
 * histogram_quantile into the neighbouring bucket).
 */
export const BATCHES = {
  "py-orders": rows([
    [10, 0.003, 200, "GET", "/orders"],
    [8, 0.02, 200, "GET", "/orders/{id}"],
    [8, 0.06, 200, "GET", "/orders"],
    [6, 0.2, 200, "POST", "/orders"],
    [2, 0.2, 500, "POST", "/orders"],
    [5, 0.6, 200, "POST", "/orders"],
    [1, 0.6, 503, "POST", "/orders"],
    [4, 1.7, 200, "POST", "/orders"],
    [1, 1.7, 500, "POST", "/orders"],
    [3, 3.2, 200, "GET", "/orders/{id}"],
    [1, 3.2, 504, "GET", "/orders/{id}"],
    [1, 7, 200, "POST", "/orders"],
  ]),
  "node-billing": rows([
    [11, 0.004, 200, "GET", "/invoices"],
    [10, 0.04, 200, "GET", "/invoices/:id"],
    [6, 0.3, 200, "POST", "/charges"],
    [2, 0.3, 502, "POST", "/charges"],
    [4, 0.8, 200, "POST", "/charges"],
    [3, 1.3, 200, "POST", "/charges"],
    [1, 1.3, 500, "POST", "/charges"],
    [3, 6, 201, "POST", "/refunds"],
  ]),
  "otel-gateway": rows([
    [20, 0.008, 200, "GET", "/api/users"],
    [10, 0.03, 200, "GET", "/api/orders"],
    [5, 0.03, 404, "GET", "/api/orders"],
    [8, 0.09, 201, "POST", "/api/orders"],
    [6, 0.4, 201, "POST", "/api/orders"],
    [2, 0.4, 500, "POST", "/api/orders"],
    [4, 0.9, 200, "GET", "/api/users"],
    [3, 2, 503, "POST", "/api/orders"],
    [2, 4, 201, "POST", "/api/orders"],
  ]),
} satisfies Record<string, DrivenRequest[]>;

export type Job = keyof typeof BATCHES;

/** The latency thresholds of the test catalog's SLOs, in seconds. */
export const LATENCY_THRESHOLDS = [1, 0.25] as const;

export interface ExpectedFigures {
  requests: number;
  /** Requests without a 5xx status / all. */
  availability: number;
  /** Share of requests at or under each threshold, by threshold in seconds. */
  latency: Map<number, number>;
  p95: number;
  p99: number;
}

/**
 * The q-quantile as Prometheus's histogram_quantile estimates it from cumulative buckets
 * `le` (upper bounds, +Inf last): find the first bucket whose count reaches the rank
 * q × total, and interpolate linearly within it (from 0 for the first bucket); a rank in
 * the +Inf bucket answers the highest finite bound.
 */
export function histogramQuantile(q: number, bounds: number[], latencies: number[]): number {
  const le = [...bounds, Infinity];
  const counts = le.map((b) => latencies.filter((l) => l <= b).length);
  const total = counts.at(-1)!;
  let rank = q * total;
  if (counts.includes(rank)) {
    throw new Error(`rank ${rank} of q=${q} sits on a cumulative count: pick another batch`);
  }
  const b = counts.findIndex((c) => c >= rank);
  if (b === le.length - 1) return le[le.length - 2]!;
  let start = 0;
  let count = counts[b]!;
  if (b > 0) {
    start = le[b - 1]!;
    count -= counts[b - 1]!;
    rank -= counts[b - 1]!;
  }
  return start + (le[b]! - start) * (rank / count);
}

export function expectedFigures(batch: DrivenRequest[], bounds: number[]): ExpectedFigures {
  const latencies = batch.map((r) => r.latency);
  const onBound = latencies.find((l) => bounds.includes(l));
  if (onBound !== undefined) throw new Error(`latency ${onBound} s is a bucket boundary`);
  const n = batch.length;
  return {
    requests: n,
    availability: batch.filter((r) => r.status < 500).length / n,
    latency: new Map(
      LATENCY_THRESHOLDS.map((t) => [t, latencies.filter((l) => l <= t).length / n]),
    ),
    p95: histogramQuantile(0.95, bounds, latencies),
    p99: histogramQuantile(0.99, bounds, latencies),
  };
}
