/**
 * A day of a cluster for right-sizing, written with promtool, labelled as real exporters
 * label it: cAdvisor through the kubelet (`container`, `id`, `image`, `name`,
 * `namespace`, `pod`; scraped every 30 s at :10 and :40), kube-state-metrics v2 (pods,
 * owners, requests, nodes and their labels, HPAs; every minute at :45), OpenCost's node
 * prices (:15) and the applications' latency histograms (`workload` label, :10 and :40).
 * The answers are worked out by hand in tests/integration/rightsizing.test.ts.
 *
 * The day is [T, E), E = T + 24 h, and the recommendations are evaluated at E. Hour h is
 * (T + h·1h, T + (h+1)·1h]. Usage is constant within each hour (or within the stated
 * minutes), so every 75-second rate and every hourly rate reads it exactly: cAdvisor's
 * samples at :10 and :40 fall neither on a step nor on a window's edge, and each window
 * is extrapolated in full.
 *
 * shop/checkout: Deployment, HPA on CPU utilization (70 %) and on memory AverageValue; node-a.
 *   ReplicaSet checkout-6d4f9 (earlier): pods aaaaa and bbbbb, hours 0–11, deleted at T+12h.
 *   ReplicaSet checkout-7c8b5 (now):     pods ccccc and ddddd, hours 12–23.
 *   app (requests 1 core, 2048 MiB): aaaaa 0.3 core, 0.8 in hours 2–4; 500 MiB, 900 MiB
 *     from T+3h to T+3h30m. bbbbb 0.3 core, 550 MiB. ccccc and ddddd 0.2 core, 0.5 in
 *     hours 14–15; 600 MiB.
 *   istio-proxy (0.1 core, 128 MiB): 0.05 core and 100 MiB in every pod.
 *   aaaaa and ccccc also carry cAdvisor's pod cgroup (container="") and pause
 *   (container="POD") series: 5 cores and 4096 MiB, never a container's.
 * shop/checkout-worker-5b6c7-xxxxx: another Deployment whose pod name starts with
 *   "checkout-": 3 cores and 4000 MiB, never checkout's.
 * shop/search: StatefulSet, search-0 on node-b (spot) and search-1 on node-a; container
 *   search (2 cores, 4096 MiB): 0.5 core, 1.2 in hours 8–10; 2500 MiB, 3000 MiB in hour 9.
 *   Its latency SLO (200 ms, 99 %): 3,600 requests an hour, 5 % slower than 200 ms in
 *   hours 8–10, 0.5 % otherwise.
 * shop/api: Deployment (ReplicaSet api-5f6d7), pods eeeee and fffff on node-c (OpenCost
 *   prices); container app (1 core, 2048 MiB): 0.1 core, 0.25 in hours 12–15; 400 MiB,
 *   600 MiB in hour 13. Its latency SLO: 0.2 % slow every hour.
 * ops/legacy-1: no owner, selected by name; containers app (0.5 core, 512 MiB; 0.1 core,
 *   200 MiB) and log-shipper, only in the last hour: too little history.
 */
import { backfill, sampleLine } from "@/scripts/lib/backfill";
import { KSM, kubelet, podObjectSeries, sampleWriter, uidOf, type Sample } from "./ksm-series";

export const HOUR = 3_600_000;
const MIN = 60_000;
const MIB = 1024 ** 2;

/** The searched workload's name: any label value, commas, quotes, a newline and Unicode included. */
export const SEARCH_NAME = 'search, "EU"\nzähler';

export const CATALOG_YAML = `groupingLabel: workload
slos: [{ indicator: availability, objective: 99.9 }]
pricing:
  spot: { cpu: 0.0095, memory: 0.0013 }
workloads:
  - { name: checkout, team: shop, convention: prometheus-client }
  - name: ${JSON.stringify(SEARCH_NAME)}
    team: shop
    convention: prometheus-client
    kubernetes: { statefulset: search }
    slos: [{ indicator: latency, threshold: 200ms, objective: 99 }]
  - name: api
    team: shop
    convention: prometheus-client
    slos: [{ indicator: latency, threshold: 200ms, objective: 99 }]
  - name: legacy
    team: ops
    convention: prometheus-client
    kubernetes: { pod: "legacy-.*", container: app }
  - { name: ghost, team: shop, convention: prometheus-client }
`;

