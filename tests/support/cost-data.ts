/**
 * A cluster's three hours, written with promtool, with the series and labels real exporters
 * give them: cAdvisor through the kubelet (`container`, `id`, `image`, `name`, `namespace`,
 * `pod`, scraped every minute at :30), kube-state-metrics v2 (pods, owners, requests,
 * container states, nodes and their labels, HPAs, scraped every minute at :45) and
 * OpenCost's node prices (at :15). The answers are worked out by hand in
 * tests/integration/cost-sync.test.ts.
 *
 * Hours: H1 = [T, T+1h), H2 = [T+1h, T+2h), H3 = [T+2h, T+3h); nothing before T.
 *
 * node-a  GKE pool "general" (on demand)       4 cores, 16 GiB
 * node-b  Karpenter pool "spot-pool", spot     4 cores,  8 GiB
 * node-c  EKS node group "highmem" (on demand) 2 cores,  8 GiB, OpenCost prices $0.04 / $0.005
 *
 * shop/checkout (Deployment → ReplicaSet checkout-7d9f8 → pods), HPA on CPU at 70 %, node-a:
 *   checkout-7d9f8-aaaaa  all three hours
 *   checkout-7d9f8-bbbbb  its containers stop at T+2h40m (the HPA scales down)
 *   checkout-7d9f8-ddddd  created T+1h19m30s (pending), running from T+1h20m (scale-up)
 *   containers app (requests 0.5 core, 512 MiB) and istio-proxy (0.1 core, 128 MiB)
 * shop/checkout-worker-6f5d4-xxxxx  another Deployment whose pod names start with "checkout-"
 * kube-system/coredns-5d78c-k8s9x  not in the catalog, on node-a (it shares node-a's idle)
 * shop/search-0, search-1  StatefulSet search on node-b (spot)
 * ops/legacy-1  no owner, selected by name (legacy-.*), container app only; node-c
 */
import { backfill, sampleLine } from "@/scripts/lib/backfill";
import { KSM, kubelet, podObjectSeries, sampleWriter, uidOf, type Sample } from "./ksm-series";

export const HOUR = 3_600_000;
const MIN = 60_000;
const MIB = 1024 ** 2;

export interface ContainerSpec {
  name: string;
  /** Requests: cores and bytes. */
  cpu: number;
  memory: number;
  /** Usage per hour H1..H3: cores and MiB (constant within each hour). */
  cpuUse: [number, number, number];
  memUse: [number, number, number];
}

export interface PodSpec {
  namespace: string;
  pod: string;
  node: string;
  owner: { kind: string; name: string } | null;
  /** When the pod object appears (pending) and its containers start running, ms after T. */
  createdAt: number;
  runningFrom: number;
  /** When its containers stop (ms after T); the pod object is deleted a minute later. */
  stopsAt: number | null;
  containers: ContainerSpec[];
  /** Also write cAdvisor's pod cgroup (`container=""`) and pause (`container="POD"`) series. */
  cgroupSeries?: boolean;
}

const app = (cpuUse: ContainerSpec["cpuUse"], memUse: ContainerSpec["memUse"]): ContainerSpec => ({
  name: "app",
  cpu: 0.5,
  memory: 512 * MIB,
  cpuUse,
  memUse,
});
const proxy: ContainerSpec = {
  name: "istio-proxy",
  cpu: 0.1,
  memory: 128 * MIB,
  cpuUse: [0.05, 0.05, 0.05],
  memUse: [100, 100, 100],
};
const checkout = (
  suffix: string,
  cpuUse: ContainerSpec["cpuUse"],
): Omit<PodSpec, "createdAt" | "runningFrom" | "stopsAt"> => ({
  namespace: "shop",
  pod: `checkout-7d9f8-${suffix}`,
  node: "node-a",
  owner: { kind: "ReplicaSet", name: "checkout-7d9f8" },
  containers: [app(cpuUse, [400, 700, 512]), proxy],
});

