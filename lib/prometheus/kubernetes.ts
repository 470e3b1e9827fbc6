/**
 * Selecting a workload's pods and containers as kube-state-metrics (v2) and cAdvisor (the
 * kubelet's /metrics/cadvisor) label them (docs/architecture.md, "Workloads in
 * Kubernetes"): `namespace`, `pod`, `container`, and owners through `kube_pod_owner` and
 * `kube_replicaset_owner`. No grouping label is read here: real container series do not
 * carry one. Pure builders: no query is sent from this file.
 */
import type { KubeTarget } from "../catalog/kubernetes";
import { selector, type Matcher } from "../promql";

/** cAdvisor's pod-level cgroup (`container=""`) and the pause container (`POD`) are not workloads' containers. */
export const REAL_CONTAINERS: Matcher[] = [
  { label: "container", op: "!=", value: "" },
  { label: "container", op: "!=", value: "POD" },
];

/** cAdvisor's CPU counter and memory gauge, and kube-state-metrics' per-container requests. */
export const CONTAINER_METRICS = {
  cpuUsage: "container_cpu_usage_seconds_total",
  memoryUsage: "container_memory_working_set_bytes",
  requests: "kube_pod_container_resource_requests",
} as const;

const inNamespace = (t: KubeTarget): Matcher => ({
  label: "namespace",
  op: "=",
  value: t.namespace,
});

/** Matchers of a target's container series (cAdvisor, kube-state-metrics' per-container series). */
export function containerMatchers(t: KubeTarget): Matcher[] {
  return [
    inNamespace(t),
    ...("pattern" in t.pods ? [{ label: "pod", op: "=~" as const, value: t.pods.pattern }] : []),
    ...REAL_CONTAINERS,
    ...(t.container ? [{ label: "container", op: "=~" as const, value: t.container }] : []),
  ];
}

/** `kube_pod_container_resource_requests` of the target's containers for one resource. */
export function requestsSelector(t: KubeTarget, resource: "cpu" | "memory"): string {
  return selector(CONTAINER_METRICS.requests, [
    ...containerMatchers(t),
    { label: "resource", op: "=", value: resource },
  ]);
}

/** A series at each instant, or, with `over`, the series that existed at any time in it. */
const within = (sel: string, over?: string) => (over ? `max_over_time(${sel}[${over}])` : sel);

/**
 * One series per pod of the target, `{namespace, pod}` = 1, to join container series
 * with `* on (namespace, pod) group_left()`; null when the pods are selected by name
 * (containerMatchers already narrows them). Deployment pods are owned by a ReplicaSet
 * that the Deployment owns: every ReplicaSet of it counts, so pods of earlier rollouts do.
 * With `over` (a range such as `1h`), a pod counts when it existed at any time in the
 * range before each instant: pods that ended within a rate window keep their share.
 */
export function targetPods(t: KubeTarget, over?: string): string | null {
  if ("pattern" in t.pods) return null;
  const ns = inNamespace(t);
  const controller: Matcher = { label: "owner_is_controller", op: "=", value: "true" };
  if (t.pods.owner === "Deployment") {
    const podsOfReplicaSets = `label_replace(${within(
      selector("kube_pod_owner", [
        ns,
        controller,
        { label: "owner_kind", op: "=", value: "ReplicaSet" },
      ]),
      over,
    )}, "replicaset", "$1", "owner_name", "(.*)")`;
    const replicaSets = `max by (namespace, replicaset) (${within(
      selector("kube_replicaset_owner", [
        ns,
        { label: "owner_kind", op: "=", value: "Deployment" },
        { label: "owner_name", op: "=", value: t.pods.name },
      ]),
      over,
    )})`;
    return `max by (namespace, pod) (${podsOfReplicaSets} * on (namespace, replicaset) group_left() ${replicaSets})`;
  }
  return `max by (namespace, pod) (${within(
    selector("kube_pod_owner", [
      ns,
      controller,
      { label: "owner_kind", op: "=", value: t.pods.owner },
      { label: "owner_name", op: "=", value: t.pods.name },
    ]),
    over,
  )})`;
}

/** `expr` restricted to the target's pods (expr must carry `namespace` and `pod`). */
export function onTargetPods(expr: string, t: KubeTarget, over?: string): string {
  const pods = targetPods(t, over);
  return pods === null ? expr : `(${expr} * on (namespace, pod) group_left() ${pods})`;
}

/**
 * The HPAs that scale the target, `{namespace, horizontalpodautoscaler}` = 1; null for pods
 * selected by name (no HPA targets a regex).
 */
export function targetHpas(t: KubeTarget): string | null {
  if ("pattern" in t.pods) return null;
  return `max by (namespace, horizontalpodautoscaler) (${selector(
    "kube_horizontalpodautoscaler_info",
    [
      inNamespace(t),
      { label: "scaletargetref_kind", op: "=", value: t.pods.owner },
      { label: "scaletargetref_name", op: "=", value: t.pods.name },
    ],
  )})`;
}

/**
 * The targets of the HPAs that scale the target, one series per `{metric_name,
 * metric_target_type}` (e.g. cpu, utilization = 70): which resources an HPA sizes by.
 * Null when no HPA can target it.
 */
export function hpaTargetMetricsQuery(t: KubeTarget): string | null {
  const hpas = targetHpas(t);
  if (hpas === null) return null;
  return `max by (metric_name, metric_target_type) (${selector(
    "kube_horizontalpodautoscaler_spec_target_metric",
    [inNamespace(t)],
  )} * on (namespace, horizontalpodautoscaler) group_left() ${hpas})`;
}

/** The controller's own desired replicas in kube-state-metrics: its series and label. */
const DESIRED = {
  Deployment: ["kube_deployment_spec_replicas", "deployment"],
  StatefulSet: ["kube_statefulset_replicas", "statefulset"],
  DaemonSet: ["kube_daemonset_status_desired_number_scheduled", "daemonset"],
} as const;

/**
 * Replicas of the target: the HPA's current replicas when an HPA scales it, else the
 * controller's desired replicas, else the number of its pods with a running container.
 */
export function replicasQuery(t: KubeTarget): string {
  const running = `count(${onTargetPods(
    `max by (namespace, pod) (${selector("kube_pod_container_status_running", containerMatchers(t))} == 1)`,
    t,
  )})`;
  const hpas = targetHpas(t);
  if ("pattern" in t.pods || hpas === null) return running;
  const hpa = `max(${selector("kube_horizontalpodautoscaler_status_current_replicas", [
    inNamespace(t),
  ])} * on (namespace, horizontalpodautoscaler) group_left() ${hpas})`;
  const [metric, label] = DESIRED[t.pods.owner];
  const desired = `max(${selector(metric, [inNamespace(t), { label, op: "=", value: t.pods.name }])})`;
  return `${hpa} or ${desired} or ${running}`;
}
