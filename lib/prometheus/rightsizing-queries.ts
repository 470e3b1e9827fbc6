/**
 * Right-sizing's PromQL (docs/numbers.md, "Right-sizing"): KRR's simple strategy read for
 * every container of the catalog's namespaces at once, grouped by namespace, pod and
 * container, and mapped to workloads in code (lib/cost/rightsizing.ts). Three queries
 * whatever the number of workloads:
 *
 * - usage (instant): per container of each pod over the history, KRR's figures: the
 *   percentile of CPU usage (`rate` over the step, sampled at the step), the peak working
 *   set, and how many steps had a sample of each;
 * - now (instant): requests of the pods that exist now, their nodes, the pods' owners over
 *   the history (pods of earlier ReplicaSets included), HPA utilization targets, and the
 *   nodes' pricing labels and OpenCost prices;
 * - busy hours (range, one point per hour of the history): CPU per controller (and per pod
 *   for pods selected by name), and the bad and total events of each latency SLO per
 *   workload.
 *
 * Series carry the labels real exporters write (cAdvisor's `namespace`, `pod`,
 * `container`, `id`; kube-state-metrics v2's owners, requests, pods, HPAs and nodes). Pure
 * builders and parsing; the reader is rightsizing-reads.ts.
 */
import type { Catalog, Workload } from "../catalog/load";
import { PRICING_NODE_LABELS } from "../catalog/pricing";
import { formatDuration, type RightSizingSettings } from "../catalog/rightsizing";
import { escapeRegex, selector, union, withLabel, type Matcher } from "../promql";
import type { RangeSeries, Sample } from "./client";
import { REAL_CONTAINERS } from "./kubernetes";
import { eventQueries, groupSlos } from "./slo-queries";

/** The label naming what a result series is (its figure or part). */
export const RS_LABEL = "sightline_rightsizing";
/** The label naming the SLO of an event series. */
export const SLO_LABEL = "sightline_slo";

const K = "namespace, pod, container";
const CPU = "container_cpu_usage_seconds_total";
const WSS = "container_memory_working_set_bytes";
const REQUESTS = "kube_pod_container_resource_requests";

/** What the queries read: the namespaces the catalog maps workloads to, and pods by name. */
export interface RightSizingScope {
  namespaces: string[];
  /** Pods selected by name (`kubernetes.pod`): their namespaces and RE2 patterns. */
  podPatterns: { namespace: string; pattern: string }[];
}

/** The namespaces and pod patterns of the catalog's mapped workloads; null when none is mapped. */
export function rightSizingScope(catalog: Catalog): RightSizingScope | null {
  const namespaces = new Set<string>();
  const podPatterns: RightSizingScope["podPatterns"] = [];
  for (const w of catalog.workloads) {
    if (!w.kubernetes.ok) continue;
    const t = w.kubernetes.target;
    namespaces.add(t.namespace);
    if ("pattern" in t.pods) podPatterns.push({ namespace: t.namespace, pattern: t.pods.pattern });
  }
  return namespaces.size ? { namespaces: [...namespaces].sort(), podPatterns } : null;
}

const inNamespaces = (s: RightSizingScope): Matcher => ({
  label: "namespace",
  op: "=~",
  value: s.namespaces.map(escapeRegex).join("|"),
});

const tagged = (q: string, what: string) => withLabel(q, RS_LABEL, what);

/** `[14d:75s]`: the history, sampled at the step. */
const subquery = (s: RightSizingSettings) =>
  `[${formatDuration(s.historyMs)}:${formatDuration(s.stepMs)}]`;

/**
 * KRR's figures per container of each pod, at the evaluation time: the CPU percentile
 * (`quantile_over_time` of `rate` over the step), the peak working set, and the number of
 * steps at which each series had a sample (KRR's CPUAmountLoader and MemoryAmountLoader).
 */
export function usageQuery(scope: RightSizingScope, s: RightSizingSettings): string {
  const sel = [inNamespaces(scope), ...REAL_CONTAINERS];
  const cpu = selector(CPU, sel);
  const wss = selector(WSS, sel);
  const range = subquery(s);
  const step = formatDuration(s.stepMs);
  return union([
    tagged(
      `quantile_over_time(${s.cpuQuantile}, max by (${K}) (rate(${cpu}[${step}]))${range})`,
      "cpu_quantile",
    ),
    tagged(`count_over_time(max by (${K}) (${cpu})${range})`, "cpu_points"),
    tagged(`max_over_time(max by (${K}) (${wss})${range})`, "memory_peak"),
    tagged(`count_over_time(max by (${K}) (${wss})${range})`, "memory_points"),
  ]);
}

