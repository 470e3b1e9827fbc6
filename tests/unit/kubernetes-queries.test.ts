import { describe, expect, it } from "vitest";
import type { KubeTarget } from "@/lib/catalog/kubernetes";
import { parseCatalog } from "@/lib/catalog/load";
import type { PrometheusClient } from "@/lib/prometheus/client";
import { discoverCatalog, whyNoValue } from "@/lib/prometheus/discovery";
import {
  containerMatchers,
  hpaTargetMetricsQuery,
  replicasQuery,
  targetPods,
} from "@/lib/prometheus/kubernetes";
import { workloadQueries } from "@/lib/prometheus/workload-queries";
import { matcherToString, parseMatchers } from "@/lib/promql";

const deployment: KubeTarget = {
  namespace: "payments",
  pods: { owner: "Deployment", name: "checkout" },
};
const statefulset: KubeTarget = { namespace: "data", pods: { owner: "StatefulSet", name: "ch" } };
const byName: KubeTarget = {
  namespace: "legacy",
  pods: { pattern: "billing-.*" },
  container: "app",
};

describe("queries of a workload's pods, as kube-state-metrics and cAdvisor label them", () => {
  it('selects real containers only: not the pod cgroup (container="") nor the pause container', () => {
    expect(containerMatchers(byName).map(matcherToString)).toEqual([
      'namespace="legacy"',
      'pod=~"billing-.*"',
      'container!=""',
      'container!="POD"',
      'container=~"app"',
    ]);
  });

  it("finds a Deployment's pods through every one of its ReplicaSets", () => {
    expect(targetPods(deployment)).toBe(
      'max by (namespace, pod) (label_replace(kube_pod_owner{namespace="payments",owner_is_controller="true",owner_kind="ReplicaSet"}, "replicaset", "$1", "owner_name", "(.*)") * on (namespace, replicaset) group_left() max by (namespace, replicaset) (kube_replicaset_owner{namespace="payments",owner_kind="Deployment",owner_name="checkout"}))',
    );
    expect(targetPods(deployment, "5m")).toContain(
      'max_over_time(kube_pod_owner{namespace="payments",owner_is_controller="true",owner_kind="ReplicaSet"}[5m])',
    );
    expect(targetPods(statefulset)).toBe(
      'max by (namespace, pod) (kube_pod_owner{namespace="data",owner_is_controller="true",owner_kind="StatefulSet",owner_name="ch"})',
    );
    expect(targetPods(byName)).toBeNull();
  });

  it("reads replicas from the HPA scaling the controller, else its desired replicas, else running pods", () => {
    const q = replicasQuery(statefulset);
    const [hpa, desired, running] = q.split(" or ");
    expect(hpa).toBe(
      'max(kube_horizontalpodautoscaler_status_current_replicas{namespace="data"} * on (namespace, horizontalpodautoscaler) group_left() max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_info{namespace="data",scaletargetref_kind="StatefulSet",scaletargetref_name="ch"}))',
    );
    expect(desired).toBe('max(kube_statefulset_replicas{namespace="data",statefulset="ch"})');
    expect(running).toMatch(
      /^count\(\(max by \(namespace, pod\) \(kube_pod_container_status_running\{/,
    );
    expect(replicasQuery(byName)).toMatch(/^count\(/);
    expect(hpaTargetMetricsQuery(deployment)).toContain(
      'kube_horizontalpodautoscaler_spec_target_metric{namespace="payments"}',
    );
    expect(hpaTargetMetricsQuery(byName)).toBeNull();
  });

  it("never selects container series by the grouping label, and has none without a mapping", () => {
    const c = parseCatalog(
      [
        "workloads:",
        "  - { name: checkout, team: payments, convention: prometheus-client }",
        "  - { name: billing, team: payments, convention: prometheus-client, kubernetes: false }",
      ].join("\n"),
      "c.yaml",
    );
    const mapped = workloadQueries("workload", c.workloads[0]!, 60);
    for (const key of [
      "cpuUsage",
      "cpuRequests",
      "memoryUsage",
      "memoryRequests",
      "replicas",
    ] as const) {
      expect(mapped[key], key).toContain('namespace="payments"');
      expect(mapped[key], key).not.toContain("workload=");
    }
    expect(mapped.requestsByStatus).toContain('workload="checkout"');
    const unmapped = workloadQueries("workload", c.workloads[1]!, 60);
    expect([unmapped.cpuUsage, unmapped.memoryUsage, unmapped.replicas]).toEqual([
      null,
      null,
      null,
    ]);
  });
});

interface FakeSeries {
  labels: Record<string, string>;
  /** Last seen this long before now (default: now). */
  agoMs?: number;
}

/** A label index over fixed series, answering /api/v1/label/<name>/values as Prometheus does. */
function labelIndex(series: FakeSeries[], now: number, calls: string[][] = []): PrometheusClient {
  const parsed = new Map<string, (labels: Record<string, string>) => boolean>();
  const matcherOf = (sel: string) => {
    const known = parsed.get(sel);
    if (known) return known;
    const brace = sel.indexOf("{");
    const name = sel.slice(0, brace);
    const tests = parseMatchers(sel.slice(brace)).map((m) => {
      const re = new RegExp(`^(?:${m.value})$`);
      return (labels: Record<string, string>) => {
        const v = labels[m.label] ?? "";
        if (m.op === "=") return v === m.value;
        if (m.op === "!=") return v !== m.value;
        return m.op === "=~" ? re.test(v) : !re.test(v);
      };
    });
    const f = (labels: Record<string, string>) =>
      (!name || labels.__name__ === name) && tests.every((t) => t(labels));
    parsed.set(sel, f);
    return f;
  };
  const matches = (sel: string, labels: Record<string, string>) => matcherOf(sel)(labels);
  return {
    instant: async () => [],
    range: async () => [],
    alerts: async () => [],
    labelValues: async (_tag, label, match, start) => {
      calls.push(match);
      const out = new Set<string>();
      for (const s of series) {
        if (now - (s.agoMs ?? 0) < start.getTime()) continue;
        if (match.some((m) => matches(m, s.labels)) && s.labels[label]) out.add(s.labels[label]!);
      }
      return [...out];
    },
  };
}

const CATALOG = parseCatalog(
  [
    "groupingLabel: service",
    "workloads:",
    "  - { name: checkout, team: payments, convention: prometheus-client }",
    // the same Deployment name in another namespace: must not borrow checkout's
    "  - { name: checkout-eu, team: payments-eu, convention: prometheus-client, kubernetes: { deployment: checkout } }",
    "  - { name: clickhouse, team: data, convention: prometheus-client, kubernetes: { statefulset: '{name}' } }",
    "  - { name: billing, team: legacy, convention: prometheus-client, kubernetes: { pod: 'billing-.*' } }",
    "  - { name: search, team: discovery, convention: prometheus-client }",
    "  - { name: Upper, team: web, convention: prometheus-client }",
  ].join("\n"),
  "c.yaml",
);

const rsOwner = (namespace: string, rs: string, deployment: string): FakeSeries => ({
  labels: {
    __name__: "kube_replicaset_owner",
    namespace,
    replicaset: rs,
    owner_kind: "Deployment",
    owner_name: deployment,
    owner_is_controller: "true",
  },
});
const podOwner = (namespace: string, pod: string, kind: string, owner: string): FakeSeries => ({
  labels: {
    __name__: "kube_pod_owner",
    namespace,
    pod,
    uid: `uid-${pod}`,
    owner_kind: kind,
    owner_name: owner,
    owner_is_controller: "true",
  },
});
const cadvisor = (namespace: string, pod: string, container: string): FakeSeries[] =>
  ["container_cpu_usage_seconds_total", "container_memory_working_set_bytes"].map((n) => ({
    labels: { __name__: n, namespace, pod, container },
  }));

describe("the Kubernetes check of the catalog", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");
  const series: FakeSeries[] = [
    rsOwner("payments", "checkout-7d4b9c8f6d", "checkout"),
    podOwner("payments", "checkout-7d4b9c8f6d-x2x7q", "ReplicaSet", "checkout-7d4b9c8f6d"),
    ...cadvisor("payments", "checkout-7d4b9c8f6d-x2x7q", "checkout"),
    // only the pod-level cgroup in data: no container of its own
    {
      labels: {
        __name__: "container_cpu_usage_seconds_total",
        namespace: "data",
        pod: "ch-0",
        container: "",
      },
    },
    podOwner("data", "ch-0", "StatefulSet", "clickhouse"),
    {
      labels: {
        __name__: "kube_pod_info",
        namespace: "legacy",
        pod: "billing-5-2",
        uid: "u",
        node: "n1",
      },
    },
    ...cadvisor("legacy", "billing-5-2", "app"),
    // search's Deployment was deleted two days ago
    { ...rsOwner("discovery", "search-66c4f9b8d5", "search"), agoMs: 2 * 86_400_000 },
    {
      labels: {
        __name__: "kube_pod_container_resource_requests",
        namespace: "payments",
        pod: "checkout-7d4b9c8f6d-x2x7q",
        container: "checkout",
        resource: "cpu",
      },
    },
  ];

  it("says per workload whether its pods and container series were found, in a few lookups", async () => {
    const calls: string[][] = [];
    const { report } = await discoverCatalog(
      labelIndex(series, now, calls),
      CATALOG,
      new Date(now),
    );
    const check = (n: string) => report.workloads.find((w) => w.workload === n)!.kubernetes;
    const states = (n: string) =>
      Object.fromEntries(check(n).lookups.map((l) => [l.role, l.state]));
    expect(check("checkout").target).toBe("Deployment payments/checkout");
    expect(states("checkout")).toEqual({
      pods: "found",
      cpuUsage: "found",
      memoryUsage: "found",
      requests: "found",
    });
    expect(states("checkout-eu").pods).toBe("missing");
    expect(states("clickhouse")).toMatchObject({ pods: "found", cpuUsage: "missing" });
    expect(states("billing")).toMatchObject({
      pods: "found",
      cpuUsage: "found",
      requests: "missing",
    });
    expect(states("search").pods).toBe("stale");
    expect(check("Upper").mapped).toBe(false);

    const why = (n: string, chart: string) =>
      whyNoValue(
        report.workloads.find((w) => w.workload === n),
        chart,
      );
    expect(why("checkout-eu", "cpu")).toBe(
      'no pods of Deployment payments-eu/checkout: kube_replicaset_owner{namespace="payments-eu",owner_kind="Deployment",owner_name="checkout"} matched no series',
    );
    expect(why("checkout-eu", "replicas")).toBe(why("checkout-eu", "cpu"));
    expect(why("clickhouse", "memory")).toBe(
      'no cAdvisor series in namespace data: container_memory_working_set_bytes{namespace="data",container!="",container!="POD"} matched no series',
    );
    expect(why("clickhouse", "replicas")).toBe("no samples in this window");
    expect(why("billing", "cpu")).toBe(
      'no kube-state-metrics requests in namespace legacy: kube_pod_container_resource_requests{namespace="legacy",container!="",container!="POD"} matched no series',
    );
    expect(why("search", "cpu")).toBe(
      'no pods of Deployment discovery/search in the last hour: kube_replicaset_owner{namespace="discovery",owner_kind="Deployment",owner_name="search"} has series only earlier',
    );
    expect(why("Upper", "memory")).toMatch(
      /^no Kubernetes objects to read: the catalog's default kubernetes\.deployment "\{name\}" gives "Upper"/,
    );
    expect(why("checkout", "cpu")).toBe("no samples in this window");
    expect(why("checkout", "latency")).toMatch(/^no series matched/);

    // Kubernetes lookups: owners (2 batches: "checkout" twice), pods by name, 3 metrics; × 2 windows
    const kube = calls.filter((m) => m.some((s) => /^(kube_|container_)/.test(s)));
    expect(kube).toHaveLength(2 * (2 + 1 + 3));
  });

  it("asks as many questions for 1,000 workloads in 10 namespaces as the selectors' length needs", async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `service-${i}`);
    const big = parseCatalog(
      `workloads:\n${names
        .map((n, i) => `  - { name: ${n}, team: team-${i % 10}, convention: prometheus-client }`)
        .join("\n")}\n`,
      "big.yaml",
    );
    const calls: string[][] = [];
    const all = names.flatMap((n, i) => [
      rsOwner(`team-${i % 10}`, `${n}-5d8b9c7f4d`, n),
      ...cadvisor(`team-${i % 10}`, `${n}-5d8b9c7f4d-abcde`, n),
    ]);
    const { report } = await discoverCatalog(labelIndex(all, now, calls), big, new Date(now));
    expect(report.workloads.every((w) => w.kubernetes.lookups[0]!.state === "found")).toBe(true);
    const kube = calls.filter((m) => m.some((s) => /^(kube_|container_)/.test(s)));
    expect(Math.max(...kube.map((m) => m.join("&").length))).toBeLessThan(2200);
    // 1,000 names of ~12 characters in 10 namespaces' selectors: 12 owner lookups of at most
    // 2,000 characters, plus one per container metric, per window (last hour, 30 days)
    expect(kube.length).toBe(2 * (12 + 3));
  });
});