/** Usage over [T, E): a value per hour, or a function of the time (ms after T). */
type Profile = (rel: number) => number;
const hours =
  (base: number, peak: number, from: number, to: number): Profile =>
  (rel) => {
    const h = Math.floor(rel / HOUR);
    return h >= from && h <= to ? peak : base;
  };
const flat =
  (v: number): Profile =>
  () =>
    v;

interface Container {
  name: string;
  /** Requests: cores and MiB. */
  cpu: number;
  memory: number;
  /** Cores used, MiB of working set. */
  cpuUse: Profile;
  memUse: Profile;
}

interface Pod {
  namespace: string;
  pod: string;
  node: string;
  owner: { kind: string; name: string } | null;
  /** Running [from, to), ms after T. */
  from: number;
  to: number;
  containers: Container[];
  cgroupSeries?: boolean;
}

const DAY = 24 * HOUR;
const proxy: Container = {
  name: "istio-proxy",
  cpu: 0.1,
  memory: 128,
  cpuUse: flat(0.05),
  memUse: flat(100),
};
const checkoutApp = (cpuUse: Profile, memUse: Profile): Container => ({
  name: "app",
  cpu: 1,
  memory: 2048,
  cpuUse,
  memUse,
});

export const PODS: Pod[] = [
  {
    namespace: "shop",
    pod: "checkout-6d4f9-aaaaa",
    node: "node-a",
    owner: { kind: "ReplicaSet", name: "checkout-6d4f9" },
    from: 0,
    to: 12 * HOUR,
    containers: [
      checkoutApp(hours(0.3, 0.8, 2, 4), (rel) =>
        rel >= 3 * HOUR && rel < 3 * HOUR + 30 * MIN ? 900 : 500,
      ),
      proxy,
    ],
    cgroupSeries: true,
  },
  {
    namespace: "shop",
    pod: "checkout-6d4f9-bbbbb",
    node: "node-a",
    owner: { kind: "ReplicaSet", name: "checkout-6d4f9" },
    from: 0,
    to: 12 * HOUR,
    containers: [checkoutApp(flat(0.3), flat(550)), proxy],
  },
  ...["ccccc", "ddddd"].map((s): Pod => ({
    namespace: "shop",
    pod: `checkout-7c8b5-${s}`,
    node: "node-a",
    owner: { kind: "ReplicaSet", name: "checkout-7c8b5" },
    from: 12 * HOUR,
    to: DAY,
    containers: [checkoutApp(hours(0.2, 0.5, 14, 15), flat(600)), proxy],
    cgroupSeries: s === "ccccc",
  })),
  {
    namespace: "shop",
    pod: "checkout-worker-5b6c7-xxxxx",
    node: "node-a",
    owner: { kind: "ReplicaSet", name: "checkout-worker-5b6c7" },
    from: 0,
    to: DAY,
    containers: [{ name: "app", cpu: 4, memory: 4096, cpuUse: flat(3), memUse: flat(4000) }],
  },
  ...(["search-0", "search-1"] as const).map((pod): Pod => ({
    namespace: "shop",
    pod,
    node: pod === "search-0" ? "node-b" : "node-a",
    owner: { kind: "StatefulSet", name: "search" },
    from: 0,
    to: DAY,
    containers: [
      {
        name: "search",
        cpu: 2,
        memory: 4096,
        cpuUse: hours(0.5, 1.2, 8, 10),
        memUse: hours(2500, 3000, 9, 9),
      },
    ],
  })),
  ...["eeeee", "fffff"].map((s): Pod => ({
    namespace: "shop",
    pod: `api-5f6d7-${s}`,
    node: "node-c",
    owner: { kind: "ReplicaSet", name: "api-5f6d7" },
    from: 0,
    to: DAY,
    containers: [
      {
        name: "app",
        cpu: 1,
        memory: 2048,
        cpuUse: hours(0.1, 0.25, 12, 15),
        memUse: hours(400, 600, 13, 13),
      },
    ],
  })),
  {
    namespace: "ops",
    pod: "legacy-1",
    node: "node-a",
    owner: null,
    from: DAY - HOUR,
    to: DAY,
    containers: [
      { name: "app", cpu: 0.5, memory: 512, cpuUse: flat(0.1), memUse: flat(200) },
      { name: "log-shipper", cpu: 0.1, memory: 64, cpuUse: flat(0.02), memUse: flat(40) },
    ],
  },
];

