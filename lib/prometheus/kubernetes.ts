/**
 * Selecting a workload's pods and containers as kube-state-metrics and cAdvisor label them
 * (docs/architecture.md, "Workloads in Kubernetes"): `namespace`, `pod`, `container`, and
 * owners through `kube_pod_owner` and `kube_replicaset_owner`. No grouping label is read
 * here: real container series do not carry one. Pure builders.
 */
import type { KubeTarget } from "../catalog/kubernetes";
import { anyOf, selector, type Matcher } from "../promql";

/** cAdvisor's pod-level cgroup (`container=""`) and the pause container (`POD`) are not workloads' containers. */
export const REAL_CONTAINERS: Matcher[] = [
  { label: "container", op: "!=", value: "" },
  { label: "container", op: "!=", value: "POD" },
];

/** Matchers of a target's container series (cAdvisor, kube-state-metrics' per-container series). */
export function containerMatchers(t: KubeTarget): Matcher[] {
  return [
    { label: "namespace", op: "=", value: t.namespace },
    ...("pattern" in t.pods ? [{ label: "pod", op: "=~" as const, value: t.pods.pattern }] : []),
    ...REAL_CONTAINERS,
    ...(t.container ? [{ label: "container", op: "=~" as const, value: t.container }] : []),
  ];
}

/**
 * One series per pod of the target, `{namespace, pod}` = 1, to join container series
 * with `* on (namespace, pod) group_left()`; null when the pods are selected by name
 * (containerMatchers already narrows them). Deployment pods are owned by a ReplicaSet
 * that the Deployment owns: every ReplicaSet of it counts, so pods of earlier rollouts do.
 */
export function targetPods(t: KubeTarget): string | null {
  if ("pattern" in t.pods) return null;
  const ns: Matcher = { label: "namespace", op: "=", value: t.namespace };
  const controller: Matcher = { label: "owner_is_controller", op: "=", value: "true" };
  if (t.pods.owner === "Deployment") {
    const podsOfReplicaSets = `label_replace(${selector("kube_pod_owner", [
      ns,
      controller,
      { label: "owner_kind", op: "=", value: "ReplicaSet" },
    ])}, "replicaset", "$1", "owner_name", "(.*)")`;
    const replicaSets = `max by (namespace, replicaset) (${selector("kube_replicaset_owner", [
      ns,
      { label: "owner_kind", op: "=", value: "Deployment" },
      { label: "owner_name", op: "=", value: t.pods.name },
    ])})`;
    return `max by (namespace, pod) (${podsOfReplicaSets} * on (namespace, replicaset) group_left() ${replicaSets})`;
  }
  return `max by (namespace, pod) (${selector("kube_pod_owner", [
    ns,
    controller,
    { label: "owner_kind", op: "=", value: t.pods.owner },
    { label: "owner_name", op: "=", value: t.pods.name },
  ])})`;
}

/** `expr` restricted to the target's pods (expr must carry `namespace` and `pod`). */
export function onTargetPods(expr: string, t: KubeTarget): string {
  const pods = targetPods(t);
  return pods === null ? expr : `(${expr} * on (namespace, pod) group_left() ${pods})`;
}

/**
 * Replicas of the target: the HPA's current replicas when an HPA scales it, else the
 * controller's desired replicas, else the number of its pods with a running container.
 */
export function replicasQuery(t: KubeTarget): string {
  const ns: Matcher = { label: "namespace", op: "=", value: t.namespace };
  const running = `count(${onTargetPods(
    `max by (namespace, pod) (${selector("kube_pod_container_status_running", containerMatchers(t))} == 1)`,
    t,
  )})`;
  if ("pattern" in t.pods) return running;
  const hpa =
    `max(${selector("kube_horizontalpodautoscaler_status_current_replicas", [ns])}` +
    ` * on (namespace, horizontalpodautoscaler) group_left() ${selector(
      "kube_horizontalpodautoscaler_info",
      [
        ns,
        { label: "scaletargetref_kind", op: "=", value: t.pods.owner },
        { label: "scaletargetref_name", op: "=", value: t.pods.name },
      ],
    )})`;
  const spec = {
    Deployment: ["kube_deployment_spec_replicas", "deployment"],
    StatefulSet: ["kube_statefulset_replicas", "statefulset"],
    DaemonSet: ["kube_daemonset_status_desired_number_scheduled", "daemonset"],
  }[t.pods.owner];
  const desired = `max(${selector(spec[0]!, [ns, anyOf(spec[1]!, [t.pods.name])])})`;
  return `${hpa} or ${desired} or ${running}`;
}