export const PODS: PodSpec[] = [
  {
    ...checkout("aaaaa", [0.8, 0.2, 0.5]),
    createdAt: -HOUR,
    runningFrom: -HOUR,
    stopsAt: null,
    cgroupSeries: true,
  },
  {
    ...checkout("bbbbb", [0.8, 0.2, 0.3]),
    createdAt: -HOUR,
    runningFrom: -HOUR,
    stopsAt: 2 * HOUR + 40 * MIN,
  },
  {
    ...checkout("ddddd", [0, 0.6, 0.4]),
    createdAt: HOUR + 19 * MIN + 30_000,
    runningFrom: HOUR + 20 * MIN,
    stopsAt: null,
  },
  {
    namespace: "shop",
    pod: "checkout-worker-6f5d4-xxxxx",
    node: "node-a",
    owner: { kind: "ReplicaSet", name: "checkout-worker-6f5d4" },
    createdAt: -HOUR,
    runningFrom: -HOUR,
    stopsAt: null,
    containers: [
      {
        name: "worker",
        cpu: 0.25,
        memory: 256 * MIB,
        cpuUse: [0.1, 0.1, 0.1],
        memUse: [200, 200, 200],
      },
    ],
  },
  {
    namespace: "kube-system",
    pod: "coredns-5d78c-k8s9x",
    node: "node-a",
    owner: { kind: "ReplicaSet", name: "coredns-5d78c" },
    createdAt: -HOUR,
    runningFrom: -HOUR,
    stopsAt: null,
    containers: [
      {
        name: "coredns",
        cpu: 0.1,
        memory: 70 * MIB,
        cpuUse: [0.02, 0.02, 0.02],
        memUse: [30, 30, 30],
      },
    ],
  },
  ...["search-0", "search-1"].map((pod): PodSpec => ({
    namespace: "shop",
    pod,
    node: "node-b",
    owner: { kind: "StatefulSet", name: "search" },
    createdAt: -HOUR,
    runningFrom: -HOUR,
    stopsAt: null,
    cgroupSeries: pod === "search-0",
    containers: [
      {
        name: "search",
        cpu: 1,
        memory: 2048 * MIB,
        cpuUse: [0.4, 0.4, 0.4],
        memUse: [1536, 1536, 1536],
      },
    ],
  })),
  {
    namespace: "ops",
    pod: "legacy-1",
    node: "node-c",
    owner: null,
    createdAt: -HOUR,
    runningFrom: -HOUR,
    stopsAt: null,
    cgroupSeries: true,
    containers: [
      {
        name: "app",
        cpu: 0.25,
        memory: 1024 * MIB,
        cpuUse: [0.5, 0.5, 0.5],
        memUse: [2048, 2048, 2048],
      },
      {
        name: "log-shipper",
        cpu: 0.1,
        memory: 256 * MIB,
        cpuUse: [0.05, 0.05, 0.05],
        memUse: [200, 200, 200],
      },
    ],
  },
];

/** ReplicaSets and the Deployments that own them. */
const REPLICASETS = [
  { namespace: "shop", replicaset: "checkout-7d9f8", deployment: "checkout" },
  { namespace: "shop", replicaset: "checkout-worker-6f5d4", deployment: "checkout-worker" },
  { namespace: "kube-system", replicaset: "coredns-5d78c", deployment: "coredns" },
];

export const NODES: {
  node: string;
  cores: number;
  gib: number;
  labels: Record<string, string>;
  opencost?: { cpu: number; ram: number; instanceType: string };
}[] = [
  {
    node: "node-a",
    cores: 4,
    gib: 16,
    labels: {
      label_cloud_google_com_gke_nodepool: "general",
      label_kubernetes_io_hostname: "node-a",
      label_node_kubernetes_io_instance_type: "e2-standard-4",
    },
  },
  {
    node: "node-b",
    cores: 4,
    gib: 8,
    labels: {
      label_karpenter_sh_nodepool: "spot-pool",
      label_karpenter_sh_capacity_type: "spot",
      label_kubernetes_io_hostname: "node-b",
    },
  },
  {
    node: "node-c",
    cores: 2,
    gib: 8,
    labels: {
      label_eks_amazonaws_com_nodegroup: "highmem",
      label_eks_amazonaws_com_capacity_type: "ON_DEMAND",
      label_kubernetes_io_hostname: "node-c",
    },
    opencost: { cpu: 0.04, ram: 0.005, instanceType: "r5.large" },
  },
];

