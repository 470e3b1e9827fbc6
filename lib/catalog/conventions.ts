import { parseMatchers, selector, type Matcher } from "../promql";
import type { SloIndicator } from "./slo-schema";

export const PRESETS = ["prometheus-client", "opentelemetry", "custom"] as const;
export type Preset = (typeof PRESETS)[number];

/**
 * The metric names and matchers one workload's indicators are read from. A `custom`
 * convention names only the metrics its SLOs read: `requests` and `latency` are then empty
 * and `errors` has no matcher (see `measures`; docs/architecture.md, "Indicators a
 * workload does not measure").
 */
export interface Convention {
  preset: Preset;
  /** Counter of all requests; empty when the catalog names none. */
  requests: string;
  /**
   * Matchers that select the failed events: added to `requests`, or to `failures` when the
   * catalog names that counter (then none unless the catalog gives some).
   */
  errors: Matcher[];
  /**
   * Counter of failed events, counted apart from `requests` (e.g.
   * `prometheus_rule_evaluation_failures_total` beside `prometheus_rule_evaluations_total`);
   * empty when the failed events are the subset of `requests` that `errors` selects.
   */
  failures: string;
  /** Histogram base name (`_bucket`, `_count`, `_sum` are appended); empty when the catalog names none. */
  latency: string;
  /** Counter with a `result` label of `hit` / `miss`. */
  cache: string;
  poolInUse: string;
  poolMax: string;
}

const COMMON = {
  cache: "cache_requests_total",
  poolInUse: "db_pool_connections_in_use",
  poolMax: "db_pool_connections_max",
};

/**
 * One spelling of a preset's request and latency metrics. OpenTelemetry's
 * `http.server.request.duration` (unit `s`) reaches Prometheus under several names,
 * depending on who translated it (docs/metric-names.md); Sightline looks for each.
 */
export interface NameForm {
  /** Who writes this spelling, as the catalog check reports it. */
  writer: string;
  /** Histogram base name (`_bucket`, `_count` appended). */
  latency: string;
  /** Counter of all requests. */
  requests: string;
  /** The label holding the HTTP status code. */
  statusLabel: string;
}

const otelForm = (writer: string, latency: string, statusLabel: string): NameForm => ({
  writer,
  latency,
  requests: `${latency}_count`,
  statusLabel,
});

/** The known spellings of each preset, the most common first (the default when none is found). */
export const NAME_FORMS: Record<Exclude<Preset, "custom">, NameForm[]> = {
  "prometheus-client": [
    {
      writer: "prometheus_client / prom-client",
      latency: "http_request_duration_seconds",
      requests: "http_requests_total",
      statusLabel: "status",
    },
  ],
  opentelemetry: [
    otelForm(
      "OTel Collector Prometheus exporter; Prometheus OTLP, underscores with suffixes",
      "http_server_request_duration_seconds",
      "http_response_status_code",
    ),
    otelForm(
      "OpenTelemetry SDK Prometheus exporter; Prometheus OTLP, underscores without suffixes",
      "http_server_request_duration",
      "http_response_status_code",
    ),
    otelForm(
      "Prometheus 3 OTLP, UTF-8 names with suffixes",
      "http.server.request.duration_seconds",
      "http.response.status_code",
    ),
    otelForm(
      "Prometheus 3 OTLP, no translation",
      "http.server.request.duration",
      "http.response.status_code",
    ),
  ],
};

export function presetConvention(
  preset: Exclude<Preset, "custom">,
  statusLabel?: string,
  form: NameForm = NAME_FORMS[preset][0]!,
): Convention {
  return {
    preset,
    requests: form.requests,
    errors: [{ label: statusLabel ?? form.statusLabel, op: "=~", value: "5.." }],
    failures: "",
    latency: form.latency,
    ...COMMON,
  };
}

/**
 * What a workload's figures are read from, beyond the cache and pool metrics that every
 * convention names: the request counter (request rate), the failed events (availability,
 * error ratio, the 5xx trend: the request counter with its error matchers, or a counter of
 * failures) and the latency histogram.
 */
export type Measure = "requests" | "errors" | "latency";

/** Whether the convention names what `m` is read from: false only for a `custom` one. */
export function measures(c: Convention, m: Measure): boolean {
  if (m === "latency") return c.latency !== "";
  if (m === "requests") return c.requests !== "";
  return c.requests !== "" && (c.failures !== "" || c.errors.length > 0);
}

/**
 * The series of failed events among `matchers`' requests: `failures{matchers, errors}` when
 * the convention counts failures apart, else `requests{matchers, errors}`.
 */
export function failedSelector(c: Convention, matchers: Matcher[]): string {
  return selector(c.failures || c.requests, [...matchers, ...c.errors]);
}

/** Why a figure read from `m` is not measured, as the UI and the API say it; undefined when it is. */
export function whyNotMeasured(c: Convention, m: Measure): string | undefined {
  if (measures(c, m)) return undefined;
  if (m === "latency") return "no latency histogram in the catalog";
  if (m === "errors" && c.requests !== "") {
    return "no error matchers or failures counter in the catalog";
  }
  return "no request metric in the catalog";
}

/**
 * The catalog metrics each SLO indicator reads. Cache and pool metrics have common
 * default names in every convention, so those SLOs ask for nothing.
 */
export const SLO_METRICS: Record<SloIndicator, Measure[]> = {
  availability: ["requests", "errors"],
  latency: ["latency"],
  "cache-hit-rate": [],
  "pool-utilization": [],
};

/** Overrides a catalog entry may give; `custom` requires those its SLOs read (SLO_METRICS). */
export interface MetricOverrides {
  requests?: string;
  /** Matchers of the failed events: on `failures` when it is set, else on `requests`. */
  errors?: string;
  /** A counter of failed events, counted apart from `requests`. */
  failures?: string;
  latency?: string;
  cache?: string;
  poolInUse?: string;
  poolMax?: string;
}

export function resolveConvention(
  preset: Preset,
  overrides: MetricOverrides,
  statusLabel?: string,
  form?: NameForm,
): Convention {
  const base: Convention =
    preset === "custom"
      ? { preset, requests: "", errors: [], failures: "", latency: "", ...COMMON }
      : presetConvention(preset, statusLabel, form);
  // A preset's error matchers select failed requests by status: a failures counter has no
  // status to select by, so with one the matchers are only those the catalog gives.
  return {
    ...base,
    ...(overrides.requests && { requests: overrides.requests }),
    ...(overrides.failures && { failures: overrides.failures, errors: [] }),
    ...(overrides.errors && { errors: parseMatchers(overrides.errors) }),
    ...(overrides.latency && { latency: overrides.latency }),
    ...(overrides.cache && { cache: overrides.cache }),
    ...(overrides.poolInUse && { poolInUse: overrides.poolInUse }),
    ...(overrides.poolMax && { poolMax: overrides.poolMax }),
  };
}

/**
 * Every convention a catalog entry may be read with, one per known spelling of its preset
 * (the catalog's own `metrics:` names win over every spelling), the default first.
 */
export function candidateConventions(
  preset: Preset,
  overrides: MetricOverrides,
  statusLabel?: string,
): { writer: string; convention: Convention }[] {
  if (preset === "custom") {
    return [{ writer: "the catalog's metrics", convention: resolveConvention(preset, overrides) }];
  }
  const out: { writer: string; convention: Convention }[] = [];
  const seen = new Set<string>();
  for (const form of NAME_FORMS[preset]) {
    const convention = resolveConvention(preset, overrides, statusLabel, form);
    const key = JSON.stringify(convention);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ writer: form.writer, convention });
  }
  return out;
}
