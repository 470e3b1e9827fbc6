import { describe, expect, it } from "vitest";
import {
  costQueries,
  FIGURE_LABEL,
  parseCostSeries,
  PART_LABEL,
  QUANTUM,
} from "@/lib/prometheus/cost-queries";

describe("the cost sync's PromQL", () => {
  const q = costQueries(null);
  const all = [q.hours, q.alloc, q.meta].join("\n");

  it("is three queries whatever the catalog: controllers are mapped to workloads in code", () => {
    expect(Object.keys(q)).toEqual(["hours", "alloc", "meta"]);
    // Nothing of a workload's name reaches the text.
    expect(costQueries(null)).toEqual(q);
  });

  it("reads the series exporters write, never a grouping label", () => {
    for (const metric of [
      "container_cpu_usage_seconds_total",
      "container_memory_working_set_bytes",
      "kube_pod_container_resource_requests",
      "kube_pod_container_status_running",
      "kube_pod_owner",
      "kube_replicaset_owner",
      "kube_pod_info",
      "kube_node_status_capacity",
      "kube_node_labels",
      "kube_horizontalpodautoscaler_spec_target_metric",
      "kube_horizontalpodautoscaler_info",
      "node_cpu_hourly_cost",
      "node_ram_hourly_cost",
    ]) {
      expect(all).toContain(metric);
    }
    expect(all).not.toMatch(/workload=/);
    // cAdvisor's pod cgroup and pause container are excluded wherever containers are read.
    const containerSelectors = all.match(
      /container_(cpu_usage_seconds_total|memory_working_set_bytes)\{[^}]*\}/g,
    )!;
    expect(containerSelectors.length).toBeGreaterThan(0);
    for (const s of containerSelectors) expect(s).toContain('container!="",container!="POD"');
  });

  it("counts the 60 minute steps of an hour in Prometheus 2 and 3 alike", () => {
    expect(all).toContain("[3599s:1m]");
    expect(all).not.toContain("[1h:1m]");
  });

  it("rounds per-container hours to 2^-36 so that sums are exact, and names them once per query", () => {
    expect(QUANTUM).toBe(2 ** -36);
    expect(all).toContain(`, ${2 ** -36})`);
    // Prometheus evaluates every occurrence anew: the minute steps once per query.
    for (const query of [q.hours, q.alloc]) expect(query.split("[3599s:1m]")).toHaveLength(2);
    expect(q.alloc).toContain("max by (namespace, pod, container, resource)");
  });

  it("selects pods by name in one part for every such workload, escaped", () => {
    const p = costQueries({ namespaces: ["ops", "data"], patterns: ["legacy-.*", 'batch-\\d+"x'] });
    expect(p.hours).toContain('namespace=~"(?:ops)|(?:data)"');
    expect(p.hours).toContain('pod=~"(?:legacy-.*)|(?:batch-\\\\d+\\"x)"');
    expect(p.hours).toContain(`${PART_LABEL}", "pods"`);
    expect(Object.keys(p)).toEqual(["hours", "alloc", "meta"]);
  });
});

describe("parseCostSeries", () => {
  const H = 3_600_000;
  const t0 = Date.UTC(2026, 10, 30, 12);
  const series = (labels: Record<string, string>, points: [number, number][]) => ({
    labels,
    points,
  });
  const key = {
    [PART_LABEL]: "controllers",
    namespace: "shop",
    owner_kind: "Deployment",
    owner_name: "api",
    container: "main",
    node: "n1",
  };

  it("files each point under the hour that ends at its time", () => {
    const hours = parseCostSeries([
      series({ ...key, resource: "cpu", side: "request" }, [
        [t0 + H, 1],
        [t0 + 2 * H, 2],
      ]),
      series({ ...key, resource: "cpu", side: "alloc" }, [[t0 + H, 1.5]]),
      series({ ...key, resource: "memory", side: "usage" }, [[t0 + H, NaN]]),
      series({ ...key, resource: "pod", side: "hours" }, [[t0 + H, 2]]),
      series({ ...key, resource: "pod", side: "alloc" }, [[t0 + H, 7]]),
      series({ ...key, container: "a-sidecar", resource: "cpu", side: "usage" }, [[t0 + H, 0.1]]),
      series(
        {
          [PART_LABEL]: "hpa",
          namespace: "shop",
          scaletargetref_kind: "Deployment",
          scaletargetref_name: "api",
          metric_name: "cpu",
        },
        [[t0 + H, 70]],
      ),
      series(
        {
          [PART_LABEL]: "hpa",
          namespace: "shop",
          scaletargetref_kind: "Deployment",
          scaletargetref_name: "api",
          metric_name: "requests_per_second",
        },
        [[t0 + H, 5]],
      ),
      series({ [PART_LABEL]: "nodes", [FIGURE_LABEL]: "cpu_capacity", node: "n1" }, [[t0 + H, 4]]),
      series(
        {
          [PART_LABEL]: "nodes",
          [FIGURE_LABEL]: "node_labels",
          node: "n1",
          label_karpenter_sh_capacity_type: "spot",
          label_team: "x",
        },
        [[t0 + H, 1]],
      ),
      series({ container: "untagged" }, [[t0 + H, 1]]),
    ]);
    expect(hours.map((h) => h.hourMs)).toEqual([t0, t0 + H]);
    const [first, second] = hours;
    // In label order: a-sidecar before main.
    expect(first!.containers.map((c) => c.container)).toEqual(["a-sidecar", "main"]);
    expect(first!.containers[1]).toEqual({
      part: "controllers",
      namespace: "shop",
      ownerKind: "Deployment",
      ownerName: "api",
      pod: "",
      container: "main",
      node: "n1",
      cpu: { request: 1, usage: 0, alloc: 1.5 },
      memory: { request: 0, usage: 0, alloc: 0 },
      runningHours: 2,
    });
    expect(second!.containers[0]!.cpu.request).toBe(2);
    expect(first!.hpa).toEqual([
      { namespace: "shop", kind: "Deployment", name: "api", resource: "cpu", percent: 70 },
    ]);
    expect(first!.nodes.get("n1")).toEqual({
      cpuCapacity: 4,
      memoryCapacity: null,
      cpuPrice: null,
      memoryPrice: null,
      labels: { label_karpenter_sh_capacity_type: "spot" },
    });
  });
});
