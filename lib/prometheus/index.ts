import "server-only";
import { getEnv } from "../env";
import { createPrometheusClient, type PrometheusClient } from "./client";

export type { PrometheusClient, Sample } from "./client";

let cached: PrometheusClient | undefined;

/** The process's Prometheus client, configured from lib/env. */
export function getPrometheus(): PrometheusClient {
  if (!cached) {
    const env = getEnv();
    cached = createPrometheusClient({
      url: env.PROMETHEUS_URL,
      user: env.PROMETHEUS_USER,
      password: env.PROMETHEUS_PASSWORD,
      bearerToken: env.PROMETHEUS_BEARER_TOKEN,
      headers: env.PROMETHEUS_HEADERS,
      timeoutMs: env.PROMETHEUS_TIMEOUT_MS,
    });
  }
  return cached;
}
