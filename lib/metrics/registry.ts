/**
 * Sightline's own metrics (docs/own-metrics.md): one prom-client registry per process.
 *
 * Next.js bundles pages and route handlers separately, and `npm start` loads the front door
 * with tsx before Next.js (scripts/start.mjs): each may evaluate this module, and prom-client,
 * once more. The registry and every metric object are therefore made once and kept on
 * globalThis under a Symbol.for key; every copy of this module hands out the same objects.
 *
 * No label carries a user, a token, a workload name or a path: routes are templates, and
 * every other label takes one of a few fixed values.
 *
 * Loaded outside Next.js by the front door: no `server-only`, no configuration.
 */
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type Histogram as HistogramT,
} from "prom-client";

export const METRICS_KEY = Symbol.for("sightline.metrics");

/** OpenTelemetry's HTTP server semantic conventions: http.server.request.duration's buckets. */
export const HTTP_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
const RENDER_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const QUERY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

const LINTED_OUT = [
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
];

export type HttpLabel = "http_request_method" | "http_response_status_code" | "http_route";

export interface SightlineMetrics {
  registry: Registry;
  /** How many copies of this module share the registry (tests read it). */
  copies: number;
  http: HistogramT<HttpLabel>;
  pageRenders: HistogramT<"page">;
  backendQueries: HistogramT<"source" | "outcome">;
  cache: Counter<"cache" | "result">;
  costSyncRuns: Counter<"result">;
  /** The end of the last hour with cost rows, unix ms, as this process last saw it. */
  costWatermarkMs: number | null;
  embedViews: Counter<"format" | "cache">;
  reportViews: Counter<"result">;
}

function create(): SightlineMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters, which `promtool check metrics` flags: left out.
  for (const name of LINTED_OUT) registry.removeSingleMetric(name);
  const m: SightlineMetrics = {
    registry,
    copies: 0,
    // OpenTelemetry's http.server.request.duration as the Collector's Prometheus exporter
    // writes it; requests are its _count (the catalog's `opentelemetry` preset).
    http: new Histogram({
      name: "http_server_request_duration_seconds",
      help: "Duration of HTTP server requests, from the front door to the response's end.",
      labelNames: ["http_request_method", "http_response_status_code", "http_route"],
      buckets: HTTP_BUCKETS,
      registers,
    }),
    pageRenders: new Histogram({
      name: "sightline_page_render_duration_seconds",
      help: "Server renders of a page (not cached serves): its data loaded and its tree built.",
      labelNames: ["page"],
      buckets: RENDER_BUCKETS,
      registers,
    }),
    backendQueries: new Histogram({
      name: "sightline_backend_query_duration_seconds",
      help: "Queries sent to a data source, by source and outcome (ok, error, timeout).",
      labelNames: ["source", "outcome"],
      buckets: QUERY_BUCKETS,
      registers,
    }),
    // The catalog's cache convention: cache_requests_total{result="hit"|"miss"}.
    cache: new Counter({
      name: "cache_requests_total",
      help: "Lookups of Sightline's per-step data cache, by report and result (hit, miss).",
      labelNames: ["cache", "result"],
      registers,
    }),
    costSyncRuns: new Counter({
      name: "sightline_cost_sync_runs_total",
      help: "Runs of the in-server cost sync, by result.",
      labelNames: ["result"],
      registers,
    }),
    costWatermarkMs: null,
    embedViews: new Counter({
      name: "sightline_embed_views_total",
      help: "Embeds answered 200 (page or badge), from the front door's cache or rendered.",
      labelNames: ["format", "cache"],
      registers,
    }),
    reportViews: new Counter({
      name: "sightline_report_views_total",
      help: "Report links opened, by result (ok, gone, sign-in, unknown).",
      labelNames: ["result"],
      registers,
    }),
  };
  new Gauge({
    name: "sightline_cost_sync_lag_seconds",
    help: "Seconds since the end of the last hour with cost rows, as this process's sync last saw it.",
    registers,
    collect() {
      if (m.costWatermarkMs !== null) {
        this.set(Math.max(0, (Date.now() - m.costWatermarkMs) / 1000));
        return;
      }
      // No sample rather than a 0 that would read as "up to date": a gauge without labels
      // keeps its value in prom-client's hashMap (the version is pinned in package.json).
      (this as unknown as { hashMap: object }).hashMap = {};
    },
  });
  // Diagnostic: how many copies of this module (front door, route and page bundles) share
  // this one registry.
  new Gauge({
    name: "sightline_metrics_module_copies",
    help: "Copies of Sightline's metrics module loaded in this process, all sharing one registry.",
    registers,
    collect() {
      this.set(m.copies);
    },
  });
  return m;
}

const g = globalThis as unknown as Record<typeof METRICS_KEY, SightlineMetrics | undefined>;

/** The process's metrics: made by the first copy of this module that asks. */
export function sightlineMetrics(): SightlineMetrics {
  return (g[METRICS_KEY] ??= create());
}

// Every copy of the module says so once: how the tests see that copies share one registry.
sightlineMetrics().copies += 1;
