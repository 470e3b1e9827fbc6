/**
 * A Kubernetes data set labelled exactly as kube-state-metrics v2 and cAdvisor (the
 * kubelet's /metrics/cadvisor, containerd) label it, written with promtool at one-minute
 * steps over the 3 hours before `endMs`. Its answers are worked out by hand in KUBE_EXPECTED.
 *
 * Namespace shop: Deployment cart (HPA on CPU) rolls out 90 minutes before the end, from
 * ReplicaSet cart-5d8b9c7f4d (2 pods) to cart-6f7c8d9b5 (2 pods, a third from 50 minutes
 * before the end); pods have an istio-proxy sidecar, a pod cgroup (container="") and a
 * Docker-era pause container (container="POD"). Next to it, traps: Deployment cart-worker
 * (its pods start with "cart-", its own HPA), a cart pod name in namespace staging, and
 * StatefulSet db-backup next to StatefulSet db. Namespace legacy: pods found by name only
 * (legacy-web-.*, container web), one of them crash-looping.
 */
import { backfill, sampleLine, seriesKey } from "@/scripts/lib/backfill";

const MIN = 60_000;
const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
export const SPAN_MS = 180 * MIN;
/** The rollout of cart, and the HPA's scale-out after it, before the end. */
export const ROLLOUT_BEFORE_END_MS = 90 * MIN;
export const SCALE_OUT_BEFORE_END_MS = 50 * MIN;
/** The old ReplicaSet's pods drain for this long after the rollout. */
const DRAIN_MS = 2 * MIN;

interface Series {
  name: string;
  labels: Record<string, string>;
  from: number;
  to: number;
  /** Gauge value, or counter increase per second (a counter starts at 0 at `from`). */
  value: number;
  counter?: boolean;
}

interface Container {
  name: string;
  cpu: number;
  memBytes: number;
  requestCpu: number;
  requestMemBytes: number;
  image: string;
  running?: boolean;
}

