import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import {
  busyHoursQuery,
  controllerKey,
  nowQuery,
  parseBusyHours,
  parseNow,
  parseUsage,
  podKey,
  replicaSetKey,
  rightSizingScope,
  RS_LABEL,
  SLO_LABEL,
  sloKey,
  usageQuery,
} from "@/lib/prometheus/rightsizing-queries";

const catalog = parseCatalog(
  `workloads:
  - { name: checkout, team: shop, convention: prometheus-client }
  - { name: search, team: shop, convention: prometheus-client, kubernetes: { statefulset: search }, slos: [{ indicator: availability, objective: 99.9 }] }
  - { name: legacy, team: ops, convention: prometheus-client, kubernetes: { pod: "legacy-.*", container: app } }
  - { name: Unmapped, team: shop, convention: prometheus-client }
`,
  "c.yaml",
);

/** n workloads, one namespace per ten. */
const many = (n: number) =>
  parseCatalog(
    `workloads:\n${Array.from(
      { length: n },
      (_, i) => `  - { name: w${i}, team: t${Math.floor(i / 10)}, convention: prometheus-client }`,
    ).join("\n")}\n`,
    "c.yaml",
  );

describe("right-sizing's PromQL", () => {
  it("reads the catalog's namespaces and pods by name", () => {
    expect(rightSizingScope(catalog)).toEqual({
      namespaces: ["ops", "shop"],
      podPatterns: [{ namespace: "ops", pattern: "legacy-.*" }],
    });
    const none = parseCatalog(
      "workloads:\n  - { name: A, team: shop, convention: prometheus-client }\n",
      "c.yaml",
    );
    expect(rightSizingScope(none)).toBeNull();
  });

  it("writes KRR's figures per pod and container, without the pod cgroup and the pause container", () => {
    const q = usageQuery(rightSizingScope(catalog)!, catalog.rightsizing);
    const sel = `{namespace=~"ops|shop",container!="",container!="POD"}`;
    expect(q).toBe(
      [
        `(label_replace(quantile_over_time(0.95, max by (namespace, pod, container) (rate(container_cpu_usage_seconds_total${sel}[75s]))[14d:75s]), "${RS_LABEL}", "cpu_quantile", "", ""))`,
        `(label_replace(count_over_time(max by (namespace, pod, container) (container_cpu_usage_seconds_total${sel})[14d:75s]), "${RS_LABEL}", "cpu_points", "", ""))`,
        `(label_replace(max_over_time(max by (namespace, pod, container) (container_memory_working_set_bytes${sel})[14d:75s]), "${RS_LABEL}", "memory_peak", "", ""))`,
        `(label_replace(count_over_time(max by (namespace, pod, container) (container_memory_working_set_bytes${sel})[14d:75s]), "${RS_LABEL}", "memory_points", "", ""))`,
      ].join(" or "),
    );
  });

  it("follows the settings", () => {
    const c = parseCatalog(
      `rightsizing: { history: 7d, step: 1m, cpuPercentile: 99 }\nworkloads:\n  - { name: a, team: t, convention: prometheus-client }\n`,
      "c.yaml",
    );
    const q = usageQuery(rightSizingScope(c)!, c.rightsizing);
    expect(q).toContain("quantile_over_time(0.99, ");
    expect(q).toContain("[1m]))[7d:1m]");
    expect(nowQuery(rightSizingScope(c)!, c.rightsizing)).toContain("[7d]");
  });

  it("reads owners over the whole history and HPA utilization targets", () => {
    const q = nowQuery(rightSizingScope(catalog)!, catalog.rightsizing);
    expect(q).toContain(
      `max_over_time(kube_pod_owner{namespace=~"ops|shop",owner_is_controller="true"}[14d])`,
    );
    expect(q).toContain(
      `max_over_time(kube_replicaset_owner{namespace=~"ops|shop",owner_is_controller="true",owner_kind="Deployment"}[14d])`,
    );
    expect(q).toContain(`metric_target_type="utilization",metric_name=~"cpu|memory"`);
    expect(q).toContain(`kube_pod_container_resource_requests{resource=~"cpu|memory"`);
  });

  it("reads each latency SLO's events and CPU by controller per hour; nothing without a latency SLO", () => {
    const q = busyHoursQuery(catalog, rightSizingScope(catalog)!)!;
    // checkout and legacy have the default latency SLOs; search has none.
    expect(q).toContain(`"${SLO_LABEL}", "latency-200ms"`);
    expect(q).toContain(`"${SLO_LABEL}", "latency-500ms"`);
    expect(q).toContain(`workload=~"checkout|legacy"`);
    expect(q).not.toContain(`search`);
    expect(q).toContain(`"${RS_LABEL}", "cpu_controller"`);
    expect(q).toContain(`pod=~"(?:legacy-.*)"`);
    const noLatency = parseCatalog(
      `slos: [{ indicator: availability, objective: 99 }]\nworkloads:\n  - { name: a, team: t, convention: prometheus-client }\n`,
      "c.yaml",
    );
    expect(busyHoursQuery(noLatency, rightSizingScope(noLatency)!)).toBeNull();
  });

  it("sends three queries whatever the number of workloads", () => {
    for (const n of [8, 1000]) {
      const c = many(n);
      const scope = rightSizingScope(c)!;
      const queries = [
        usageQuery(scope, c.rightsizing),
        nowQuery(scope, c.rightsizing),
        busyHoursQuery(c, scope),
      ];
      expect(queries.every((q) => typeof q === "string")).toBe(true);
      // The busy-hours query has one pair of parts per latency SLO definition, not per workload.
      expect(queries[2]!.match(/slo_total/g)).toHaveLength(2);
    }
  });
});

