import "server-only";
import { getEnv } from "../env";
import { createPrometheusClient, type PrometheusClient } from "./client";

export type { PrometheusClient, Sample } from "./client";

const clients = new Map<number, PrometheusClient>();

/**
 * The process's Prometheus client, configured from lib/env, with the deadline per query
 * `timeoutMs` (default PROMETHEUS_TIMEOUT_MS; analytical reads such as the cost sync and
 * right-sizing pass their own).
 */
export function getPrometheus(timeoutMs?: number): PrometheusClient {
  const env = getEnv();
  const deadline = timeoutMs ?? env.PROMETHEUS_TIMEOUT_MS;
  let client = clients.get(deadline);
  if (!client) {
    client = createPrometheusClient({
      url: env.PROMETHEUS_URL,
      user: env.PROMETHEUS_USER,
      password: env.PROMETHEUS_PASSWORD,
      bearerToken: env.PROMETHEUS_BEARER_TOKEN,
      headers: env.PROMETHEUS_HEADERS,
      timeoutMs: deadline,
    });
    clients.set(deadline, client);
  }
  return client;
}
