/**
 * The cost sync's PromQL (docs/numbers.md, "Cost"), built for a chunk of hours and read as
 * range queries with a one-hour step: the point at `t` describes the hour (t − 1h, t].
 * Three queries per chunk whatever the number of workloads: requested and used hours,
 * allocated hours (max of both per container), and the rest (HPA targets, nodes). Pods are
 * aggregated by their controller (namespace, owner kind, owner name) and node, and lib/cost
 * maps controllers to workloads; pods selected by name form one more part of the same
 * queries. Series carry the labels real exporters write: cAdvisor's `namespace`, `pod`,
 * `container`, `id`; kube-state-metrics v2's owner, pod, node and HPA series; OpenCost's
 * per-node prices. Pure builders and parsing; the reader is cost-reads.ts.
 *
 * Prometheus evaluates every occurrence of a sub-expression anew, so each query names the
 * per-container figures once: one vector whose `resource` (cpu, memory, pod) and `side`
 * (request, usage, hours) labels say what each series is.
 */
import { PRICING_NODE_LABELS } from "../catalog/pricing";
import { escapeRegex, selector, union, withLabel, type Matcher } from "../promql";
import type { RangeSeries } from "./client";
import { REAL_CONTAINERS } from "./kubernetes";

/** The label naming a result's part (controllers, pods, hpa, nodes), and the one naming a node figure. */
export const PART_LABEL = "sightline_part";
export const FIGURE_LABEL = "sightline_cost";

export const GIB = 1024 ** 3;

/**
 * The minute steps of the hour ending at the evaluation time: t − 59m … t. 3599 s, not 1h:
 * Prometheus 2 counts both ends of a range (61 steps), Prometheus 3 only the right one;
 * 3599 s gives the same 60 steps in both.
 */
const MINUTES = "[3599s:1m]";
const HOUR = "[1h]";

const K = "namespace, pod, container";

/**
 * 2⁻³⁶ (1.5 × 10⁻¹¹): per-container hours are rounded to a multiple of it. Prometheus adds a
 * group's series in no fixed order, and float addition depends on order; multiples of a
 * power of two add exactly, in any order (up to 2¹⁷ core-hours or GiB-hours per controller
 * and hour), so a second sync of an hour writes the very same numbers.
 */
export const QUANTUM = 2 ** -36;

/** Pods selected by name (the catalog's `kubernetes.pod`), all such workloads at once. */
export interface PodPatterns {
  namespaces: string[];
  /** RE2 patterns, anchored by Prometheus. */
  patterns: string[];
}

function patternMatchers(p: PodPatterns): Matcher[] {
  const alt = (xs: string[]) => [...new Set(xs)].map((x) => `(?:${x})`).join("|");
  return [
    { label: "namespace", op: "=~", value: alt(p.namespaces.map(escapeRegex)) },
    { label: "pod", op: "=~", value: alt(p.patterns) },
  ];
}

const tagged = (q: string, labels: Record<string, string>) =>
  Object.entries(labels).reduce((acc, [k, v]) => withLabel(acc, k, v), q);

/**
 * Every container's hours in the hour, `{namespace, pod, container, resource, side}`:
 * requested cores and GiB (average request × minutes running / 60), used GiB (average
 * working set of the hour's samples × minutes running / 60), used cores (the CPU counter's
 * increase / 3600) and hours running (resource="pod", side="hours"). Minutes running are
 * the minute steps whose latest kube_pod_container_status_running sample is 1.
 */