function hexOf(text: string, length: number): string {
  let h = 2166136261;
  let out = "";
  for (let i = 0; out.length < length; i++) {
    for (const c of `${text}#${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

const uidOf = (pod: string) => {
  const h = hexOf(pod, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
};

/** Every series a running pod has in kube-state-metrics and cAdvisor. */
function pod(opts: {
  namespace: string;
  name: string;
  owner?: { kind: string; name: string };
  node: string;
  containers: Container[];
  from: number;
  to: number;
  /** Docker-era kubelets report the pause container as container="POD". */
  pause?: boolean;
}): Series[] {
  const { namespace, name, from, to, node } = opts;
  const uid = uidOf(name);
  const ksm = { namespace, pod: name, uid };
  const slice = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replaceAll("-", "_")}.slice`;
  const at = { from, to };
  const out: Series[] = [
    {
      name: "kube_pod_info",
      labels: {
        ...ksm,
        host_ip: "10.0.1.17",
        pod_ip: `10.0.129.${name.length}`,
        node,
        created_by_kind: opts.owner?.kind ?? "",
        created_by_name: opts.owner?.name ?? "",
        priority_class: "",
        host_network: "false",
      },
      value: 1,
      ...at,
    },
  ];
  if (opts.owner) {
    out.push({
      name: "kube_pod_owner",
      labels: {
        ...ksm,
        owner_kind: opts.owner.kind,
        owner_name: opts.owner.name,
        owner_is_controller: "true",
      },
      value: 1,
      ...at,
    });
  }
  let podCpu = 0;
  let podMem = 0;
  for (const c of opts.containers) {
    const resources = { ...ksm, container: c.name, node };
    out.push(
      {
        name: "kube_pod_container_resource_requests",
        labels: { ...resources, resource: "cpu", unit: "core" },
        value: c.requestCpu,
        ...at,
      },
      {
        name: "kube_pod_container_resource_requests",
        labels: { ...resources, resource: "memory", unit: "byte" },
        value: c.requestMemBytes,
        ...at,
      },
      {
        name: "kube_pod_container_status_running",
        labels: { ...ksm, container: c.name },
        value: c.running === false ? 0 : 1,
        ...at,
      },
    );
    if (c.running === false) continue;
    const id = hexOf(`${name}/${c.name}`, 64);
    const cadvisor = {
      container: c.name,
      id: `${slice}/cri-containerd-${id}.scope`,
      image: c.image,
      name: id,
      namespace,
      pod: name,
    };
    out.push(
      {
        name: "container_cpu_usage_seconds_total",
        labels: { ...cadvisor, cpu: "total" },
        value: c.cpu,
        counter: true,
        ...at,
      },
      { name: "container_memory_working_set_bytes", labels: cadvisor, value: c.memBytes, ...at },
    );
    podCpu += c.cpu;
    podMem += c.memBytes;
  }
  // The pod's cgroup: its containers and the pause container together.
  const cgroup = { container: "", id: slice, image: "", name: "", namespace, pod: name };
  out.push(
    {
      name: "container_cpu_usage_seconds_total",
      labels: { ...cgroup, cpu: "total" },
      value: podCpu + 0.01,
      counter: true,
      ...at,
    },
    {
      name: "container_memory_working_set_bytes",
      labels: cgroup,
      value: podMem + 2 * MIB,
      ...at,
    },
  );
  if (opts.pause) {
    const pause = {
      container: "POD",
      id: `${slice}/${hexOf(`${name}/POD`, 64)}`,
      image: "registry.k8s.io/pause:3.9",
      name: `k8s_POD_${name}_${namespace}_${uid}_0`,
      namespace,
      pod: name,
    };
    out.push(
      {
        name: "container_cpu_usage_seconds_total",
        labels: { ...pause, cpu: "total" },
        value: 0.01,
        counter: true,
        ...at,
      },
      { name: "container_memory_working_set_bytes", labels: pause, value: 2 * MIB, ...at },
    );
  }
  return out;
}

const cart = (cpu: number): Container[] => [
  {
    name: "cart",
    cpu,
    memBytes: 300 * MIB,
    requestCpu: 0.5,
    requestMemBytes: 512 * MIB,
    image: "shop/cart:1.4.2",
  },
  {
    name: "istio-proxy",
    cpu: 0.05,
    memBytes: 60 * MIB,
    requestCpu: 0.1,
    requestMemBytes: 128 * MIB,
    image: "istio/proxyv2:1.22.3",
  },
];

function hpa(
  namespace: string,
  name: string,
  target: string,
  replicas: (t: number) => number,
  metric: [string, number],
  from: number,
  to: number,
): Series[] {
  const h = { namespace, horizontalpodautoscaler: name };
  const out: Series[] = [
    {
      name: "kube_horizontalpodautoscaler_info",
      labels: {
        ...h,
        scaletargetref_api_version: "apps/v1",
        scaletargetref_kind: "Deployment",
        scaletargetref_name: target,
      },
      value: 1,
      from,
      to,
    },
    {
      name: "kube_horizontalpodautoscaler_spec_target_metric",
      labels: { ...h, metric_name: metric[0], metric_target_type: "utilization" },
      value: metric[1],
      from,
      to,
    },
  ];
  // The current replicas change over time: one series, its value a step function.
  for (let t = from; t <= to; t += MIN) {
    out.push({
      name: "kube_horizontalpodautoscaler_status_current_replicas",
      labels: h,
      value: replicas(t),
      from: t,
      to: t,
    });
  }
  return out;
}

const replicaSet = (namespace: string, rs: string, deployment: string, from: number, to: number) =>
  ({
    name: "kube_replicaset_owner",
    labels: {
      namespace,
      replicaset: rs,
      owner_kind: "Deployment",
      owner_name: deployment,
      owner_is_controller: "true",
    },
    value: 1,
    from,
    to,
  }) satisfies Series;

export function kubeSeries(endMs: number): Series[] {
  const start = endMs - SPAN_MS;
  const rollout = endMs - ROLLOUT_BEFORE_END_MS;
  const scaleOut = endMs - SCALE_OUT_BEFORE_END_MS;
  const node = "ip-10-0-1-17.eu-west-1.compute.internal";
  const rs = (name: string) => ({ kind: "ReplicaSet", name });
  const old = "cart-5d8b9c7f4d";
  const next = "cart-6f7c8d9b5";
  const worker = "cart-worker-7b9c5d6f8";
  const shop = (
    name: string,
    owner: { kind: string; name: string },
    c: Container[],
    from: number,
    to: number,
  ) => pod({ namespace: "shop", name, owner, node, containers: c, from, to, pause: true });
  const db: Container[] = [
    {
      name: "postgres",
      cpu: 0.4,
      memBytes: 1 * GIB,
      requestCpu: 1,
      requestMemBytes: 2 * GIB,
      image: "postgres:16.4",
    },
  ];
  const web = (running = true): Container[] => [
    {
      name: "web",
      cpu: 0.1,
      memBytes: 200 * MIB,
      requestCpu: 0.25,
      requestMemBytes: 256 * MIB,
      image: "legacy/web:7",
      running,
    },
    {
      name: "log-shipper",
      cpu: 0.02,
      memBytes: 40 * MIB,
      requestCpu: 0.05,
      requestMemBytes: 64 * MIB,
      image: "fluent/fluent-bit:3.1",
    },
  ];
  return [
    // cart: two ReplicaSets across the rollout; the old one is kept (revisionHistoryLimit)
    replicaSet("shop", old, "cart", start, endMs),
    replicaSet("shop", next, "cart", rollout, endMs),
    ...shop(`${old}-x2x7q`, rs(old), cart(0.25), start, rollout + DRAIN_MS),
    ...shop(`${old}-bm4zk`, rs(old), cart(0.25), start, rollout + DRAIN_MS),
    ...shop(`${next}-q9w8r`, rs(next), cart(0.2), rollout, endMs),
    ...shop(`${next}-z5lhd`, rs(next), cart(0.2), rollout, endMs),
    ...shop(`${next}-t7c2v`, rs(next), cart(0.2), scaleOut, endMs),
    ...hpa("shop", "cart", "cart", (t) => (t < scaleOut ? 2 : 3), ["cpu", 70], start, endMs),
    {
      name: "kube_deployment_spec_replicas",
      labels: { namespace: "shop", deployment: "cart" },
      value: 2,
      from: start,
      to: endMs,
    },
    // traps: another Deployment whose pods start with "cart-", and cart's name elsewhere
    replicaSet("shop", worker, "cart-worker", start, endMs),
    ...shop(`${worker}-k8s2p`, rs(worker), cart(2), start, endMs),
    ...hpa("shop", "cart-worker", "cart-worker", () => 5, ["memory", 80], start, endMs),
    ...pod({
      namespace: "staging",
      name: `${next}-q9w8r`,
      owner: rs(next),
      node,
      containers: cart(3),
      from: start,
      to: endMs,
    }),
    replicaSet("staging", next, "cart", start, endMs),
    // db: a StatefulSet, no HPA; db-backup's pod starts with "db-"
    ...shop("db-0", { kind: "StatefulSet", name: "db" }, db, start, endMs),
    ...shop("db-1", { kind: "StatefulSet", name: "db" }, db, start, endMs),
    ...shop("db-backup-0", { kind: "StatefulSet", name: "db-backup" }, db, start, endMs),
    {
      name: "kube_statefulset_replicas",
      labels: { namespace: "shop", statefulset: "db" },
      value: 2,
      from: start,
      to: endMs,
    },
    // legacy: pods by name; legacy-web-3's web container crash-loops (not running)
    ...["legacy-web-1", "legacy-web-2", "legacy-webhook-0", "old-legacy-web-1"].flatMap((name) =>
      pod({ namespace: "legacy", name, node, containers: web(), from: start, to: endMs }),
    ),
    ...pod({
      namespace: "legacy",
      name: "legacy-web-3",
      node,
      containers: web(false),
      from: start,
      to: endMs,
    }),
  ];
}

/** Hand-worked answers, at instants whose 5-minute windows lie in one state of the story. */
export const KUBE_EXPECTED = {
  cart: {
    // 100 minutes before the end: the old ReplicaSet's 2 pods (cart 0.25 + istio-proxy 0.05)
    beforeRollout: {
      cpu: 2 * 0.3,
      cpuRequests: 2 * 0.6,
      memory: 2 * 360 * MIB,
      memoryRequests: 2 * 640 * MIB,
      replicas: 2,
    },
    // 60 minutes before the end: the new ReplicaSet's 2 pods (cart 0.2 + istio-proxy 0.05)
    afterRollout: {
      cpu: 2 * 0.25,
      cpuRequests: 2 * 0.6,
      memory: 2 * 360 * MIB,
      memoryRequests: 2 * 640 * MIB,
      replicas: 2,
    },
    // at the end: 3 pods after the HPA's scale-out
    end: {
      cpu: 3 * 0.25,
      cpuRequests: 3 * 0.6,
      memory: 3 * 360 * MIB,
      memoryRequests: 3 * 640 * MIB,
      replicas: 3,
    },
  },
  db: {
    end: {
      cpu: 2 * 0.4,
      cpuRequests: 2 * 1,
      memory: 2 * GIB,
      memoryRequests: 4 * GIB,
      replicas: 2,
    },
  },
  legacy: {
    // the web containers of legacy-web-1..3; legacy-web-3 reserves its requests but does not run
    end: {
      cpu: 2 * 0.1,
      cpuRequests: 3 * 0.25,
      memory: 2 * 200 * MIB,
      memoryRequests: 3 * 256 * MIB,
      replicas: 2,
    },
  },
} as const;

/** Writes the data set for [endMs − SPAN_MS, endMs] into a Prometheus data directory. */
export function writeKubeData(dataDir: string, tmpDir: string, endMs: number): number {
  // As Prometheus scrapes them: cAdvisor through the kubelet (the prometheus-operator's
  // ServiceMonitor adds node and metrics_path), kube-state-metrics from its own pod.
  const target = (name: string): Record<string, string> =>
    name.startsWith("container_")
      ? {
          job: "kubelet",
          instance: "10.0.1.17:10250",
          metrics_path: "/metrics/cadvisor",
          node: "ip-10-0-1-17.eu-west-1.compute.internal",
        }
      : { job: "kube-state-metrics", instance: "10.0.2.5:8080" };
  const series = kubeSeries(endMs).map((s) => ({
    ...s,
    key: seriesKey(s.name, { ...target(s.name), ...s.labels }),
  }));
  let samples = 0;
  backfill({
    dataDir,
    tmpDir,
    fromMs: endMs - SPAN_MS,
    toMs: endMs + 1,
    chunk: (a, b) => {
      const lines: string[] = [];
      // one series' samples together, in time order (the HPA's replicas: many pieces of one)
      const byKey = new Map<string, Series[]>();
      for (const s of series) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
      for (const [key, parts] of byKey) {
        for (const s of parts) {
          for (let t = Math.max(s.from, Math.ceil(a / MIN) * MIN); t <= s.to && t < b; t += MIN) {
            lines.push(sampleLine(key, s.counter ? (s.value * (t - s.from)) / 1000 : s.value, t));
          }
        }
      }
      samples += lines.length;
      return lines.join("");
    },
  });
  return samples;
}
