import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import { createPrometheusClient, type PrometheusClient } from "@/lib/prometheus/client";
import { discoverCatalog, workloadCheck, type CatalogCheck } from "@/lib/prometheus/discovery";
import { hpaTargetMetricsQuery } from "@/lib/prometheus/kubernetes";
import { fetchWorkloadCharts } from "@/lib/workload/charts";
import type { AlignedRange } from "@/lib/time/step";
import type { ChartPanel } from "@/lib/workload/types";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { KUBE_EXPECTED, writeKubeData } from "../support/kube-data";

const MIN = 60_000;
const STEP_S = 300;

/** Where each workload runs, as a team would write it: a default and a few overrides. */
const CATALOG = `groupingLabel: service
kubernetes: { namespace: "{team}" }
workloads:
  - { name: cart, team: shop, convention: prometheus-client }
  - { name: db, team: shop, convention: prometheus-client, kubernetes: { statefulset: "{name}" } }
  - name: legacy
    team: legacy
    convention: prometheus-client
    kubernetes: { pod: "legacy-web-.*", container: web }
  - { name: ghost, team: shop, convention: prometheus-client }
`;

/**
 * The same figures asked of Prometheus without the owner series: the pods named by hand
 * (their ReplicaSets' pod-name prefixes, the StatefulSet's ordinals), the pod cgroup and
 * pause container left out with one regex, the HPA by its name.
 */
const INDEPENDENT: Record<string, Record<string, string>> = (() => {
  const w = `${STEP_S}s`;
  const queries = (sel: string, replicas: string) => ({
    cpu: `sum(rate(container_cpu_usage_seconds_total{${sel},container!~"|POD"}[${w}]))`,
    cpuRequests: `sum(avg_over_time(kube_pod_container_resource_requests{${sel},resource="cpu"}[${w}]))`,
    memory: `sum(avg_over_time(container_memory_working_set_bytes{${sel},container!~"|POD"}[${w}]))`,
    memoryRequests: `sum(avg_over_time(kube_pod_container_resource_requests{${sel},resource="memory"}[${w}]))`,
    replicas,
  });
  return {
    cart: queries(
      'namespace="shop",pod=~"cart-(5d8b9c7f4d|6f7c8d9b5)-[a-z0-9]{5}"',
      'max(kube_horizontalpodautoscaler_status_current_replicas{namespace="shop",horizontalpodautoscaler="cart"})',
    ),
    db: queries(
      'namespace="shop",pod=~"db-[0-9]+"',
      'max(kube_statefulset_replicas{namespace="shop",statefulset="db"})',
    ),
    legacy: queries(
      'namespace="legacy",pod=~"legacy-web-.*",container="web"',
      'count(kube_pod_container_status_running{namespace="legacy",pod=~"legacy-web-.*",container="web"} == 1)',
    ),
  };
})();

let dir: string;
let prom: PrometheusServer;
let client: PrometheusClient;
let catalog: Catalog;
let report: CatalogCheck;
let endMs: number;
let range: AlignedRange;

beforeAll(async () => {
  ensurePrometheus();
  dir = mkdtempSync(join(tmpdir(), "sightline-kube-"));
  endMs = Math.floor(Date.now() / (STEP_S * 1000)) * STEP_S * 1000;
  writeKubeData(join(dir, "data"), join(dir, "tmp"), endMs);
  prom = await startPrometheus({ dir });
  client = createPrometheusClient({ url: prom.url, headers: {}, timeoutMs: 20_000 });
  catalog = parseCatalog(CATALOG, "catalog.yaml");
  ({ catalog, report } = await discoverCatalog(client, catalog, new Date(endMs)));
  range = { fromMs: endMs - 120 * MIN, toMs: endMs, stepSeconds: STEP_S };
});

