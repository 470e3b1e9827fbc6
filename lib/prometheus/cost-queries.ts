/**
 * The cost sync's PromQL (docs/numbers.md, "Cost"), built for a chunk of hours and read as
 * range queries with a one-hour step: the point at `t` describes the hour (t − 1h, t].
 * Three queries per chunk (CPU, memory, the rest) whatever the number of workloads: pods
 * are aggregated by their controller (namespace, owner kind, owner name) and node, and
 * lib/cost maps controllers to workloads; pods selected by name form one more part of
 * the same queries. Series carry the labels real exporters write: cAdvisor's `namespace`,
 * `pod`, `container`, `id`; kube-state-metrics v2's owner, pod, node and HPA series;
 * OpenCost's per-node prices. Pure builders and parsing; the reader is cost-reads.ts.
 */
import { PRICING_NODE_LABELS } from "../catalog/pricing";
import { escapeRegex, selector, union, withLabel, type Matcher } from "../promql";
import type { RangeSeries } from "./client";
import { REAL_CONTAINERS } from "./kubernetes";

/** The label naming a result's figure, and the one naming its part. */
export const FIGURE_LABEL = "sightline_cost";
export const PART_LABEL = "sightline_part";

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
 * 2⁻³⁰: per-container hours are rounded to a multiple of it (a billionth of a core-hour or
 * GiB-hour, a byte-hour). Prometheus adds a group's series in no fixed order, and float
 * addition depends on order; multiples of a power of two add exactly, in any order, so a
 * second sync of an hour writes the very same numbers.
 */
export const QUANTUM = 2 ** -30;
const quantized = (q: string) => `round(${q}, ${QUANTUM})`;

/** Pods selected by name (the catalog's `kubernetes.pod`), all such workloads at once. */
export interface PodPatterns {
  namespaces: string[];
  /** RE2 patterns, anchored by Prometheus. */
  patterns: string[];
}

function patternMatchers(p: PodPatterns | null): Matcher[] {
  if (!p) return [];
  const alt = (xs: string[]) => [...new Set(xs)].map((x) => `(?:${x})`).join("|");
  return [
    { label: "namespace", op: "=~", value: alt(p.namespaces.map(escapeRegex)) },
    { label: "pod", op: "=~", value: alt(p.patterns) },
  ];
}

/** Minutes each container was running in the hour: minute steps whose state was running. */
function runningMinutes(extra: Matcher[]): string {
  const running = selector("kube_pod_container_status_running", [...REAL_CONTAINERS, ...extra]);
  return `sum_over_time((max by (${K}) (${running} == 1))${MINUTES})`;
}

/** Requested core-hours (cpu) or GiB-hours (memory) per container: average request × minutes running. */
function requestHours(resource: "cpu" | "memory", extra: Matcher[]): string {
  const req = selector("kube_pod_container_resource_requests", [
    { label: "resource", op: "=", value: resource },
    ...REAL_CONTAINERS,
    ...extra,
  ]);
  const scale = resource === "cpu" ? "60" : `${60 * GIB}`;
  return quantized(
    `max by (${K}) (avg_over_time(${req}${HOUR})) * on (${K}) ${runningMinutes(extra)} / ${scale}`,
  );
}

/**
 * Used core-hours per container: the counter's increase over the hour / 3600. Series of one
 * container id (scraped twice) count once; a restarted container's series (a new id) add.
 */
function cpuUsageHours(extra: Matcher[]): string {
  const cpu = selector("container_cpu_usage_seconds_total", [...REAL_CONTAINERS, ...extra]);
  return quantized(`sum by (${K}) (max by (${K}, id) (increase(${cpu}${HOUR}))) / 3600`);
}

/** Used GiB-hours per container: the average working set over the hour's samples × minutes running. */
function memoryUsageHours(extra: Matcher[]): string {
  const wss = selector("container_memory_working_set_bytes", [...REAL_CONTAINERS, ...extra]);
  const avg = `(sum by (${K}) (sum_over_time(${wss}${HOUR})) / sum by (${K}) (count_over_time(${wss}${HOUR})))`;
  return quantized(`${avg} * on (${K}) ${runningMinutes(extra)} / ${60 * GIB}`);
}