describe("parsing", () => {
  it("reads usage per pod and container", () => {
    const l = { namespace: "shop", pod: "p", container: "app" };
    expect(
      parseUsage([
        { labels: { ...l, [RS_LABEL]: "cpu_quantile" }, value: 0.4 },
        { labels: { ...l, [RS_LABEL]: "cpu_points" }, value: 1000 },
        { labels: { ...l, [RS_LABEL]: "memory_peak" }, value: 5e8 },
        { labels: { ...l, [RS_LABEL]: "memory_points" }, value: 900 },
        { labels: { ...l, container: "side", [RS_LABEL]: "cpu_quantile" }, value: NaN },
      ]),
    ).toEqual([{ ...l, cpuQuantile: 0.4, cpuPoints: 1000, memoryPeak: 5e8, memoryPoints: 900 }]);
  });

  it("reads requests, nodes, owners, HPAs and node prices", () => {
    const now = parseNow([
      {
        labels: {
          namespace: "shop",
          pod: "p",
          container: "app",
          resource: "cpu",
          [RS_LABEL]: "requests",
        },
        value: 0.5,
      },
      {
        labels: {
          namespace: "shop",
          pod: "p",
          container: "app",
          resource: "memory",
          [RS_LABEL]: "requests",
        },
        value: 1e9,
      },
      { labels: { namespace: "shop", pod: "p", node: "n1", [RS_LABEL]: "pod_node" }, value: 1 },
      {
        labels: {
          namespace: "shop",
          pod: "p",
          owner_kind: "ReplicaSet",
          owner_name: "rs1",
          [RS_LABEL]: "pod_owner",
        },
        value: 1,
      },
      {
        labels: {
          namespace: "shop",
          replicaset: "rs1",
          owner_name: "checkout",
          [RS_LABEL]: "replicaset_owner",
        },
        value: 1,
      },
      {
        labels: {
          namespace: "shop",
          scaletargetref_kind: "Deployment",
          scaletargetref_name: "checkout",
          metric_name: "cpu",
          [RS_LABEL]: "hpa",
        },
        value: 70,
      },
      {
        labels: { node: "n1", label_karpenter_sh_capacity_type: "spot", [RS_LABEL]: "node_labels" },
        value: 1,
      },
      { labels: { node: "n1", [RS_LABEL]: "node_cpu_price" }, value: 0.02 },
    ]);
    expect(now.requests).toEqual([
      { namespace: "shop", pod: "p", container: "app", cpu: 0.5, memory: 1e9 },
    ]);
    expect(now.podNodes.get(podKey("shop", "p"))).toBe("n1");
    expect(now.podOwners.get(podKey("shop", "p"))).toEqual({ kind: "ReplicaSet", name: "rs1" });
    expect(now.replicaSets.get(replicaSetKey("shop", "rs1"))).toBe("checkout");
    expect(now.hpa).toEqual([
      { namespace: "shop", kind: "Deployment", name: "checkout", resource: "cpu", percent: 70 },
    ]);
    expect(now.nodes.get("n1")).toEqual({
      labels: { label_karpenter_sh_capacity_type: "spot" },
      cpuPrice: 0.02,
      memoryPrice: null,
    });
  });

  it("reads the busy hours", () => {
    const busy = parseBusyHours(
      [
        {
          labels: {
            namespace: "shop",
            owner_kind: "Deployment",
            owner_name: "checkout",
            [RS_LABEL]: "cpu_controller",
          },
          points: [
            [1, 0.5],
            [2, NaN],
          ],
        },
        {
          labels: { namespace: "ops", pod: "legacy-1", [RS_LABEL]: "cpu_pod" },
          points: [[1, 0.1]],
        },
        {
          labels: { workload: "checkout", [SLO_LABEL]: "latency-200ms", [RS_LABEL]: "slo_bad" },
          points: [[1, 3]],
        },
        {
          labels: { workload: "checkout", [SLO_LABEL]: "latency-200ms", [RS_LABEL]: "slo_total" },
          points: [[1, 100]],
        },
      ],
      "workload",
    );
    expect(busy.controllers.get(controllerKey("shop", "Deployment", "checkout"))).toEqual([
      [1, 0.5],
    ]);
    expect(busy.pods.get(podKey("ops", "legacy-1"))).toEqual([[1, 0.1]]);
    expect(busy.slo.get(sloKey("latency-200ms", "checkout"))).toEqual({
      bad: [[1, 3]],
      total: [[1, 100]],
    });
  });
});