const REPLICASETS = [
  { replicaset: "checkout-6d4f9", deployment: "checkout" },
  { replicaset: "checkout-7c8b5", deployment: "checkout" },
  { replicaset: "checkout-worker-5b6c7", deployment: "checkout-worker" },
  { replicaset: "api-5f6d7", deployment: "api" },
];

const NODES: {
  node: string;
  labels: Record<string, string>;
  opencost?: { cpu: number; ram: number };
}[] = [
  { node: "node-a", labels: { label_cloud_google_com_gke_nodepool: "general" } },
  {
    node: "node-b",
    labels: { label_karpenter_sh_nodepool: "spot-pool", label_karpenter_sh_capacity_type: "spot" },
  },
  {
    node: "node-c",
    labels: { label_eks_amazonaws_com_nodegroup: "highmem" },
    opencost: { cpu: 0.04, ram: 0.005 },
  },
];

/** Latency histograms: requests per hour and the share slower than 200 ms, per hour. */
const LATENCY: { workload: string; perHour: number; slow: Profile }[] = [
  { workload: SEARCH_NAME, perHour: 3600, slow: hours(0.005, 0.05, 8, 10) },
  { workload: "api", perHour: 3600, slow: flat(0.002) },
];

/** Sample times every `everyMs` at `offsetMs` past it, within [from, to). */
function times(from: number, to: number, everyMs: number, offsetMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil((from - offsetMs) / everyMs) * everyMs + offsetMs; t < to; t += everyMs) {
    if (t >= from) out.push(t);
  }
  return out;
}

/**
 * ∫ profile from T to T + rel, in unit·seconds: profiles change only on whole minutes, so
 * a prefix sum per minute gives it exactly (and fast).
 */
function cumulative(p: Profile): (rel: number) => number {
  const prefix = [0];
  for (let m = 0; m < DAY / MIN; m++) prefix.push(prefix[m]! + p(m * MIN) * 60);
  return (rel) => {
    const m = Math.floor(rel / MIN);
    return prefix[m]! + (p(m * MIN) * (rel - m * MIN)) / 1000;
  };
}