function containerHours(extra: Matcher[]): string {
  const real = [...REAL_CONTAINERS, ...extra];
  const running = selector("kube_pod_container_status_running", real);
  // The state series is 1 while running, 0 otherwise: its sum over the minute steps counts
  // the minutes running. (A subquery of a bare selector is far cheaper than of an expression.)
  const minutes = `max by (${K}) (sum_over_time(${running}${MINUTES}))`;
  const request = (resource: string) =>
    `max by (${K}) (avg_over_time(${selector("kube_pod_container_resource_requests", [
      { label: "resource", op: "=", value: resource },
      ...real,
    ])}${HOUR}))`;
  const wss = selector("container_memory_working_set_bytes", real);
  const cpu = selector("container_cpu_usage_seconds_total", real);
  const timesMinutes = union([
    tagged(request("cpu"), { resource: "cpu", side: "request" }),
    tagged(`${request("memory")} / ${GIB}`, { resource: "memory", side: "request" }),
    tagged(
      `sum by (${K}) (sum_over_time(${wss}${HOUR})) / sum by (${K}) (count_over_time(${wss}${HOUR})) / ${GIB}`,
      { resource: "memory", side: "usage" },
    ),
    tagged(`max by (${K}) (max_over_time(${running}${HOUR})) * 0 + 1`, {
      resource: "pod",
      side: "hours",
    }),
  ]);
  // Series of one container id (scraped twice) count once; a restarted container's (a new id) add.
  const cpuUsage = tagged(`sum by (${K}) (max by (${K}, id) (increase(${cpu}${HOUR}))) / 3600`, {
    resource: "cpu",
    side: "usage",
  });
  return `round((${timesMinutes}) * on (${K}) group_left () ${minutes} / 60 or ${cpuUsage}, ${QUANTUM})`;
}

/** max(request, usage) per container and resource, side="alloc" (running hours pass through). */
function allocHours(hours: string): string {
  return withLabel(`max by (${K}, resource) (${hours})`, "side", "alloc");
}

/** One series per pod: its controller, `{namespace, pod, owner_kind, owner_name}` = 1. */
export function podControllers(): string {
  const controller: Matcher = { label: "owner_is_controller", op: "=", value: "true" };
  const ofReplicaSets = `max by (namespace, pod, replicaset) (label_replace(max_over_time(${selector(
    "kube_pod_owner",
    [controller, { label: "owner_kind", op: "=", value: "ReplicaSet" }],
  )}${HOUR}), "replicaset", "$1", "owner_name", "(.+)"))`;
  const deployments = `topk by (namespace, replicaset) (1, max by (namespace, replicaset, owner_kind, owner_name) (max_over_time(${selector(
    "kube_replicaset_owner",
    [controller, { label: "owner_kind", op: "=", value: "Deployment" }],
  )}${HOUR})))`;
  const viaReplicaSets = `max by (namespace, pod, owner_kind, owner_name) (${ofReplicaSets} * on (namespace, replicaset) group_left (owner_kind, owner_name) ${deployments})`;
  const direct = `max by (namespace, pod, owner_kind, owner_name) (max_over_time(${selector(
    "kube_pod_owner",
    [controller, { label: "owner_kind", op: "=~", value: "StatefulSet|DaemonSet" }],
  )}${HOUR}))`;
  return `topk by (namespace, pod) (1, ${viaReplicaSets} or ${direct})`;
}

/** One series per pod seen on a node in the hour: `{namespace, pod, node}` = 1. */
function podNodes(extra: Matcher[]): string {
  const info = selector("kube_pod_info", [{ label: "node", op: "!=", value: "" }, ...extra]);
  return `topk by (namespace, pod) (1, max by (namespace, pod, node) (max_over_time(${info}${HOUR})))`;
}

/** Every pod with a container state in the hour, `{namespace, pod}` = 1. */
function podsSeen(extra: Matcher[]): string {
  return `group by (namespace, pod) (max_over_time(${selector("kube_pod_container_status_running", extra)}${HOUR}))`;
}

/**
 * Controller and node of every pod, `{namespace, pod, owner_kind?, owner_name?, node?}`:
 * labels a pod lacks (no controller, no kube_pod_info) stay empty. Each part is
 * evaluated once.
 */
function podKeys(): string {
  const seen = podsSeen([]);
  const owners = `(${podControllers()} or on (namespace, pod) ${seen})`;
  const nodes = `(${podNodes([])} or on (namespace, pod) ${seen})`;
  return `(${owners} * on (namespace, pod) group_left (node) ${nodes})`;
}

/** Per-container hours summed by controller, container, node, resource and side. */
function byController(hours: string): string {
  return `sum by (namespace, owner_kind, owner_name, container, node, resource, side) (${hours} * on (namespace, pod) group_left (owner_kind, owner_name, node) ${podKeys()})`;
}

