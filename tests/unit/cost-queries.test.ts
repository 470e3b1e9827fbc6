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
  const all = [q.cpu, q.memory, q.meta].join("\n");

  it("is three queries whatever the catalog: controllers are mapped to workloads in code", () => {
    expect(Object.keys(q)).toEqual(["cpu", "memory", "meta"]);
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

  it("rounds per-container hours to 2^-30 so that sums are exact", () => {
    expect(QUANTUM).toBe(2 ** -30);
    expect(all).toContain(`round(`);
    expect(all).toContain(`, ${2 ** -30})`);
  });

  it("selects pods by name in one part for every such workload, escaped", () => {
    const p = costQueries({ namespaces: ["ops", "data"], patterns: ["legacy-.*", 'batch-\\d+"x'] });
    expect(p.cpu).toContain('namespace=~"(?:ops)|(?:data)"');
    expect(p.cpu).toContain('pod=~"(?:legacy-.*)|(?:batch-\\\\d+\\"x)"');
    expect(p.cpu).toContain(`${PART_LABEL}", "pods"`);
  });
});

describe("parseCostSeries", () => {
  const H = 3_600_000;
  const t0 = Date.UTC(2026, 10, 30, 12);
  const tagged = (
    part: string,
    figure: string,
    labels: Record<string, string>,
    points: [number, number][],
  ) => ({
    labels: { [PART_LABEL]: part, [FIGURE_LABEL]: figure, ...labels },
    points,
  });

  it("files each point under the hour that ends at its time", () => {
    const key = {
      namespace: "shop",
      owner_kind: "Deployment",
      owner_name: "api",
      container: "main",
      node: "n1",
    };
    const hours = parseCostSeries([
      tagged("controllers", "cpu_request", key, [
        [t0 + H, 1],
        [t0 + 2 * H, 2],
      ]),
      tagged("controllers", "cpu_alloc", key, [[t0 + H, 1.5]]),
      tagged("controllers", "memory_usage", key, [[t0 + H, NaN]]),
      tagged(
        "controllers",
        "pod_hours",
        { namespace: "shop", owner_kind: "Deployment", owner_name: "api", node: "n1" },
        [[t0 + H, 2]],
      ),
      tagged(
        "hpa",
        "hpa_target",
        {
          namespace: "shop",
          scaletargetref_kind: "Deployment",
          scaletargetref_name: "api",
          metric_name: "cpu",
        },
        [[t0 + H, 70]],
      ),
      tagged(
        "hpa",
        "hpa_target",
        {
          namespace: "shop",
          scaletargetref_kind: "Deployment",
          scaletargetref_name: "api",
          metric_name: "requests_per_second",
        },
        [[t0 + H, 5]],
      ),
      tagged("nodes", "cpu_capacity", { node: "n1" }, [[t0 + H, 4]]),
      tagged(
        "nodes",
        "node_labels",
        { node: "n1", label_karpenter_sh_capacity_type: "spot", label_team: "x" },
        [[t0 + H, 1]],
      ),
      { labels: { container: "untagged" }, points: [[t0 + H, 1]] as [number, number][] },
    ]);
    expect(hours.map((h) => h.hourMs)).toEqual([t0, t0 + H]);
    const [first, second] = hours;
    expect(first!.containers).toEqual([
      {
        part: "controllers",
        namespace: "shop",
        ownerKind: "Deployment",
        ownerName: "api",
        pod: "",
        container: "main",
        node: "n1",
        cpu: { request: 1, usage: 0, alloc: 1.5 },
        memory: { request: 0, usage: 0, alloc: 0 },
      },
    ]);
    expect(second!.containers[0]!.cpu.request).toBe(2);
    expect(first!.pods).toEqual([
      {
        part: "controllers",
        namespace: "shop",
        ownerKind: "Deployment",
        ownerName: "api",
        pod: "",
        node: "n1",
        hours: 2,
      },
    ]);
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
