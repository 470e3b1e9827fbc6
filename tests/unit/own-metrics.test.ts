/**
 * Sightline's own metrics (docs/own-metrics.md): one registry per process whatever the
 * number of module copies, route templates (never paths), the front door's per-response
 * count, the scrape token.
 */
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { measureRequest, routeOf } from "@/lib/metrics/http";
import { METRICS_KEY, sightlineMetrics } from "@/lib/metrics/registry";

async function sample(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await sightlineMetrics().registry.metrics();
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total = 0;
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m?.[1] === name && want.every((w) => (m[2] ?? "").split(",").includes(w))) {
      total += Number(m[3]);
    }
  }
  return total;
}

describe("one registry per process", () => {
  it("hands every copy of the module the same registry and metrics", async () => {
    const first = sightlineMetrics();
    vi.resetModules();
    const again = await import("@/lib/metrics/registry");
    expect(again.sightlineMetrics()).toBe(first);
    expect(again.sightlineMetrics().registry).toBe(first.registry);
    expect(first.copies).toBeGreaterThanOrEqual(2);
    expect((globalThis as Record<symbol, unknown>)[METRICS_KEY]).toBe(first);
    // One family of each name in the exposition, however many copies.
    const types = (await first.registry.metrics()).match(/^# TYPE \S+/gm)!;
    expect(new Set(types).size).toBe(types.length);
    expect(await sample("sightline_metrics_module_copies")).toBe(first.copies);
  });
});

describe("routeOf: route templates, never paths", () => {
  it.each([
    ["/", "/"],
    ["/overview/24h", "/overview/[range]"],
    ["/workloads/checkout", "/workloads/[name]"],
    ["/workloads/shop%2Fcheckout/7d", "/workloads/[name]/[range]"],
    ["/cost", "/cost"],
    ["/cost/90d", "/cost/[range]"],
    ["/oncall/tv", "/oncall/tv"],
    ["/r/abc123", "/r/[id]"],
    ["/r/abc123/gone", "/r/[id]/gone"],
    ["/embed/eyJ.token", "/embed/[token]"],
    ["/embed/eyJ.token/badge.svg", "/embed/[token]/badge.svg"],
    ["/api/metrics", "/api/metrics"],
    ["/api/auth/callback/credentials", "/api/auth/[...nextauth]"],
    ["/api/v1/slos/checkout", "/api/v1/slos/[workload]"],
    ["/api/v1/workloads/checkout/series", "/api/v1/workloads/[name]/series"],
    ["/api/v1/cost/recommendations.csv", "/api/v1/cost/recommendations.csv"],
    ["/_next/static/chunks/app/page-1.js", "/_next/static/[...path]"],
    ["/login", "/login"],
  ])("%s is %s", (path, template) => {
    expect(routeOf(path)).toBe(template);
  });

  it("gives no route to a path no route of the app has", () => {
    for (const path of ["/nope", "/workloads/a/b/c", "/api/v1/slos/a/b", "/s/x/overview/1h"]) {
      expect(routeOf(path)).toBe("");
    }
  });
});

describe("measureRequest: the front door's count", () => {
  const fake = (method: string) => {
    const res = new EventEmitter() as unknown as ServerResponse;
    res.statusCode = 200;
    return { req: { method } as IncomingMessage, res };
  };

  it("observes one request at its response's end, by method, status code and route", async () => {
    const labels = {
      http_request_method: "GET",
      http_response_status_code: "503",
      http_route: "/workloads/[name]/[range]",
    };
    const before = await sample("http_server_request_duration_seconds_count", labels);
    const { req, res } = fake("GET");
    measureRequest(req, res, "/workloads/checkout/24h");
    expect(await sample("http_server_request_duration_seconds_count", labels)).toBe(before);
    res.statusCode = 503;
    res.emit("close");
    expect(await sample("http_server_request_duration_seconds_count", labels)).toBe(before + 1);
  });

  it("names a method OpenTelemetry does not know _OTHER", async () => {
    const labels = { http_request_method: "_OTHER", http_route: "/" };
    const before = await sample("http_server_request_duration_seconds_count", labels);
    const { req, res } = fake("BREW");
    measureRequest(req, res, "/");
    res.emit("close");
    expect(await sample("http_server_request_duration_seconds_count", labels)).toBe(before + 1);
  });
});

describe("the cost sync's lag", () => {
  afterEach(() => {
    sightlineMetrics().costWatermarkMs = null;
  });

  it("has no sample before a sync said where it stands, then the seconds since its watermark", async () => {
    const text = () => sightlineMetrics().registry.metrics();
    expect(await text()).not.toMatch(/^sightline_cost_sync_lag_seconds /m);
    const { recordCostSync } = await import("@/lib/metrics");
    recordCostSync("synced", Date.now() - 3_600_000);
    const lag = await sample("sightline_cost_sync_lag_seconds");
    expect(lag).toBeGreaterThanOrEqual(3600);
    expect(lag).toBeLessThan(3700);
    expect(await sample("sightline_cost_sync_runs_total", { result: "synced" })).toBe(1);
  });
});

describe("metricsAllowed: the scrape token", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("is open without METRICS_TOKEN, and needs the bearer token with it", async () => {
    vi.resetModules();
    const open = await import("@/lib/metrics");
    expect(open.metricsAllowed(null)).toBe(true);
    vi.resetModules();
    vi.stubEnv("METRICS_TOKEN", "a-scrape-token-of-some-length");
    const { metricsAllowed } = await import("@/lib/metrics");
    expect(metricsAllowed(null)).toBe(false);
    expect(metricsAllowed("Bearer wrong-token-of-some-length")).toBe(false);
    expect(metricsAllowed("Basic a-scrape-token-of-some-length")).toBe(false);
    expect(metricsAllowed("Bearer a-scrape-token-of-some-length")).toBe(true);
  });

  it("refuses a short token at start-up", async () => {
    const { parseEnv } = await import("@/lib/env/schema");
    expect(() => parseEnv({ METRICS_TOKEN: "short" })).toThrow(
      /^environment: METRICS_TOKEN: expected 16 or more printable ASCII characters, no spaces$/,
    );
  });
});
