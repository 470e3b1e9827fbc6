/**
 * Whether each workload's Kubernetes mapping matches series (docs/architecture.md,
 * "Workloads in Kubernetes"): its owner in kube-state-metrics (a Deployment's ReplicaSets,
 * a StatefulSet's or DaemonSet's pods, or pods by name) and cAdvisor's and
 * kube-state-metrics' container series in its namespace. Label-value lookups only (no
 * sample is read), batched: their number depends on the namespaces and owner names in the
 * catalog, not on how many workloads share them.
 */
import "server-only";
import { describeTarget, type KubeTarget } from "../catalog/kubernetes";
import type { Catalog } from "../catalog/load";
import { anyOf, escapeRegex, selector, type Matcher } from "../promql";
import type { PrometheusClient } from "./client";
import { CONTAINER_METRICS, REAL_CONTAINERS } from "./kubernetes";
import { chunkByLength, MAX_SELECTOR_CHARS } from "./label-lookups";

/** found: series in the last hour; stale: only earlier in the lookback; missing: none. */
type State = "found" | "stale" | "missing";

/** What a lookup was for: the pods (through their owner) or a container metric. */
export type KubeLookupRole = "pods" | "cpuUsage" | "memoryUsage" | "requests";

export interface KubeLookup {
  role: KubeLookupRole;
  /** The selector whose series were looked for. */
  selector: string;
  state: State;
}

export interface KubernetesCheck {
  /** False when the catalog gives the workload no Kubernetes objects. */
  mapped: boolean;
  /** "Deployment payments/checkout", or why there is no mapping. */
  target: string;
  /** The namespace its pods are looked for in (absent when unmapped). */
  namespace?: string;
  /** The owner lookup first, then the container metrics in the workload's namespace. */
  lookups: KubeLookup[];
}

const ns = (namespace: string): Matcher => ({ label: "namespace", op: "=", value: namespace });

/** The series that show a target's pods exist, and the label that names the owner (or pod). */
function ownerLookup(t: KubeTarget, names: string[]): { metric: string; matchers: Matcher[] } {
  if ("pattern" in t.pods) {
    return {
      metric: "kube_pod_info",
      matchers: [ns(t.namespace), { label: "pod", op: "=~", value: names.join("|") }],
    };
  }
  // A Deployment owns ReplicaSets, which own the pods; the other kinds own pods directly.
  const metric = t.pods.owner === "Deployment" ? "kube_replicaset_owner" : "kube_pod_owner";
  return {
    metric,
    matchers: [
      ns(t.namespace),
      { label: "owner_kind", op: "=", value: t.pods.owner },
      anyOf("owner_name", names),
    ],
  };
}

/** The selector a workload's pods lookup reports (and its chart reason names). */
export function podsSelector(t: KubeTarget): string {
  const { metric, matchers } = ownerLookup(t, ["pattern" in t.pods ? t.pods.pattern : t.pods.name]);
  return selector(metric, matchers);
}

const CONTAINER_LOOKUPS: { role: Exclude<KubeLookupRole, "pods">; metric: string }[] = [
  { role: "cpuUsage", metric: CONTAINER_METRICS.cpuUsage },
  { role: "memoryUsage", metric: CONTAINER_METRICS.memoryUsage },
  { role: "requests", metric: CONTAINER_METRICS.requests },
];

/** The selector a workload's namespace-level lookup of a container metric reports. */
function containerSelector(metric: string, namespace: string): string {
  return selector(metric, [ns(namespace), ...REAL_CONTAINERS]);
}

/**
 * Owner lookups in batches of `owner_name` values: a batch never asks for one name twice
 * (in two namespaces or kinds), so each value found belongs to exactly one target.
 */
