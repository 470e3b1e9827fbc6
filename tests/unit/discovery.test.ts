import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import type { PrometheusClient } from "@/lib/prometheus/client";
import { discoverCatalog, whyNoValue } from "@/lib/prometheus/discovery";
import { indicatorQueries, groupWorkloads } from "@/lib/prometheus/indicators";
import { eventQueries, groupSlos } from "@/lib/prometheus/slo-queries";

const CATALOG = parseCatalog(
  [
    "groupingLabel: service",
    "workloads:",
    "  - { name: gateway, team: t, convention: opentelemetry }",
    "  - { name: web, team: t, convention: opentelemetry }",
    "  - { name: legacy, team: t, convention: opentelemetry }",
  ].join("\n"),
  "c.yaml",
);

/**
 * An index that answers label-value lookups from a fixed table of (metric, workloads),
 * the way Prometheus's /api/v1/label/<name>/values does for `match[]` selectors.
 */
function index(table: Record<string, string[]>): PrometheusClient {
  return {
    instant: async () => [],
    range: async () => [],
    alerts: async () => [],
    labelValues: async (_tag, label, match) => {
      const out = new Set<string>();
      for (const m of match) {
        const name = /^\{__name__="([^"]+)"/.exec(m)?.[1] ?? /^([a-zA-Z_:][\w:]*)\{/.exec(m)?.[1];
        const wanted = /service=~?"([^"]*)"/.exec(m)?.[1] ?? "";
        const names = wanted.split("|");
        if (label === "__name__") {
          for (const [metric, ws] of Object.entries(table)) {
            if (ws.some((w) => names.includes(w))) out.add(metric);
          }
        } else {
          for (const w of table[name ?? ""] ?? []) if (names.includes(w)) out.add(w);
        }
      }
      return [...out];
    },
  };
}

describe("metric names found, not assumed", () => {
  it("reads each OpenTelemetry workload with the spelling its series carry", async () => {
    const client = index({
      // The OpenTelemetry SDK's Prometheus exporter: no unit suffix.
      http_server_request_duration_count: ["gateway"],
      http_server_request_duration_bucket: ["gateway"],
      // Prometheus 3's OTLP ingestion without translation: dotted names and labels.
      "http.server.request.duration_count": ["web"],
      "http.server.request.duration_bucket": ["web"],
      some_other_total: ["legacy"],
    });
    const { catalog, report } = await discoverCatalog(client, CATALOG, new Date());
    const by = (n: string) => catalog.workloads.find((w) => w.name === n)!;
    expect(by("gateway").convention.latency).toBe("http_server_request_duration");
    expect(by("web").convention.latency).toBe("http.server.request.duration");
    expect(by("web").convention.errors).toEqual([
      { label: "http.response.status_code", op: "=~", value: "5.." },
    ]);
    // Nothing found: the preset's first spelling, reported missing with its selector.
    expect(by("legacy").convention.latency).toBe("http_server_request_duration_seconds");
    const legacy = report.workloads.find((w) => w.workload === "legacy")!;
    expect(legacy.metrics.find((m) => m.role === "requests")).toEqual({
      role: "requests",
      name: "http_server_request_duration_seconds_count",
      selector: 'http_server_request_duration_seconds_count{service="legacy"}',
      state: "missing",
      optional: false,
    });

    // The queries select the dotted names in a form every PromQL version parses.
    const groups = groupWorkloads(catalog);
    const web = groups.find((g) => g.workloads.some((w) => w.name === "web"))!;
    const q = indicatorQueries("service", web, "1h");
    expect(q.availability).toContain(
      '{__name__="http.server.request.duration_count",service="web","http.response.status_code"=~"5.."}',
    );
    expect(q.p95).toContain('{__name__="http.server.request.duration_bucket",service="web"}');
    const slo = groupSlos(catalog).find(
      (g) => g.workloads[0]!.name === "gateway" && g.slo.indicator === "latency",
    )!;
    expect(eventQueries("service", slo, "30d").total).toContain(
      'http_server_request_duration_count{service="gateway"}',
    );
  });

  it("suggests the catalog line that would fix a missing name", async () => {
    const client = index({
      billing_latency_seconds_bucket: ["legacy"],
      billing_requests_total: ["legacy"],
    });
    const { report } = await discoverCatalog(client, CATALOG, new Date());
    const legacy = report.workloads.find((w) => w.workload === "legacy")!;
    expect(legacy.fix).toEqual([
      "metrics: { requests: billing_requests_total }",
      "metrics: { latency: billing_latency_seconds }",
    ]);
  });

  it("splits the lookups of a large catalog into requests of bounded length", async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `workload-${i}`);
    const big = parseCatalog(
      `groupingLabel: service\nworkloads:\n${names
        .map((n) => `  - { name: ${n}, team: t, convention: prometheus-client }`)
        .join("\n")}\n`,
      "big.yaml",
    );
    const inner = index({
      http_requests_total: names,
      http_request_duration_seconds_bucket: names,
    });
    const lengths: number[] = [];
    const client: PrometheusClient = {
      ...inner,
      labelValues: (tag, label, match, start, end) => {
        lengths.push(match.join("&").length);
        return inner.labelValues(tag, label, match, start, end);
      },
    };
    const { report } = await discoverCatalog(client, big, new Date());
    expect(Math.max(...lengths)).toBeLessThan(2200);
    expect(report.workloads.every((w) => w.metrics[0]!.state === "found")).toBe(true);
    expect(report.workloads.every((w) => w.metrics[1]!.state === "found")).toBe(true);
  });

  it("says why a figure is missing only for what the check covers", async () => {
    const client = index({ http_server_request_duration_count: ["gateway"] });
    const { report } = await discoverCatalog(client, CATALOG, new Date());
    const gateway = report.workloads.find((w) => w.workload === "gateway")!;
    expect(whyNoValue(gateway, "availability")).toBe("no traffic in this window");
    expect(whyNoValue(gateway, "p95")).toBe(
      'no series matched http_server_request_duration_bucket{service="gateway"}',
    );
    expect(whyNoValue(gateway, "p95", { inRow: true })).toBe(
      "no series matched http_server_request_duration_bucket",
    );
    expect(whyNoValue(gateway, "poolUtilization")).toMatch(/^no series matched db_pool/);
    // CPU, memory and replicas: what the workload's Kubernetes mapping did not find.
    expect(whyNoValue(gateway, "cpu")).toBe(
      'no pods of Deployment t/gateway: kube_replicaset_owner{namespace="t",owner_kind="Deployment",owner_name="gateway"} matched no series',
    );
    expect(whyNoValue(gateway, "sparkline")).toBeUndefined();
    expect(whyNoValue(undefined, "availability")).toBeUndefined();
  });
});