export const CATALOG_YAML = `groupingLabel: workload
pricing:
  cpu: 0.031611
  memory: 0.004237
  spot: { cpu: 0.0095, memory: 0.0013 }
  nodePools:
    general: { cpu: 0.03 }
    highmem: { cpu: 0.02, memory: 0.006 }
workloads:
  - { name: checkout, team: shop, convention: prometheus-client }
  - { name: search, team: shop, convention: prometheus-client, kubernetes: { statefulset: search } }
  - name: legacy
    team: ops
    convention: prometheus-client
    kubernetes: { pod: "legacy-.*", container: app }
  - { name: ghost, team: shop, convention: prometheus-client }
`;

/** Sample times of a series scraped every minute at `offsetMs` past the minute, within [from, to). */
function times(fromMs: number, toMs: number, offsetMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil((fromMs - offsetMs) / MIN) * MIN + offsetMs; t < toMs; t += MIN) {
    if (t >= fromMs) out.push(t);
  }
  return out;
}

/** Index 0..2 of the hour a time falls in (clamped). */
const hourIndex = (rel: number) => Math.min(2, Math.max(0, Math.floor(rel / HOUR)));

/** CPU seconds used from `from` to `to` (ms after T) at the container's hourly rates. */
function cpuSeconds(c: ContainerSpec, from: number, to: number): number {
  let total = 0;
  for (let h = 0; h < 3; h++) {
    const a = Math.max(from, h * HOUR);
    const b = Math.min(to, (h + 1) * HOUR);
    if (b > a) total += (c.cpuUse[h]! * (b - a)) / 1000;
  }
  // Before T (containers running since earlier): at H1's rate.
  if (from < 0) total += (c.cpuUse[0] * (Math.min(0, to) - from)) / 1000;
  return total;
}