function ownerBatches(targets: KubeTarget[]): KubeTarget[][] {
  const batches: {
    names: Set<string>;
    groups: Set<string>;
    targets: KubeTarget[];
    chars: number;
  }[] = [];
  for (const t of targets) {
    if ("pattern" in t.pods) continue;
    const name = t.pods.name;
    const group = groupOf(t);
    // A name adds itself to its group's alternation; a new group adds a selector.
    const cost = (b: { groups: Set<string> }) =>
      name.length + 1 + (b.groups.has(group) ? 0 : group.length + 60);
    let b = batches.find((x) => !x.names.has(name) && x.chars + cost(x) <= MAX_SELECTOR_CHARS);
    if (!b) batches.push((b = { names: new Set(), groups: new Set(), targets: [], chars: 0 }));
    b.chars += cost(b);
    b.names.add(name);
    b.groups.add(group);
    b.targets.push(t);
  }
  return batches.map((b) => b.targets);
}

/** Targets of one owner lookup selector: the same series, namespace and kind. */
function groupOf(t: KubeTarget): string {
  return `${ownerLookup(t, []).metric}|${t.namespace}|${"owner" in t.pods ? t.pods.owner : ""}`;
}

type Key = string;
const keyOf = (t: KubeTarget): Key => JSON.stringify([t.namespace, t.pods]);

/** Which targets' pods have series in [start, end]. */
async function podsPresent(
  prom: PrometheusClient,
  targets: KubeTarget[],
  start: Date,
  end: Date,
): Promise<Set<Key>> {
  const found = new Set<Key>();
  const owned = ownerBatches(targets).map(async (batch) => {
    // One selector per (metric, namespace, kind), with every name of the batch it owns.
    const groups = new Map<string, KubeTarget[]>();
    for (const t of batch) groups.set(groupOf(t), [...(groups.get(groupOf(t)) ?? []), t]);
    const match = [...groups.values()].map((ts) => {
      const { metric, matchers } = ownerLookup(
        ts[0]!,
        ts.map((t) => ("owner" in t.pods ? t.pods.name : "")),
      );
      return selector(metric, matchers);
    });
    const values = new Set(
      await prom.labelValues("catalog:check:kubernetes:owners", "owner_name", match, start, end),
    );
    for (const t of batch) if ("owner" in t.pods && values.has(t.pods.name)) found.add(keyOf(t));
  });
  // Pods by name: one lookup per namespace, each pod name tested against each pattern.
  const byNamespace = new Map<string, KubeTarget[]>();
  for (const t of targets) {
    if ("pattern" in t.pods)
      byNamespace.set(t.namespace, [...(byNamespace.get(t.namespace) ?? []), t]);
  }
  const named = [...byNamespace.values()].map(async (ts) => {
    const patterns = ts.map((t) => ("pattern" in t.pods ? t.pods.pattern : ""));
    const { metric, matchers } = ownerLookup(
      ts[0]!,
      patterns.map((p) => `(?:${p})`),
    );
    const pods = await prom.labelValues(
      "catalog:check:kubernetes:pods",
      "pod",
      [selector(metric, matchers)],
      start,
      end,
    );
    for (const t of ts) {
      const re = new RegExp(`^(?:${"pattern" in t.pods ? t.pods.pattern : ""})$`);
      if (pods.some((p) => re.test(p))) found.add(keyOf(t));
    }
  });
  await Promise.all([...owned, ...named]);
  return found;
}

/** Per container metric, the namespaces (of those asked) that have its series in [start, end]. */
async function namespacesWith(
  prom: PrometheusClient,
  namespaces: string[],
  start: Date,
  end: Date,
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  await Promise.all(
    CONTAINER_LOOKUPS.map(async ({ metric }) => {
      const found = new Set<string>();
      for (const part of chunkByLength(namespaces.map(escapeRegex), MAX_SELECTOR_CHARS)) {
        const match = selector(metric, [
          { label: "namespace", op: "=~", value: part.join("|") },
          ...REAL_CONTAINERS,
        ]);
        const values = await prom.labelValues(
          `catalog:check:kubernetes:${metric}`,
          "namespace",
          [match],
          start,
          end,
        );
        for (const v of values) found.add(v);
      }
      out.set(metric, found);
    }),
  );
  return out;
}

/**
 * Every workload's Kubernetes check, in catalog order: the pods lookup and the container
 * metrics in its namespace, each found (last hour), stale (only earlier since
 * `lookbackStart`) or missing.
 */