/**
 * What holds now, and the pods' owners over the history: requests of every container that
 * exists now, the node of every pod that exists now, each pod's controlling owner and each
 * ReplicaSet's Deployment at any time in the history, HPA utilization targets by scale
 * target, and the pricing labels and OpenCost prices of the nodes those pods run on.
 */
export function nowQuery(scope: RightSizingScope, s: RightSizingSettings): string {
  const ns = inNamespaces(scope);
  const history = `[${formatDuration(s.historyMs)}]`;
  const controller: Matcher = { label: "owner_is_controller", op: "=", value: "true" };
  const requests = selector(REQUESTS, [
    { label: "resource", op: "=~", value: "cpu|memory" },
    ns,
    ...REAL_CONTAINERS,
  ]);
  const podInfo = selector("kube_pod_info", [ns, { label: "node", op: "!=", value: "" }]);
  const target = selector("kube_horizontalpodautoscaler_spec_target_metric", [
    ns,
    { label: "metric_target_type", op: "=", value: "utilization" },
    { label: "metric_name", op: "=~", value: "cpu|memory" },
  ]);
  const hpaInfo = `topk by (namespace, horizontalpodautoscaler) (1, max by (namespace, horizontalpodautoscaler, scaletargetref_kind, scaletargetref_name) (${selector(
    "kube_horizontalpodautoscaler_info",
    [ns],
  )}))`;
  // Only the nodes the catalog's pods run on now.
  const theirNodes = `on (node) group by (node) (${podInfo})`;
  return union([
    tagged(`max by (${K}, resource) (${requests})`, "requests"),
    tagged(`max by (namespace, pod, node) (${podInfo})`, "pod_node"),
    tagged(
      `max by (namespace, pod, owner_kind, owner_name) (max_over_time(${selector("kube_pod_owner", [
        ns,
        controller,
      ])}${history}))`,
      "pod_owner",
    ),
    tagged(
      `max by (namespace, replicaset, owner_name) (max_over_time(${selector(
        "kube_replicaset_owner",
        [ns, controller, { label: "owner_kind", op: "=", value: "Deployment" }],
      )}${history}))`,
      "replicaset_owner",
    ),
    tagged(
      `max by (namespace, scaletargetref_kind, scaletargetref_name, metric_name) (${target} * on (namespace, horizontalpodautoscaler) group_left (scaletargetref_kind, scaletargetref_name) ${hpaInfo})`,
      "hpa",
    ),
    tagged(
      `max by (node, ${PRICING_NODE_LABELS.join(", ")}) (kube_node_labels) and ${theirNodes}`,
      "node_labels",
    ),
    tagged(`avg by (node) (node_cpu_hourly_cost) and ${theirNodes}`, "node_cpu_price"),
    tagged(`avg by (node) (node_ram_hourly_cost) and ${theirNodes}`, "node_memory_price"),
  ]);
}

/**
 * One series per pod that existed in the hour before each instant, `{namespace, pod,
 * owner_kind, owner_name}` = 1: its Deployment (through its ReplicaSet), StatefulSet or
 * DaemonSet.
 */
function podControllersOverHour(scope: RightSizingScope): string {
  const ns = inNamespaces(scope);
  const controller: Matcher = { label: "owner_is_controller", op: "=", value: "true" };
  const ofReplicaSets = `label_replace(max_over_time(${selector("kube_pod_owner", [
    ns,
    controller,
    { label: "owner_kind", op: "=", value: "ReplicaSet" },
  ])}[1h]), "replicaset", "$1", "owner_name", "(.+)")`;
  const deployments = `topk by (namespace, replicaset) (1, max by (namespace, replicaset, owner_kind, owner_name) (max_over_time(${selector(
    "kube_replicaset_owner",
    [ns, controller, { label: "owner_kind", op: "=", value: "Deployment" }],
  )}[1h])))`;
  const viaReplicaSets = `max by (namespace, pod, owner_kind, owner_name) (${ofReplicaSets} * on (namespace, replicaset) group_left (owner_kind, owner_name) ${deployments})`;
  const direct = `max by (namespace, pod, owner_kind, owner_name) (max_over_time(${selector(
    "kube_pod_owner",
    [ns, controller, { label: "owner_kind", op: "=~", value: "StatefulSet|DaemonSet" }],
  )}[1h]))`;
  return `topk by (namespace, pod) (1, ${viaReplicaSets} or ${direct})`;
}

/** The workloads whose latency SLOs the guard reads: mapped, with a latency SLO. */
export function guardedWorkloads(catalog: Catalog): Workload[] {
  return catalog.workloads
    .filter((w) => w.kubernetes.ok && w.slos.some((s) => s.indicator === "latency"))
    .map((w) => ({ ...w, slos: w.slos.filter((s) => s.indicator === "latency") }));
}