/** Per-container hours of the pods selected by name, by pod, container, node, resource and side. */
function byPod(hours: string, extra: Matcher[]): string {
  const nodes = `(${podNodes(extra)} or on (namespace, pod) ${podsSeen(extra)})`;
  return `sum by (namespace, pod, container, node, resource, side) (${hours} * on (namespace, pod) group_left (node) ${nodes})`;
}

export type Part = "controllers" | "pods" | "hpa" | "nodes";

/** One query over the controllers part and, when some workloads select pods by name, their part. */
function containersQuery(patterns: PodPatterns | null, shape: (hours: string) => string): string {
  const parts = [tagged(byController(shape(containerHours([]))), { [PART_LABEL]: "controllers" })];
  if (patterns) {
    const extra = patternMatchers(patterns);
    parts.push(tagged(byPod(shape(containerHours(extra)), extra), { [PART_LABEL]: "pods" }));
  }
  return union(parts);
}

/** HPA utilization targets, node capacity, OpenCost's node prices and node labels. */
function metaQuery(): string {
  const target = selector("kube_horizontalpodautoscaler_spec_target_metric", [
    { label: "metric_target_type", op: "=", value: "utilization" },
    { label: "metric_name", op: "=~", value: "cpu|memory" },
  ]);
  const hpaInfo = `topk by (namespace, horizontalpodautoscaler) (1, max by (namespace, horizontalpodautoscaler, scaletargetref_kind, scaletargetref_name) (max_over_time(kube_horizontalpodautoscaler_info${HOUR})))`;
  const capacity = (resource: string) =>
    `sum_over_time((max by (node) (${selector("kube_node_status_capacity", [
      { label: "resource", op: "=", value: resource },
    ])}))${MINUTES})`;
  const node = (q: string, figure: string) =>
    tagged(q, { [PART_LABEL]: "nodes", [FIGURE_LABEL]: figure });
  return union([
    tagged(
      `max by (namespace, scaletargetref_kind, scaletargetref_name, metric_name) (max_over_time(${target}${HOUR}) * on (namespace, horizontalpodautoscaler) group_left (scaletargetref_kind, scaletargetref_name) ${hpaInfo})`,
      { [PART_LABEL]: "hpa" },
    ),
    node(`${capacity("cpu")} / 60`, "cpu_capacity"),
    node(`${capacity("memory")} / ${60 * GIB}`, "memory_capacity"),
    node(`avg by (node) (avg_over_time(node_cpu_hourly_cost${HOUR}))`, "cpu_price"),
    node(`avg by (node) (avg_over_time(node_ram_hourly_cost${HOUR}))`, "memory_price"),
    node(
      `max by (node, ${PRICING_NODE_LABELS.join(", ")}) (max_over_time(kube_node_labels${HOUR}))`,
      "node_labels",
    ),
  ]);
}

export interface CostQueries {
  /** Requested and used hours, and hours running. */
  hours: string;
  /** max(request, usage) per container, summed alike. */
  alloc: string;
  meta: string;
}

/** The chunk's three queries; `patterns` is null when no workload selects pods by name. */
export function costQueries(patterns: PodPatterns | null): CostQueries {
  return {
    hours: containersQuery(patterns, (h) => h),
    alloc: containersQuery(patterns, allocHours),
    meta: metaQuery(),
  };
}

/** Requested, used and allocated (max of both, per container) hours of one resource. */
export interface ResourceHours {
  request: number;
  usage: number;
  alloc: number;
}

/** One container of a controller (or of a pod selected by name) on one node, over one hour. */
export interface ContainerHours {
  part: "controllers" | "pods";
  namespace: string;
  /** Empty for a pod without a Deployment, StatefulSet or DaemonSet. */
  ownerKind: string;
  ownerName: string;
  /** Only in the `pods` part. */
  pod: string;
  container: string;
  /** Empty when kube_pod_info did not say. */
  node: string;
  /** Core-hours. */
  cpu: ResourceHours;
  /** GiB-hours. */
  memory: ResourceHours;
  /** Hours running, summed over the pods (for a controller) of this container name. */
  runningHours: number;
}