/** Every sample of the data set, in [T, T + 24h). */
export function rightSizingSamples(T: number): Sample[] {
  const E = T + DAY;
  const out: Sample[] = [];
  const add = sampleWriter(out);
  const ksm = (from: number, to: number) => times(Math.max(T, from), Math.min(E, to), MIN, 45_000);
  const cadvisor = (from: number, to: number) =>
    times(Math.max(T, from), Math.min(E, to), 30_000, 10_000);

  for (const p of PODS) {
    const uid = uidOf(p.pod, "7a1b-4c2d-9e3f");
    const pod = { namespace: p.namespace, pod: p.pod, uid };
    const podTimes = ksm(T + p.from, T + p.to);
    podObjectSeries(add, p, uid, `10.244.1.${p.pod.length}`, podTimes);
    const cadTimes = cadvisor(T + p.from, T + p.to);
    for (const c of p.containers) {
      const container = { ...pod, container: c.name };
      add("kube_pod_container_status_running", { ...KSM, ...container }, podTimes, () => 1);
      for (const [resource, unit, value] of [
        ["cpu", "core", c.cpu],
        ["memory", "byte", c.memory * MIB],
      ] as const) {
        add(
          "kube_pod_container_resource_requests",
          { ...KSM, ...container, node: p.node, resource, unit },
          podTimes,
          () => value,
        );
      }
      const cad = {
        ...kubelet(p.node),
        container: c.name,
        id: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replaceAll("-", "_")}.slice/cri-containerd-${uid.slice(0, 8)}${c.name.length}.scope`,
        image: `registry.example/${c.name}:2.1.0`,
        name: `${uid.slice(0, 8)}${c.name.length}`,
        namespace: p.namespace,
        pod: p.pod,
      };
      // The counter starts at 100 core-seconds (an init phase) and adds the usage.
      const used = cumulative(c.cpuUse);
      add(
        "container_cpu_usage_seconds_total",
        cad,
        cadTimes,
        (t) => 100 + used(t - T) - used(p.from),
      );
      add("container_memory_working_set_bytes", cad, cadTimes, (t) => c.memUse(t - T) * MIB);
    }
    if (p.cgroupSeries) {
      const cgroup = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replaceAll("-", "_")}.slice`;
      for (const [container, image, id] of [
        ["", "", cgroup],
        ["POD", "registry.k8s.io/pause:3.9", `${cgroup}/cri-containerd-${uid.slice(0, 8)}p.scope`],
      ] as const) {
        const labels = {
          ...kubelet(p.node),
          container,
          id,
          image,
          name: container && `${uid.slice(0, 8)}p`,
          namespace: p.namespace,
          pod: p.pod,
        };
        add(
          "container_cpu_usage_seconds_total",
          labels,
          cadTimes,
          (t) => 100 + (5 * (t - T - p.from)) / 1000,
        );
        add("container_memory_working_set_bytes", labels, cadTimes, () => 4096 * MIB);
      }
    }
  }

  for (const rs of REPLICASETS) {
    add(
      "kube_replicaset_owner",
      {
        ...KSM,
        namespace: "shop",
        replicaset: rs.replicaset,
        owner_kind: "Deployment",
        owner_name: rs.deployment,
        owner_is_controller: "true",
      },
      ksm(T, E),
      () => 1,
    );
  }

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
    ksm(T, E),
    () => 1,
  );
  add(
    "kube_horizontalpodautoscaler_spec_target_metric",
    { ...KSM, ...hpa, metric_name: "cpu", metric_target_type: "utilization" },
    ksm(T, E),
    () => 70,
  );
  // On memory, an average value (1.5 GiB per pod), not a utilization: memory is not held back.
  add(
    "kube_horizontalpodautoscaler_spec_target_metric",
    { ...KSM, ...hpa, metric_name: "memory", metric_target_type: "average" },
    ksm(T, E),
    () => 1536 * MIB,
  );

  for (const n of NODES) {
    add("kube_node_labels", { ...KSM, node: n.node, ...n.labels }, ksm(T, E), () => 1);
    if (n.opencost) {
      const labels = {
        job: "opencost",
        instance: n.node,
        node: n.node,
        instance_type: "r5.large",
        region: "us-east-1",
      };
      const { cpu, ram } = n.opencost;
      const ts = times(T, E, MIN, 15_000);
      add("node_cpu_hourly_cost", labels, ts, () => cpu);
      add("node_ram_hourly_cost", labels, ts, () => ram);
    }
  }

  for (const l of LATENCY) {
    const app = { job: "app", instance: "10.244.9.1:8000", workload: l.workload };
    const ts = cadvisor(T, E);
    const rate = l.perHour / 3600;
    const all = cumulative(flat(rate));
    const slow = cumulative((rel) => rate * l.slow(rel));
    for (const le of ["0.1", "0.2", "0.5", "+Inf"]) {
      // Requests slower than 200 ms fall in the 0.5 s bucket.
      const fast = le === "0.1" || le === "0.2";
      add("http_request_duration_seconds_bucket", { ...app, le }, ts, (t) =>
        fast ? all(t - T) - slow(t - T) : all(t - T),
      );
    }
    add("http_request_duration_seconds_count", app, ts, (t) => all(t - T));
  }
  return out;
}

/** Writes the day's TSDB blocks; T is a whole hour. */
export function writeRightSizingData(dataDir: string, tmpDir: string, T: number): number {
  const samples = rightSizingSamples(T);
  // OpenMetrics: a metric's samples together, each series' in time order.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  samples.sort((a, b) => cmp(a.name, b.name) || cmp(a.key, b.key) || a.t - b.t);
  backfill({
    dataDir,
    tmpDir,
    fromMs: T,
    toMs: T + DAY,
    chunk: (a, b) =>
      samples
        .filter((s) => s.t >= a && s.t < b)
        .map((s) => sampleLine(s.key, s.v, s.t))
        .join(""),
  });
  return samples.length;
}