/**
 * The busy-hours query, read with a one-hour step over the history: at each point `t`,
 * the CPU cores used in (t − 1h, t] per controller (`cpu_controller`) and per pod selected
 * by name (`cpu_pod`), and each latency SLO's bad and total events in that hour per
 * workload (`slo_bad`, `slo_total`, with the SLO's name in SLO_LABEL). Null when no
 * workload has a latency SLO (there is nothing to guard).
 */
export function busyHoursQuery(catalog: Catalog, scope: RightSizingScope): string | null {
  const guarded = guardedWorkloads(catalog);
  if (guarded.length === 0) return null;
  const cpuOf = (extra: Matcher[]) =>
    `sum by (namespace, pod) (max by (${K}, id) (rate(${selector(CPU, [
      inNamespaces(scope),
      ...REAL_CONTAINERS,
      ...extra,
    ])}[1h])))`;
  const parts = [
    tagged(
      `sum by (namespace, owner_kind, owner_name) (${cpuOf([])} * on (namespace, pod) group_left (owner_kind, owner_name) ${podControllersOverHour(scope)})`,
      "cpu_controller",
    ),
  ];
  if (scope.podPatterns.length) {
    const alt = (xs: string[]) => [...new Set(xs)].map((x) => `(?:${x})`).join("|");
    parts.push(
      tagged(
        cpuOf([
          {
            label: "pod",
            op: "=~",
            value: alt(scope.podPatterns.map((p) => p.pattern)),
          },
        ]),
        "cpu_pod",
      ),
    );
  }
  const label = catalog.groupingLabel;
  for (const g of groupSlos({ ...catalog, workloads: guarded })) {
    const q = eventQueries(label, g, "1h");
    const named = (expr: string, what: string) =>
      withLabel(tagged(expr, what), SLO_LABEL, g.slo.name);
    parts.push(named(q.bad, "slo_bad"), named(q.total, "slo_total"));
  }
  return union(parts);
}

/** One container of one pod over the history (KRR's figures). */
export interface ContainerUsage {
  namespace: string;
  pod: string;
  container: string;
  /** Cores: the percentile of its CPU usage; null without CPU samples. */
  cpuQuantile: number | null;
  /** Steps with a CPU sample. */
  cpuPoints: number;
  /** Bytes: its peak working set; null without memory samples. */
  memoryPeak: number | null;
  memoryPoints: number;
}

const str = (l: Record<string, string>, k: string) => l[k] ?? "";
export const podKey = (namespace: string, pod: string) => JSON.stringify([namespace, pod]);

/** The usage query's samples, one entry per container of a pod. Non-finite values are absent. */
export function parseUsage(samples: Sample[]): ContainerUsage[] {
  const out = new Map<string, ContainerUsage>();
  for (const { labels, value } of samples) {
    if (!Number.isFinite(value)) continue;
    const who = {
      namespace: str(labels, "namespace"),
      pod: str(labels, "pod"),
      container: str(labels, "container"),
    };
    const key = JSON.stringify([who.namespace, who.pod, who.container]);
    let c = out.get(key);
    if (!c) {
      c = { ...who, cpuQuantile: null, cpuPoints: 0, memoryPeak: null, memoryPoints: 0 };
      out.set(key, c);
    }
    switch (labels[RS_LABEL]) {
      case "cpu_quantile":
        c.cpuQuantile = value;
        break;
      case "cpu_points":
        c.cpuPoints = value;
        break;
      case "memory_peak":
        c.memoryPeak = value;
        break;
      case "memory_points":
        c.memoryPoints = value;
        break;
    }
  }
  return [...out.values()];
}

/** Requests of one container of a pod that exists now: cores and bytes, null when unset. */
export interface ContainerRequests {
  namespace: string;
  pod: string;
  container: string;
  cpu: number | null;
  memory: number | null;
}

export interface HpaUtilizationTarget {
  namespace: string;
  /** The scale target: Deployment, StatefulSet… */
  kind: string;
  name: string;
  resource: "cpu" | "memory";
  /** Target utilization, % of the request. */
  percent: number;
}

/** What a node's price depends on (lib/cost/pricing.ts). */
export interface NodeFacts {
  labels: Record<string, string>;
  cpuPrice: number | null;
  memoryPrice: number | null;
}

/** The now query's answer. */
export interface RightSizingNow {
  requests: ContainerRequests[];
  /** podKey → node, for pods that exist now. */
  podNodes: Map<string, string>;
  /** podKey → its controlling owner at any time in the history. */
  podOwners: Map<string, { kind: string; name: string }>;
  /** JSON [namespace, replicaset] → the Deployment that owns it. */
  replicaSets: Map<string, string>;
  hpa: HpaUtilizationTarget[];
  nodes: Map<string, NodeFacts>;
}

