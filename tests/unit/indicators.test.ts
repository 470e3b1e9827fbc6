import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import type { PrometheusClient } from "@/lib/prometheus/client";
import {
  fetchIndicators,
  groupWorkloads,
  INDICATOR_LABEL,
  indicatorQueries,
  indicatorsQuery,
} from "@/lib/prometheus/indicators";

function catalogOf(n: number, extra = "") {
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `  - { name: w${i}, team: t, convention: ${i % 2 ? "opentelemetry" : "prometheus-client"} }`,
  );
  return parseCatalog(`workloads:\n${rows.join("\n")}\n${extra}`, "test.yaml");
}

/** Records queries; answers with an empty vector (pure logic only: no data source here). */
function recorder() {
  const queries: string[] = [];
  const client: PrometheusClient = {
    instant: async (_tag, query) => {
      queries.push(query);
      return [];
    },
    range: async () => [],
    alerts: async () => [],
    labelValues: async () => [],
  };
  return { client, queries };
}

describe("indicator queries", () => {
  it("issue the same number of queries for 8 and for 1,000 workloads", async () => {
    const small = recorder();
    const large = recorder();
    await fetchIndicators(small.client, catalogOf(8), "1h", new Date());
    await fetchIndicators(large.client, catalogOf(1000), "1h", new Date());
    expect(small.queries.length).toBe(1); // 5 indicators × 2 conventions in one query
    expect(large.queries.length).toBe(1);
  });

  it("tag each indicator of each group in the one query of a window", () => {
    const c = catalogOf(2);
    const groups = groupWorkloads(c);
    const q = indicatorsQuery("workload", groups, "1h");
    for (const g of groups) {
      const parts = indicatorQueries("workload", g, "1h");
      for (const [ind, part] of Object.entries(parts)) {
        expect(q).toContain(`(label_replace(${part}, "${INDICATOR_LABEL}", "${ind}", "", ""))`);
      }
    }
    expect(q.split(" or (label_replace(")).toHaveLength(10);
    expect(() => indicatorsQuery(INDICATOR_LABEL, groups, "1h")).toThrow(/grouping label/);
  });

  it("give a workload with its own selector its own queries", () => {
    const c = catalogOf(
      2,
      "  - { name: own, team: t, convention: opentelemetry, selector: 'ns=\"x\"' }\n",
    );
    const groups = groupWorkloads(c);
    expect(groups.map((g) => g.workloads.map((w) => w.name))).toEqual([["w0"], ["w1"], ["own"]]);
    expect(groups[2]!.matchers).toEqual([
      { label: "workload", op: "=", value: "own" },
      { label: "ns", op: "=", value: "x" },
    ]);
  });

  it("read ratios from event counts over the window", () => {
    const c = parseCatalog(
      "workloads:\n  - { name: a, team: t, convention: prometheus-client }\n  - { name: b, team: t, convention: prometheus-client }\n",
      "t.yaml",
    );
    const q = indicatorQueries("workload", groupWorkloads(c)[0]!, "30d");
    const all = 'http_requests_total{workload=~"a|b"}';
    const bad = 'http_requests_total{workload=~"a|b",status=~"5.."}';
    expect(q.availability).toBe(
      `1 - (sum by (workload) (increase(${bad}[30d])) or 0 * sum by (workload) (increase(${all}[30d]))) / sum by (workload) (increase(${all}[30d]))`,
    );
    expect(q.p99).toBe(
      'histogram_quantile(0.99, sum by (workload, le) (rate(http_request_duration_seconds_bucket{workload=~"a|b"}[30d])))',
    );
  });

  it("map absent and NaN results to null, and values to their workload", async () => {
    const c = catalogOf(2);
    const client: PrometheusClient = {
      instant: async () => [
        { labels: { workload: "w0", [INDICATOR_LABEL]: "availability" }, value: 0.99 },
        { labels: { workload: "w1", [INDICATOR_LABEL]: "availability" }, value: Number.NaN },
        { labels: { workload: "w1", [INDICATOR_LABEL]: "p95" }, value: 0.25 },
      ],
      range: async () => [],
      alerts: async () => [],
      labelValues: async () => [],
    };
    const out = await fetchIndicators(client, c, "1h", new Date());
    expect(out.get("w0")!.availability).toBe(0.99);
    expect(out.get("w1")!.availability).toBeNull();
    expect(out.get("w0")!.p95).toBeNull();
    expect(out.get("w1")!.p95).toBe(0.25);
  });
});