/** Element-wise max(request, usage) per container, either side alone when the other is absent. */
function allocHours(request: string, usage: string): string {
  return `((${request} >= ${usage}) or ${usage} or ${request})`;
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

/** Controller and node of every pod that has either, `{namespace, pod, owner_kind?, owner_name?, node?}`. */
function podKeys(): string {
  const ctrl = podControllers();
  const node = podNodes([]);
  return `((${ctrl} * on (namespace, pod) group_left (node) ${node}) or on (namespace, pod) ${ctrl} or on (namespace, pod) ${node})`;
}

/** Per-container `f` summed by controller, container and node; pods without a controller keep empty owner labels. */
function byController(f: string): string {
  return `sum by (namespace, owner_kind, owner_name, container, node) (${f} * on (namespace, pod) group_left (owner_kind, owner_name, node) ${podKeys()} or on (${K}) ${f})`;
}

/** Per-container `f` of the pods selected by name, by pod, container and node. */
function byPod(f: string, extra: Matcher[]): string {
  return `sum by (namespace, pod, container, node) (${f} * on (namespace, pod) group_left (node) ${podNodes(extra)} or on (${K}) ${f})`;
}

const tag = (q: string, part: Part, figure: Figure) =>
  withLabel(withLabel(q, PART_LABEL, part), FIGURE_LABEL, figure);

export type Part = "controllers" | "pods" | "hpa" | "nodes";
export type Figure =
  | "cpu_request"
  | "cpu_usage"
  | "cpu_alloc"
  | "memory_request"
  | "memory_usage"
  | "memory_alloc"
  | "pod_hours"
  | "hpa_target"
  | "cpu_capacity"
  | "memory_capacity"
  | "cpu_price"
  | "memory_price"
  | "node_labels";

function resourceQuery(resource: "cpu" | "memory", patterns: PodPatterns | null): string {
  const parts: string[] = [];
  const scopes: [Part, Matcher[]][] = [["controllers", []]];
  if (patterns) scopes.push(["pods", patternMatchers(patterns)]);
  for (const [part, extra] of scopes) {
    const request = requestHours(resource, extra);
    const usage = resource === "cpu" ? cpuUsageHours(extra) : memoryUsageHours(extra);
    const group = (f: string) => (part === "controllers" ? byController(f) : byPod(f, extra));
    parts.push(
      tag(group(request), part, `${resource}_request`),
      tag(group(usage), part, `${resource}_usage`),
      tag(group(allocHours(request, usage)), part, `${resource}_alloc`),
    );
  }
  return union(parts);
}

/** Pod-hours (replicas averaged over the hour), HPA utilization targets, node capacity, prices and labels. */
function metaQuery(patterns: PodPatterns | null): string {
  const podHours = (extra: Matcher[]) =>
    `(max by (namespace, pod) (${runningMinutes(extra)}) / 60)`;
  const pods = podHours([]);
  const parts = [
    tag(
      `sum by (namespace, owner_kind, owner_name, node) (${pods} * on (namespace, pod) group_left (owner_kind, owner_name, node) ${podKeys()} or on (namespace, pod) ${pods})`,
      "controllers",
      "pod_hours",
    ),
  ];
  if (patterns) {
    const extra = patternMatchers(patterns);
    const scoped = podHours(extra);
    parts.push(
      tag(
        `sum by (namespace, pod, node) (${scoped} * on (namespace, pod) group_left (node) ${podNodes(extra)} or on (namespace, pod) ${scoped})`,
        "pods",
        "pod_hours",
      ),
    );
  }
  const target = selector("kube_horizontalpodautoscaler_spec_target_metric", [
    { label: "metric_target_type", op: "=", value: "utilization" },
    { label: "metric_name", op: "=~", value: "cpu|memory" },
  ]);
  const hpaInfo = `topk by (namespace, horizontalpodautoscaler) (1, max by (namespace, horizontalpodautoscaler, scaletargetref_kind, scaletargetref_name) (max_over_time(kube_horizontalpodautoscaler_info${HOUR})))`;
  parts.push(
    tag(
      `max by (namespace, scaletargetref_kind, scaletargetref_name, metric_name) (max_over_time(${target}${HOUR}) * on (namespace, horizontalpodautoscaler) group_left (scaletargetref_kind, scaletargetref_name) ${hpaInfo})`,
      "hpa",
      "hpa_target",
    ),
  );
  const capacity = (resource: string) =>
    `sum_over_time((max by (node) (${selector("kube_node_status_capacity", [
      { label: "resource", op: "=", value: resource },
    ])}))${MINUTES})`;
  parts.push(
    tag(`${capacity("cpu")} / 60`, "nodes", "cpu_capacity"),
    tag(`${capacity("memory")} / ${60 * GIB}`, "nodes", "memory_capacity"),
    tag(`avg by (node) (avg_over_time(node_cpu_hourly_cost${HOUR}))`, "nodes", "cpu_price"),
    tag(`avg by (node) (avg_over_time(node_ram_hourly_cost${HOUR}))`, "nodes", "memory_price"),
    tag(
      `max by (node, ${PRICING_NODE_LABELS.join(", ")}) (max_over_time(kube_node_labels${HOUR}))`,
      "nodes",
      "node_labels",
    ),
  );
  return union(parts);
}

export interface CostQueries {
  cpu: string;
  memory: string;
  meta: string;
}

/** The chunk's three queries; `patterns` is null when no workload selects pods by name. */
export function costQueries(patterns: PodPatterns | null): CostQueries {
  return {
    cpu: resourceQuery("cpu", patterns),
    memory: resourceQuery("memory", patterns),
    meta: metaQuery(patterns),
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
}

export interface PodHours {
  part: "controllers" | "pods";
  namespace: string;
  ownerKind: string;
  ownerName: string;
  pod: string;
  node: string;
  hours: number;
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
  pods: PodHours[];
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

/**
 * The chunk's hours from the three queries' series, in hour order. A non-finite value
 * (a NaN from an empty division) counts as absent.
 */
export function parseCostSeries(series: RangeSeries[]): CostHour[] {
  const hours = new Map<number, CostHour>();
  const containers = new Map<string, ContainerHours>();
  const hourOf = (tMs: number): CostHour => {
    const hourMs = tMs - 3_600_000;
    let h = hours.get(hourMs);
    if (!h) {
      h = { hourMs, containers: [], pods: [], hpa: [], nodes: new Map() };
      hours.set(hourMs, h);
    }
    return h;
  };
  for (const s of series) {
    const l = s.labels;
    const part = l[PART_LABEL] as Part | undefined;
    const figure = l[FIGURE_LABEL] as Figure | undefined;
    if (!part || !figure) continue;
    for (const [tMs, value] of s.points) {
      if (!Number.isFinite(value)) continue;
      const h = hourOf(tMs);
      const str = (k: string) => l[k] ?? "";
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
        if (figure === "cpu_capacity") n.cpuCapacity = value;
        else if (figure === "memory_capacity") n.memoryCapacity = value;
        else if (figure === "cpu_price") n.cpuPrice = value;
        else if (figure === "memory_price") n.memoryPrice = value;
        else if (figure === "node_labels") {
          for (const label of PRICING_NODE_LABELS) if (l[label]) n.labels[label] = l[label]!;
        }
        continue;
      }
      const who = {
        part,
        namespace: str("namespace"),
        ownerKind: str("owner_kind"),
        ownerName: str("owner_name"),
        pod: str("pod"),
        node: str("node"),
      };
      if (figure === "pod_hours") {
        h.pods.push({ ...who, hours: value });
        continue;
      }
      const [resource, kind] = figure.split("_") as ["cpu" | "memory", keyof ResourceHours];
      const key = JSON.stringify([h.hourMs, part, who, str("container")]);
      let c = containers.get(key);
      if (!c) {
        c = {
          ...who,
          container: str("container"),
          cpu: { request: 0, usage: 0, alloc: 0 },
          memory: { request: 0, usage: 0, alloc: 0 },
        };
        containers.set(key, c);
        h.containers.push(c);
      }
      c[resource][kind] = value;
    }
  }
  return [...hours.values()].sort((a, b) => a.hourMs - b.hourMs);
}
