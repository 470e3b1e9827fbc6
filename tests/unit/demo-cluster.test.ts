import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import {
  Accumulator,
  Estate,
  REVISION_HISTORY_LIMIT,
  SERIES_LABELS,
  type DynamicValue,
} from "@/scripts/demo/model";
import { currentValues } from "@/scripts/demo/simulator";

const CATALOG = parseCatalog(readFileSync("config/workloads.yaml", "utf8"), "workloads.yaml");
const T0 = 29_500_000; // an epoch minute (2026-02-01T21:20Z)

/** Label names of each cluster series, as kube-state-metrics v2 and the kubelet's cAdvisor write them. */
const LABELS: Record<string, string[]> = {
  container_cpu_usage_seconds_total: ["container", "cpu", "image", "namespace", "pod"],
  container_memory_working_set_bytes: ["container", "image", "namespace", "pod"],
  kube_pod_info: [
    "created_by_kind",
    "created_by_name",
    "host_ip",
    "host_network",
    "namespace",
    "node",
    "pod",
    "pod_ip",
    "priority_class",
    "uid",
  ],
  kube_pod_owner: ["namespace", "owner_is_controller", "owner_kind", "owner_name", "pod", "uid"],
  kube_pod_container_resource_requests: [
    "container",
    "namespace",
    "node",
    "pod",
    "resource",
    "uid",
    "unit",
  ],
  kube_pod_container_status_running: ["container", "namespace", "pod", "uid"],
  kube_replicaset_owner: [
    "namespace",
    "owner_is_controller",
    "owner_kind",
    "owner_name",
    "replicaset",
  ],
  kube_deployment_spec_replicas: ["deployment", "namespace"],
  kube_statefulset_replicas: ["namespace", "statefulset"],
  kube_horizontalpodautoscaler_info: [
    "horizontalpodautoscaler",
    "namespace",
    "scaletargetref_api_version",
    "scaletargetref_kind",
    "scaletargetref_name",
  ],
  kube_horizontalpodautoscaler_status_current_replicas: ["horizontalpodautoscaler", "namespace"],
  kube_horizontalpodautoscaler_spec_min_replicas: ["horizontalpodautoscaler", "namespace"],
  kube_horizontalpodautoscaler_spec_max_replicas: ["horizontalpodautoscaler", "namespace"],
  kube_horizontalpodautoscaler_spec_target_metric: [
    "horizontalpodautoscaler",
    "metric_name",
    "metric_target_type",
    "namespace",
  ],
  kube_node_status_capacity: ["node", "resource", "unit"],
  kube_node_labels: [
    "label_karpenter_sh_capacity_type",
    "label_karpenter_sh_nodepool",
    "label_node_kubernetes_io_instance_type",
    "label_topology_kubernetes_io_zone",
    "node",
  ],
};

function clusterAt(estate: Estate, minute: number): DynamicValue[] {
  return estate.evaluate(minute, new Float64Array(estate.series.length));
}

const own = (labels: Record<string, string>) =>
  Object.keys(labels)
    .filter((k) => !(k in SERIES_LABELS))
    .sort();