export const replicaSetKey = (namespace: string, replicaset: string) =>
  JSON.stringify([namespace, replicaset]);

/** What is known now of a cluster with nothing in it. */
export function emptyNow(): RightSizingNow {
  return {
    requests: [],
    podNodes: new Map(),
    podOwners: new Map(),
    replicaSets: new Map(),
    hpa: [],
    nodes: new Map(),
  };
}

export function parseNow(samples: Sample[]): RightSizingNow {
  const requests = new Map<string, ContainerRequests>();
  const now = emptyNow();
  const node = (name: string): NodeFacts => {
    let n = now.nodes.get(name);
    if (!n) {
      n = { labels: {}, cpuPrice: null, memoryPrice: null };
      now.nodes.set(name, n);
    }
    return n;
  };
  for (const { labels: l, value } of samples) {
    if (!Number.isFinite(value)) continue;
    switch (l[RS_LABEL]) {
      case "requests": {
        const resource = str(l, "resource");
        if (resource !== "cpu" && resource !== "memory") break;
        const who = { namespace: str(l, "namespace"), pod: str(l, "pod") };
        const container = str(l, "container");
        const key = JSON.stringify([who.namespace, who.pod, container]);
        let r = requests.get(key);
        if (!r) {
          r = { ...who, container, cpu: null, memory: null };
          requests.set(key, r);
        }
        r[resource] = value;
        break;
      }
      case "pod_node":
        now.podNodes.set(podKey(str(l, "namespace"), str(l, "pod")), str(l, "node"));
        break;
      case "pod_owner":
        now.podOwners.set(podKey(str(l, "namespace"), str(l, "pod")), {
          kind: str(l, "owner_kind"),
          name: str(l, "owner_name"),
        });
        break;
      case "replicaset_owner":
        now.replicaSets.set(
          replicaSetKey(str(l, "namespace"), str(l, "replicaset")),
          str(l, "owner_name"),
        );
        break;
      case "hpa": {
        const resource = str(l, "metric_name");
        if (resource !== "cpu" && resource !== "memory") break;
        now.hpa.push({
          namespace: str(l, "namespace"),
          kind: str(l, "scaletargetref_kind"),
          name: str(l, "scaletargetref_name"),
          resource,
          percent: value,
        });
        break;
      }
      case "node_labels": {
        const n = node(str(l, "node"));
        for (const label of PRICING_NODE_LABELS) if (l[label]) n.labels[label] = l[label]!;
        break;
      }
      case "node_cpu_price":
        node(str(l, "node")).cpuPrice = value;
        break;
      case "node_memory_price":
        node(str(l, "node")).memoryPrice = value;
        break;
    }
  }
  now.requests = [...requests.values()];
  return now;
}

export type Point = [ms: number, value: number];

/** The busy-hours query's answer: hourly series. */
export interface BusyHours {
  /** JSON [namespace, kind, name] → cores used per hour. */
  controllers: Map<string, Point[]>;
  /** podKey → cores used per hour (pods selected by name). */
  pods: Map<string, Point[]>;
  /** JSON [slo, workload] → bad and total events per hour. */
  slo: Map<string, { bad: Point[]; total: Point[] }>;
}

export const controllerKey = (namespace: string, kind: string, name: string) =>
  JSON.stringify([namespace, kind, name]);
export const sloKey = (slo: string, workload: string) => JSON.stringify([slo, workload]);

export function parseBusyHours(series: RangeSeries[], groupingLabel: string): BusyHours {
  const out: BusyHours = { controllers: new Map(), pods: new Map(), slo: new Map() };
  for (const { labels: l, points } of series) {
    const finite = points.filter(([, v]) => Number.isFinite(v));
    switch (l[RS_LABEL]) {
      case "cpu_controller":
        out.controllers.set(
          controllerKey(str(l, "namespace"), str(l, "owner_kind"), str(l, "owner_name")),
          finite,
        );
        break;
      case "cpu_pod":
        out.pods.set(podKey(str(l, "namespace"), str(l, "pod")), finite);
        break;
      case "slo_bad":
      case "slo_total": {
        const key = sloKey(str(l, SLO_LABEL), str(l, groupingLabel));
        const e = out.slo.get(key) ?? { bad: [], total: [] };
        e[l[RS_LABEL] === "slo_bad" ? "bad" : "total"] = finite;
        out.slo.set(key, e);
        break;
      }
    }
  }
  return out;
}