afterAll(async () => {
  await prom?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function charts(name: string): Promise<Record<string, ChartPanel>> {
  const w = catalog.workloads.find((x) => x.name === name)!;
  const out = await fetchWorkloadCharts(client, catalog, w, range, workloadCheck(report, name));
  return Object.fromEntries(out.charts.map((c) => [c.key, c]));
}

/** The points of one line of a chart, by time. */
function line(c: ChartPanel, name: string): Map<number, number> {
  if (!c.result.ok) throw new Error(`${c.key}: ${c.result.error.message}`);
  return new Map(c.result.data.lines.find((l) => l.name === name)!.points);
}

function expectClose(actual: number | undefined, expected: number, what: string) {
  expect(actual, what).toBeDefined();
  expect(
    Math.abs(actual! - expected) / Math.max(Math.abs(expected), 1e-12),
    `${what}: ${actual} vs ${expected}`,
  ).toBeLessThan(1e-9);
}

describe("a workload's CPU, memory and replicas from kube-state-metrics and cAdvisor", () => {
  const FIGURES = {
    cpu: ["cpu", "usage"],
    cpuRequests: ["cpu", "requests"],
    memory: ["memory", "working set"],
    memoryRequests: ["memory", "requests"],
    replicas: ["replicas", "replicas"],
  } as const;

  it.each(["cart", "db", "legacy"])(
    "%s: every point equals an independent PromQL computation, and the hand-worked values",
    async (name) => {
      const c = await charts(name);
      let compared = 0;
      for (const [figure, [chart, lineName]] of Object.entries(FIGURES)) {
        const got = line(c[chart]!, lineName);
        const [independent] = await client.range(
          "test",
          INDEPENDENT[name]![figure]!,
          new Date(range.fromMs),
          new Date(range.toMs),
          STEP_S,
        );
        const want = new Map(independent!.points);
        expect([...got.keys()], `${name} ${figure}: the same instants`).toEqual([...want.keys()]);
        expect(got.size).toBe(25);
        for (const [t, v] of want) expectClose(got.get(t), v, `${name} ${figure} at ${t}`);
        const hand = KUBE_EXPECTED[name as keyof typeof KUBE_EXPECTED];
        const at: [keyof typeof hand, number][] =
          name === "cart"
            ? [
                ["beforeRollout" as keyof typeof hand, endMs - 100 * MIN],
                ["afterRollout" as keyof typeof hand, endMs - 60 * MIN],
                ["end" as keyof typeof hand, endMs],
              ]
            : [["end" as keyof typeof hand, endMs]];
        for (const [state, t] of at) {
          const expected = (hand[state] as Record<string, number>)[figure]!;
          expectClose(got.get(t), expected, `${name} ${figure} ${String(state)} (hand-worked)`);
          compared++;
        }
      }
      expect(compared).toBe(name === "cart" ? 15 : 5);
    },
  );

  it("counts both ReplicaSets' pods across the rollout, and only cart's", async () => {
    const cpu = line((await charts("cart")).cpu!, "usage");
    // While the old pods drain, their share of the window adds to the new ones'.
    const during = cpu.get(endMs - 85 * MIN)!;
    expect(during).toBeGreaterThan(KUBE_EXPECTED.cart.afterRollout.cpu);
    // Never the other Deployment's pods (2 cores each) nor cart's namesake in staging (3).
    expect(Math.max(...cpu.values())).toBeLessThan(1.3);
  });

  it("reads the HPA's replicas, and scaling events from them", async () => {
    const w = catalog.workloads.find((x) => x.name === "cart")!;
    const { scaling } = await fetchWorkloadCharts(client, catalog, w, range);
    expect(scaling).toEqual({
      ok: true,
      data: [{ at: endMs - 50 * MIN, from: 2, to: 3 }],
    });
    const target = w.kubernetes.ok ? w.kubernetes.target : undefined;
    const metrics = await client.instant("test", hpaTargetMetricsQuery(target!)!, new Date(endMs));
    expect(metrics).toEqual([
      { labels: { metric_name: "cpu", metric_target_type: "utilization" }, value: 70 },
    ]);
  });

  it("says on a workload's panels when its mapping matches no series, naming the namespace and owner", async () => {
    const states = (n: string) =>
      workloadCheck(report, n)!.kubernetes.lookups.map((l) => `${l.role}:${l.state}`);
    for (const n of ["cart", "db", "legacy"]) {
      expect(states(n), n).toEqual([
        "pods:found",
        "cpuUsage:found",
        "memoryUsage:found",
        "requests:found",
      ]);
    }
    const c = await charts("ghost");
    for (const key of ["cpu", "memory", "replicas"]) {
      const chart = c[key]!;
      expect(chart.result.ok, key).toBe(true);
      if (chart.result.ok)
        expect(chart.result.data.lines.every((l) => l.points.length === 0)).toBe(true);
      expect(chart.emptyReason, key).toBe(
        'No pods of Deployment shop/ghost: kube_replicaset_owner{namespace="shop",owner_kind="Deployment",owner_name="ghost"} matched no series.',
      );
    }
  });
});