describe("the demo's cluster series", () => {
  const estate = new Estate(CATALOG, T0);
  const checkout = estate.workloads.find((w) => w.name === "checkout")!;
  const tracking = estate.workloads.find((w) => w.name === "tracking-api")!;

  it("carry exactly the labels real exporters write, never the catalog's grouping label", () => {
    const seen = new Set<string>();
    for (let m = T0 - 1440; m < T0; m += 29) {
      for (const { def } of clusterAt(estate, m)) {
        expect(def.labels).not.toHaveProperty(CATALOG.groupingLabel);
        expect(LABELS[def.name], def.name).toBeDefined();
        expect(own(def.labels), def.name).toEqual(LABELS[def.name]);
        seen.add(def.name);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(LABELS).sort());
    // Application series keep the grouping label: they are the ones the catalog groups by.
    expect(estate.series.every((s) => CATALOG.groupingLabel in s.labels)).toBe(true);
  });

  it("run each workload where the catalog maps it: the team's namespace, its Deployment or StatefulSet", () => {
    const at = clusterAt(estate, T0 - 60);
    const owners = new Set(
      at
        .filter((v) => v.def.name === "kube_pod_owner")
        .map((v) => `${v.def.labels.namespace}/${v.def.labels.owner_kind}`),
    );
    expect(owners).toEqual(
      new Set([
        "platform/ReplicaSet",
        "tracking/ReplicaSet",
        "payments/ReplicaSet",
        "discovery/ReplicaSet",
        "web/ReplicaSet",
        "data/ReplicaSet",
        "platform/StatefulSet",
        "data/StatefulSet",
      ]),
    );
    const redis = at.filter(
      (v) => v.def.name === "kube_pod_info" && v.def.labels.created_by_name === "redis-cache",
    );
    expect(redis.map((v) => v.def.labels.pod).sort()).toEqual([
      "redis-cache-0",
      "redis-cache-1",
      "redis-cache-2",
    ]);
    // A pod-level cgroup series (container="") next to each container's, and more CPU in it.
    const cpu = at.filter(
      (v) =>
        v.def.name === "container_cpu_usage_seconds_total" && v.def.labels.namespace === "payments",
    );
    const pods = new Set(cpu.map((v) => v.def.labels.pod));
    expect(cpu.filter((v) => v.def.labels.container === "")).toHaveLength(pods.size);
    expect(cpu.filter((v) => v.def.labels.container === "web")).toHaveLength(pods.size);
  });

  it("replace every pod in a release (a new ReplicaSet) and keep the old ReplicaSets", () => {
    const release = estate.timeline.cachingChange; // the caching change was deployed
    const before = estate.sample(checkout, release - 1).pods;
    const during = estate.sample(checkout, release).pods;
    const after = estate.sample(checkout, release + 5).pods;
    const rs = (ps: typeof before) => new Set(ps.map((p) => p.pod.replicaset));
    expect(rs(before).size).toBe(1);
    expect(rs(after).size).toBe(1);
    expect([...rs(after)][0]).not.toBe([...rs(before)][0]);
    expect([...rs(after)][0]).toMatch(/^checkout-[bcdfghjklmnpqrstvwxz2456789]{9,10}$/);
    // the rollout: old pods drain while the new ones take the load
    expect(during.filter((p) => p.draining).map((p) => p.pod.name)).toEqual(
      before.map((p) => p.pod.name),
    );
    expect(during.filter((p) => !p.draining).every((p) => rs(after).has(p.pod.replicaset))).toBe(
      true,
    );
    for (const p of after) expect(p.pod.name).toMatch(/^checkout-\w{9,10}-\w{5}$/);
    const owners = clusterAt(estate, release + 5).filter(
      (v) => v.def.name === "kube_replicaset_owner" && v.def.labels.owner_name === "checkout",
    );
    expect(owners).toHaveLength(REVISION_HISTORY_LIMIT + 1);
    expect(owners.map((v) => v.def.labels.replicaset)).toEqual(
      expect.arrayContaining([...rs(before), ...rs(after)]),
    );
  });

  it("scale pods in and out with the HPA: a new pod (a new name) for each scale-out", () => {
    const day = Math.floor((T0 - 2 * 1440) / 1440) * 1440;
    const names = new Set<string>();
    let last = -1;
    let scaledOut = 0;
    let scaledIn = 0;
    let most = 0;
    for (let m = day; m < day + 1440; m++) {
      const s = estate.sample(tracking, m);
      const serving = s.pods.filter((p) => !p.draining);
      expect(serving).toHaveLength(s.replicas);
      for (const p of serving) names.add(p.pod.name);
      if (last >= 0 && s.replicas > last) scaledOut += s.replicas - last;
      if (last >= 0 && s.replicas < last) scaledIn += last - s.replicas;
      if (last < 0) scaledOut += s.replicas; // the pods the day starts with
      last = s.replicas;
      most = Math.max(most, s.replicas);
    }
    expect(scaledIn).toBeGreaterThan(2);
    // every scale-out started a pod of its own (a release that day would add its pods too)
    expect(names.size).toBeGreaterThanOrEqual(scaledOut);
    expect(names.size).toBeGreaterThan(most);
  });

  it("give the same pods and values to every estate built on the same T0", () => {
    const other = new Estate(CATALOG, T0);
    for (const m of [T0 - 5000, T0 - 17, T0 + 300]) {
      const a = clusterAt(estate, m).map((v) => [v.def.key, v.value]);
      const b = clusterAt(other, m).map((v) => [v.def.key, v.value]);
      expect(b).toEqual(a);
    }
  });

  it("keep each container's CPU counter running from its start, live as in the backfill", () => {
    // walking forward with every value (the backfill) and with counters only (a restart) agree
    const from = T0 - 600;
    const full = new Accumulator(estate, from - 900);
    full.advanceTo(from - 300);
    const seen = new Map<string, number>();
    full.advanceTo(from, (_m, _v, cluster) => {
      for (const { def } of cluster) if (def.counter) seen.set(def.key, full.clusterTotal(def));
    });
    const quick = new Accumulator(estate, from - 900);
    quick.advanceTo(from);
    expect([...quick.cluster]).toEqual([...full.cluster]);
    const live = currentValues(quick, from * 60_000 + 30_000).cluster.filter((v) => v.def.counter);
    expect(live.length).toBeGreaterThan(20);
    for (const v of live) {
      expect(v.value).toBeGreaterThanOrEqual(quick.clusterTotal(v.def));
      expect(v.def.labels).not.toHaveProperty("workload");
    }
  });
});
