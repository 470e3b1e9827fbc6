import { parseMatchers, type Matcher } from "../prometheus/promql";

export const PRESETS = ["prometheus-client", "opentelemetry", "custom"] as const;
export type Preset = (typeof PRESETS)[number];

/** The metric names and matchers one workload's indicators are read from. */
export interface Convention {
  preset: Preset;
  /** Counter of all requests. */
  requests: string;
  /** Matchers that, added to `requests`, select the failed ones. */
  errors: Matcher[];
  /** Histogram base name (`_bucket`, `_count`, `_sum` are appended). */
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

export function presetConvention(preset: Exclude<Preset, "custom">, statusLabel?: string) {
  if (preset === "prometheus-client") {
    return {
      preset,
      requests: "http_requests_total",
      errors: [{ label: statusLabel ?? "status", op: "=~", value: "5.." }],
      latency: "http_request_duration_seconds",
      ...COMMON,
    } satisfies Convention;
  }
  return {
    preset,
    requests: "http_server_request_duration_seconds_count",
    errors: [{ label: statusLabel ?? "http_response_status_code", op: "=~", value: "5.." }],
    latency: "http_server_request_duration_seconds",
    ...COMMON,
  } satisfies Convention;
}

/** Overrides a catalog entry may give; `custom` requires requests, errors and latency. */
export interface MetricOverrides {
  requests?: string;
  errors?: string;
  latency?: string;
  cache?: string;
  poolInUse?: string;
  poolMax?: string;
}

export function resolveConvention(
  preset: Preset,
  overrides: MetricOverrides,
  statusLabel?: string,
): Convention {
  const base: Convention =
    preset === "custom"
      ? { preset, requests: "", errors: [], latency: "", ...COMMON }
      : presetConvention(preset, statusLabel);
  return {
    ...base,
    ...(overrides.requests && { requests: overrides.requests }),
    ...(overrides.errors && { errors: parseMatchers(overrides.errors) }),
    ...(overrides.latency && { latency: overrides.latency }),
    ...(overrides.cache && { cache: overrides.cache }),
    ...(overrides.poolInUse && { poolInUse: overrides.poolInUse }),
    ...(overrides.poolMax && { poolMax: overrides.poolMax }),
  };
}