export interface HpaTarget {
  namespace: string;
  kind: string;
  name: string;
  resource: "cpu" | "memory";
  /** Target utilization, % of the request. */
  percent: number;
}

export interface NodeHour {
  /** Capacity core-hours and GiB-hours in the hour; null without kube_node_status_capacity. */
  cpuCapacity: number | null;
  memoryCapacity: number | null;
  /** OpenCost's $ per vCPU-hour and per GiB-hour; null without its series. */
  cpuPrice: number | null;
  memoryPrice: number | null;
  /** The node's `label_*` pricing labels from kube_node_labels. */
  labels: Record<string, string>;
}

/** What Prometheus said about one hour. */
export interface CostHour {
  /** Start of the hour, unix ms. */
  hourMs: number;
  containers: ContainerHours[];
  hpa: HpaTarget[];
  nodes: Map<string, NodeHour>;
}

const emptyNode = (): NodeHour => ({
  cpuCapacity: null,
  memoryCapacity: null,
  cpuPrice: null,
  memoryPrice: null,
  labels: {},
});

const SIDES = new Set(["request", "usage", "alloc"]);

/**
 * The chunk's hours from the three queries' series, in hour order; containers in the order
 * of their labels, so that sums over them are the same from run to run. A non-finite value
 * (a NaN from an empty division) counts as absent.
 */
export function parseCostSeries(series: RangeSeries[]): CostHour[] {
  const hours = new Map<number, CostHour>();
  const containers = new Map<string, ContainerHours>();
  const hourOf = (tMs: number): CostHour => {
    const hourMs = tMs - 3_600_000;
    let h = hours.get(hourMs);
    if (!h) {
      h = { hourMs, containers: [], hpa: [], nodes: new Map() };
      hours.set(hourMs, h);
    }
    return h;
  };
  for (const s of series) {
    const l = s.labels;
    const str = (k: string) => l[k] ?? "";
    const part = l[PART_LABEL] as Part | undefined;
    if (!part) continue;
    for (const [tMs, value] of s.points) {
      if (!Number.isFinite(value)) continue;
      const h = hourOf(tMs);
      if (part === "hpa") {
        const resource = str("metric_name");
        if (resource !== "cpu" && resource !== "memory") continue;
        h.hpa.push({
          namespace: str("namespace"),
          kind: str("scaletargetref_kind"),
          name: str("scaletargetref_name"),
          resource,
          percent: value,
        });
        continue;
      }
      if (part === "nodes") {
        const name = str("node");
        const n = h.nodes.get(name) ?? emptyNode();
        h.nodes.set(name, n);
        const figure = str(FIGURE_LABEL);
        if (figure === "cpu_capacity") n.cpuCapacity = value;
        else if (figure === "memory_capacity") n.memoryCapacity = value;
        else if (figure === "cpu_price") n.cpuPrice = value;
        else if (figure === "memory_price") n.memoryPrice = value;
        else if (figure === "node_labels") {
          for (const label of PRICING_NODE_LABELS) if (l[label]) n.labels[label] = l[label]!;
        }
        continue;
      }
      const resource = str("resource");
      const side = str("side");
      const who = {
        part,
        namespace: str("namespace"),
        ownerKind: str("owner_kind"),
        ownerName: str("owner_name"),
        pod: str("pod"),
        container: str("container"),
        node: str("node"),
      };
      const key = JSON.stringify([h.hourMs, who]);
      let c = containers.get(key);
      if (!c) {
        c = {
          ...who,
          cpu: { request: 0, usage: 0, alloc: 0 },
          memory: { request: 0, usage: 0, alloc: 0 },
          runningHours: 0,
        };
        containers.set(key, c);
        h.containers.push(c);
      }
      if ((resource === "cpu" || resource === "memory") && SIDES.has(side)) {
        c[resource][side as keyof ResourceHours] = value;
      } else if (resource === "pod" && side === "hours") {
        c.runningHours = value;
      }
    }
  }
  const order = (c: ContainerHours) =>
    [c.part, c.namespace, c.ownerKind, c.ownerName, c.pod, c.container, c.node].join("\u0000");
  for (const h of hours.values()) {
    h.containers.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  }
  return [...hours.values()].sort((a, b) => a.hourMs - b.hourMs);
}
