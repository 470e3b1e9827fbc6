/**
 * Comparing the app's figures with numbers computed independently: one PromQL value
 * written in the test, and a relative closeness check that names the figure.
 */
import { expect } from "vitest";
import type { PrometheusClient } from "@/lib/prometheus/client";

/** The single value of an instant query written in the test, not by the app's builders. */
export async function directValue(prom: PrometheusClient, query: string, at: Date) {
  const r = await prom.instant("test", query, at);
  expect(r, query).toHaveLength(1);
  return r[0]!.value;
}

/**
 * `actual` within `relative` of `expected` (inclusive); near zero (below `floor`) the difference is
 * measured against `floor` instead, so 1e-15 and 0 agree.
 */
export function expectClose(
  actual: number | null | undefined,
  expected: number,
  what: string,
  { relative = 1e-9, floor = 1e-12 } = {},
) {
  expect(actual, what).not.toBeNull();
  expect(actual, what).toBeDefined();
  const scale = Math.max(Math.abs(expected), floor);
  expect(
    Math.abs(actual! - expected) / scale,
    `${what}: ${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(relative);
}

/** A client that answers nothing and records the queries asked (query-builder tests). */
export function recordingClient(): {
  client: PrometheusClient;
  instant: string[];
  range: string[];
} {
  const instant: string[] = [];
  const range: string[] = [];
  const client: PrometheusClient = {
    instant: async (_tag, query) => (instant.push(query), []),
    range: async (_tag, query) => (range.push(query), []),
    alerts: async () => [],
    labelValues: async () => [],
  };
  return { client, instant, range };
}