/** Every sample of the data set, ms timestamps, in [T, T + 3h). */
export function costSamples(T: number): Sample[] {
  const end = T + 3 * HOUR;
  const out: Sample[] = [];
  const add = sampleWriter(out);
  const ksm = (from: number, to: number) => times(Math.max(T, from), Math.min(end, to), 45_000);
  const cadvisor = (from: number, to: number) =>
    times(Math.max(T, from), Math.min(end, to), 30_000);

  for (const p of PODS) {
    const uid = uidOf(p.pod, "1c2d-4e5f-8a9b");
    const created = T + p.createdAt;
    const running = T + p.runningFrom;
    const stops = p.stopsAt === null ? Infinity : T + p.stopsAt;
    // The pod object is deleted a minute after its containers stop.
    const deleted = stops + MIN;
    const podTimes = ksm(created, deleted);
    const pod = { namespace: p.namespace, pod: p.pod, uid };
    podObjectSeries(add, p, uid, `10.244.0.${p.pod.length}`, podTimes);
    for (const c of p.containers) {
      const container = { ...pod, container: c.name };
      add("kube_pod_container_status_running", { ...KSM, ...container }, podTimes, (t) =>
        t >= running && t < stops ? 1 : 0,
      );
      for (const [resource, unit, value] of [
        ["cpu", "core", c.cpu],
        ["memory", "byte", c.memory],
      ] as const) {
        add(
          "kube_pod_container_resource_requests",
          { ...KSM, ...container, node: p.node, resource, unit },
          podTimes,
          () => value,
        );
      }
      const id = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replaceAll("-", "_")}.slice/cri-containerd-${uid.slice(0, 8)}${c.name.length}.scope`;
      const cad = {
        ...kubelet(p.node),
        container: c.name,
        id,
        image: `registry.example/${c.name}:1.4.2`,
        name: `${uid.slice(0, 8)}${c.name.length}`,
        namespace: p.namespace,
        pod: p.pod,
      };
      const cadTimes = cadvisor(running, stops);
      add(
        "container_cpu_usage_seconds_total",
        cad,
        cadTimes,
        (t) =>
          // A container's counter starts at its start; those running before T carry 1000 s more.
          (p.runningFrom < 0 ? 1000 : 0) + cpuSeconds(c, p.runningFrom, t - T),
      );
      add(
        "container_memory_working_set_bytes",
        cad,
        cadTimes,
        (t) => c.memUse[hourIndex(t - T)]! * MIB,
      );
    }
    if (p.cgroupSeries) {
      // The pod's cgroup (container="") and the pause container: never a workload's container.
      const podCgroup = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replaceAll("-", "_")}.slice`;
      const cadTimes = cadvisor(running, stops);
      for (const [container, image, name, id] of [
        ["", "", "", podCgroup],
        [
          "POD",
          "registry.k8s.io/pause:3.9",
          `${uid.slice(0, 8)}p`,
          `${podCgroup}/cri-containerd-${uid.slice(0, 8)}p.scope`,
        ],
      ] as const) {
        const labels = {
          ...kubelet(p.node),
          container,
          id,
          image,
          name,
          namespace: p.namespace,
          pod: p.pod,
        };
        add("container_cpu_usage_seconds_total", labels, cadTimes, (t) => 5000 + (t - T) / 1000);
        add("container_memory_working_set_bytes", labels, cadTimes, () => 4096 * MIB);
      }
    }
  }

  for (const rs of REPLICASETS) {
    add(
      "kube_replicaset_owner",
      {
        ...KSM,
        namespace: rs.namespace,
        replicaset: rs.replicaset,
        owner_kind: "Deployment",
        owner_name: rs.deployment,
        owner_is_controller: "true",
      },
      ksm(T, end),
      () => 1,
    );
  }

  // The HPA scaled checkout from 2 to 3 replicas at T+1h20m and back to 2 at T+2h40m.
  const hpa = { namespace: "shop", horizontalpodautoscaler: "checkout" };
  add(
    "kube_horizontalpodautoscaler_info",
    {
      ...KSM,
      ...hpa,
      scaletargetref_api_version: "apps/v1",
      scaletargetref_kind: "Deployment",
      scaletargetref_name: "checkout",
    },
    ksm(T, end),
    () => 1,
  );
  add(
    "kube_horizontalpodautoscaler_spec_target_metric",
    { ...KSM, ...hpa, metric_name: "cpu", metric_target_type: "utilization" },
    ksm(T, end),
    () => 70,
  );
  add(
    "kube_horizontalpodautoscaler_status_current_replicas",
    { ...KSM, ...hpa },
    ksm(T, end),
    (t) => (t >= T + HOUR + 20 * MIN && t < T + 2 * HOUR + 40 * MIN ? 3 : 2),
  );

  for (const n of NODES) {
    add("kube_node_labels", { ...KSM, node: n.node, ...n.labels }, ksm(T, end), () => 1);
    add(
      "kube_node_status_capacity",
      { ...KSM, node: n.node, resource: "cpu", unit: "core" },
      ksm(T, end),
      () => n.cores,
    );
    add(
      "kube_node_status_capacity",
      { ...KSM, node: n.node, resource: "memory", unit: "byte" },
      ksm(T, end),
      () => n.gib * 1024 * MIB,
    );
    if (n.opencost) {
      const labels = {
        job: "opencost",
        instance: n.node,
        node: n.node,
        instance_type: n.opencost.instanceType,
        region: "us-east-1",
        provider_id: `aws:///us-east-1a/i-0${n.node.slice(-1)}4f2c9e1b7d3a5`,
      };
      const ts = times(T, end, 15_000);
      const { cpu, ram } = n.opencost;
      add("node_cpu_hourly_cost", labels, ts, () => cpu);
      add("node_ram_hourly_cost", labels, ts, () => ram);
    }
  }
  return out;
}

/** Writes the data set's TSDB blocks for hours starting at T (a whole hour). */
export function writeCostData(dataDir: string, tmpDir: string, T: number): number {
  const samples = costSamples(T);
  samples.sort((a, b) =>
    a.name !== b.name
      ? a.name < b.name
        ? -1
        : 1
      : a.key !== b.key
        ? a.key < b.key
          ? -1
          : 1
        : a.t - b.t,
  );
  backfill({
    dataDir,
    tmpDir,
    fromMs: T,
    toMs: T + 3 * HOUR,
    chunk: (a, b) =>
      samples
        .filter((s) => s.t >= a && s.t < b)
        .map((s) => sampleLine(s.key, s.v, s.t))
        .join(""),
  });
  return samples.length;
}