export async function checkKubernetes(
  prom: PrometheusClient,
  catalog: Catalog,
  time: Date,
  recentStart: Date,
  lookbackStart: Date,
): Promise<KubernetesCheck[]> {
  const targets = catalog.workloads.flatMap((w) => (w.kubernetes.ok ? [w.kubernetes.target] : []));
  const unique = [...new Map(targets.map((t) => [keyOf(t), t])).values()];
  const namespaces = [...new Set(unique.map((t) => t.namespace))].sort();
  const ask = (start: Date) =>
    unique.length === 0
      ? Promise.resolve([new Set<Key>(), new Map<string, Set<string>>()] as const)
      : Promise.all([
          podsPresent(prom, unique, start, time),
          namespacesWith(prom, namespaces, start, time),
        ]);
  const [[podsRecent, nsRecent], [podsEver, nsEver]] = await Promise.all([
    ask(recentStart),
    ask(lookbackStart),
  ]);
  const state = (recent: boolean, ever: boolean): State =>
    recent ? "found" : ever ? "stale" : "missing";
  return kubernetesChecks(catalog, (t, lookup) =>
    lookup.role === "pods"
      ? state(podsRecent.has(keyOf(t)), podsEver.has(keyOf(t)))
      : state(
          nsRecent.get(lookup.metric)?.has(t.namespace) ?? false,
          nsEver.get(lookup.metric)?.has(t.namespace) ?? false,
        ),
  );
}

/** Every workload's lookups in catalog order, each in the state `stateOf` says. */
function kubernetesChecks(
  catalog: Catalog,
  stateOf: (t: KubeTarget, lookup: { role: "pods" } | (typeof CONTAINER_LOOKUPS)[number]) => State,
): KubernetesCheck[] {
  return catalog.workloads.map((w): KubernetesCheck => {
    if (!w.kubernetes.ok) return { mapped: false, target: w.kubernetes.reason, lookups: [] };
    const t = w.kubernetes.target;
    return {
      mapped: true,
      target: describeTarget(t),
      namespace: t.namespace,
      lookups: [
        { role: "pods", selector: podsSelector(t), state: stateOf(t, { role: "pods" }) },
        ...CONTAINER_LOOKUPS.map((lookup) => ({
          role: lookup.role,
          selector: containerSelector(lookup.metric, t.namespace),
          state: stateOf(t, lookup),
        })),
      ],
    };
  });
}

/** The check of a workload whose lookups could not run: every lookup missing. */
export function uncheckedKubernetes(catalog: Catalog): KubernetesCheck[] {
  return kubernetesChecks(catalog, () => "missing");
}

/** The lookups each Kubernetes chart of the workload page needs. */
const CHART_LOOKUPS: Record<string, KubeLookupRole[]> = {
  cpu: ["pods", "cpuUsage", "requests"],
  memory: ["pods", "memoryUsage", "requests"],
  replicas: ["pods"],
};

/**
 * Why a Kubernetes chart (cpu, memory, replicas) has no value: no mapping, the owner or
 * pods not found (naming the namespace and owner looked for), a container metric absent
 * from the namespace, or no samples in the window. Undefined for other charts.
 */
export function whyNoKubernetesValue(check: KubernetesCheck, chart: string): string | undefined {
  const roles = CHART_LOOKUPS[chart];
  if (!roles) return undefined;
  if (!check.mapped) return `no Kubernetes objects to read: ${check.target}`;
  for (const role of roles) {
    const l = check.lookups.find((x) => x.role === role);
    if (!l || l.state === "found") continue;
    const where =
      role === "pods"
        ? `no pods of ${check.target}`
        : `no ${role === "requests" ? "kube-state-metrics requests" : "cAdvisor series"} in namespace ${check.namespace}`;
    return l.state === "missing"
      ? `${where}: ${l.selector} matched no series`
      : `${where} in the last hour: ${l.selector} has series only earlier`;
  }
  return "no samples in this window";
}
