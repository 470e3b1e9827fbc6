/**
 * Right-sizing (docs/numbers.md, "Right-sizing"): KRR's simple strategy per workload and
 * container, from what Prometheus said about every container of the catalog's namespaces
 * (lib/prometheus/rightsizing-queries.ts). Pods are mapped to workloads here, through
 * their owners over the whole history, so pods of earlier ReplicaSets count.
 *
 * - CPU request = the highest per-pod percentile (95th) of CPU usage, rounded up to a
 *   millicore, at least 10 m; memory = the peak working set × 1.15, rounded up to a MiB, at
 *   least 100 MiB.
 * - Savings per month = Σ over the container's pods that exist now of (request now −
 *   recommended) × the price of the pod's node × 730 h, per resource.
 * - Held back, per resource: an HPA that scales the workload on that resource's
 *   utilization; too few data points; for a CPU cut, a latency SLO burning in the
 *   workload's busiest hours.
 *
 * Pure.
 */
import type { Catalog, Workload } from "../catalog/load";
import { formatDuration, type RightSizingSettings } from "../catalog/rightsizing";
import type { KubeTarget } from "../catalog/kubernetes";
import {
  controllerKey,
  emptyNow,
  podKey,
  replicaSetKey,
  sloKey,
  type BusyHours,
  type ContainerUsage,
  type Point,
  type RightSizingNow,
} from "../prometheus/rightsizing-queries";
import { burnRate } from "../slo/budget";
import { priceNode } from "./pricing";

export type Resource = "cpu" | "memory";
export const RESOURCES: readonly Resource[] = ["cpu", "memory"];

/** Hours in a month, as cloud price sheets count them (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;
export const MIB = 1024 ** 2;
export const GIB = 1024 ** 3;

/** Why a resource's recommendation is held back. */
export type HoldBackCode = "hpa" | "history" | "latency-slo";

export interface HoldBack {
  code: HoldBackCode;
  /** A plain sentence, as the table and the CSV show it. */
  message: string;
}

export interface ResourceRecommendation {
  /** The request set now (cores or bytes): the largest over the container's pods that exist now; null when none sets one. */
  current: number | null;
  /** The strategy's figure: the highest per-pod percentile (cores) or the peak working set (bytes); null without samples. */
  basis: number | null;
  /** What the strategy recommends from `basis`: buffered, rounded up, floored; null without samples. */
  computed: number | null;
  /** `computed`, unless held back (then null). */
  recommended: number | null;
  /** Samples at the step, summed over the container's pods in the history. */
  dataPoints: number;
  heldBack: HoldBack[];
  /** (current − recommended) × price × 730 h over the pods that exist now; null when held back or unknown. */
  savingsUsdPerMonth: number | null;
}

/** What the latency guard found for a workload: its worst latency SLO in its busiest hours. */
export interface BusyHoursBurn {
  slo: string;
  /** Burn rate of the SLO's events summed over the busy hours. */
  burnRate: number;
  /** Hours at or above the CPU threshold, and the threshold (cores). */
  busyHours: number;
  cpuThreshold: number;
}

export interface RightSizingRow {
  /** workload and container, unique: the row's path for last good data. */
  key: string;
  workload: string;
  team: string;
  namespace: string;
  /** "Deployment checkout", "pods legacy-.*". */
  target: string;
  container: string;
  /** Pods of the workload with this container that exist now. */
  pods: number;
  cpu: ResourceRecommendation;
  memory: ResourceRecommendation;
  /** Sum of both resources' savings that are known; null when neither is. Negative: the recommendation costs more. */
  savingsUsdPerMonth: number | null;
  /** The latency guard's reading; null when it has nothing to read (no latency SLO, no traffic). */
  busyHoursBurn: BusyHoursBurn | null;
}

export interface RightSizingSettingsView {
  history: string;
  step: string;
  cpuPercentile: number;
  memoryBufferPercent: number;
  minDataPoints: number;
  cpuMinCores: number;
  memoryMinBytes: number;
  allowHpa: boolean;
  latencyGuard: { busyHoursQuantile: number; burnRate: number } | null;
}

export interface RightSizing {
  settings: RightSizingSettingsView;
  /** Sorted by savings, largest first; rows without savings last. */
  rows: RightSizingRow[];
  /** Workloads with no row, and why. */
  missing: { workload: string; team: string; reason: string }[];
  /** Sum of the rows' savings (negative ones included). */
  totalSavingsUsdPerMonth: number;
}

/** What the computation reads: lib/prometheus/rightsizing-reads.ts's answer. */
export interface RightSizingInput {
  usage: ContainerUsage[];
  now: RightSizingNow;
  busy: BusyHours | null;
}

/** Nothing read (no workload is mapped to Kubernetes). */
export const NOTHING_READ: RightSizingInput = {
  usage: [],
  now: emptyNow(),
  busy: null,
};

export function settingsView(s: RightSizingSettings): RightSizingSettingsView {
  return {
    history: formatDuration(s.historyMs),
    step: formatDuration(s.stepMs),
    cpuPercentile: Number((s.cpuQuantile * 100).toPrecision(12)),
    memoryBufferPercent: Number((s.memoryBuffer * 100).toPrecision(12)),
    minDataPoints: s.minDataPoints,
    cpuMinCores: s.cpuMin,
    memoryMinBytes: s.memoryMin,
    allowHpa: s.allowHpa,
    latencyGuard: s.latencyGuard,
  };
}

/** Float noise below 12 significant digits dropped before rounding up (0.30000000000000004 is 0.3). */
const clean = (x: number) => Number(x.toPrecision(12));

/** KRR's CPU request: the percentile rounded up to a whole millicore, at least the floor. */
export function recommendCpu(quantile: number, s: RightSizingSettings): number {
  return Math.max(Math.ceil(clean(quantile * 1000)) / 1000, s.cpuMin);
}

/** KRR's memory request: peak × (1 + buffer), rounded up to a whole MiB, at least the floor. */
export function recommendMemory(peak: number, s: RightSizingSettings): number {
  return Math.max(Math.ceil(clean((peak * (1 + s.memoryBuffer)) / MIB)) * MIB, s.memoryMin);
}

/**
 * The φ-quantile of values as Prometheus's quantile_over_time computes it (rank φ(n − 1),
 * linear interpolation between neighbours); null for no values.
 */
export function quantile(values: number[], phi: number): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const rank = phi * (v.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo]! + (v[hi]! - v[lo]!) * (rank - lo);
}

/**
 * The latency guard: the hours of the history whose CPU usage is at or above the
 * `busyHoursQuantile` of the workload's hourly CPU, and over those hours together each
 * latency SLO's bad and total events; the SLO that burns fastest. Null without hourly CPU
 * or without latency events in the busy hours.
 */
export function busyHoursBurn(
  cpu: Point[],
  slos: { name: string; objective: number; bad: Point[]; total: Point[] }[],
  busyHoursQuantile: number,
): BusyHoursBurn | null {
  const threshold = quantile(
    cpu.map(([, v]) => v),
    busyHoursQuantile,
  );
  if (threshold === null) return null;
  const busy = new Set(cpu.filter(([, v]) => v >= threshold).map(([t]) => t));
  let worst: BusyHoursBurn | null = null;
  for (const slo of slos) {
    const inBusy = (ps: Point[]) => ps.reduce((a, [t, v]) => (busy.has(t) ? a + v : a), 0);
    const total = inBusy(slo.total);
    if (!(total > 0)) continue;
    const burn = burnRate(inBusy(slo.bad) / total, slo.objective);
    if (!worst || burn > worst.burnRate) {
      worst = { slo: slo.name, burnRate: burn, busyHours: busy.size, cpuThreshold: threshold };
    }
  }
  return worst;
}

/** Hourly series added point by point (a workload's pods selected by name). */
function addSeries(series: Point[][]): Point[] {
  const sum = new Map<number, number>();
  for (const s of series) for (const [t, v] of s) sum.set(t, (sum.get(t) ?? 0) + v);
  return [...sum.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * An RE2 pattern of the catalog, anchored as Prometheus anchors it. Unicode mode first (so
 * `.` matches a whole code point); a pattern only the legacy mode reads (`\-` outside a
 * class) is read in that mode rather than failing the report.
 */
function anchored(re: string): RegExp {
  try {
    return new RegExp(`^(?:${re})$`, "u");
  } catch {
    return new RegExp(`^(?:${re})$`);
  }
}

function describeTarget(t: KubeTarget): string {
  return "owner" in t.pods ? `${t.pods.owner} ${t.pods.name}` : `pods ${t.pods.pattern}`;
}

const RESOURCE_NAME: Record<Resource, string> = { cpu: "CPU", memory: "memory" };

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** "about 2 h 5 min": a duration in words for the history message. */
function aboutDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** Index of the inputs, built once for all workloads. */
function indexInputs(input: RightSizingInput) {
  // Controller of each pod: its Deployment through its ReplicaSet, or its StatefulSet or DaemonSet.
  const podsOfController = new Map<string, Set<string>>();
  for (const [pod, owner] of input.now.podOwners) {
    const [namespace] = JSON.parse(pod) as [string, string];
    let ctrl: string | null = null;
    if (owner.kind === "ReplicaSet") {
      const deployment = input.now.replicaSets.get(replicaSetKey(namespace, owner.name));
      if (deployment !== undefined) ctrl = controllerKey(namespace, "Deployment", deployment);
    } else {
      ctrl = controllerKey(namespace, owner.kind, owner.name);
    }
    if (ctrl === null) continue;
    const set = podsOfController.get(ctrl) ?? new Set();
    set.add(pod);
    podsOfController.set(ctrl, set);
  }
  const byNamespace = <T extends { namespace: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const list = m.get(x.namespace);
      if (list) list.push(x);
      else m.set(x.namespace, [x]);
    }
    return m;
  };
  const hpa = new Map<string, Partial<Record<Resource, number>>>();
  for (const h of input.now.hpa) {
    const key = controllerKey(h.namespace, h.kind, h.name);
    hpa.set(key, { ...hpa.get(key), [h.resource]: h.percent });
  }
  return {
    podsOfController,
    usageByNamespace: byNamespace(input.usage),
    requestsByNamespace: byNamespace(input.now.requests),
    hpa,
  };
}

/**
 * The recommendations for every workload of the catalog, sorted by savings. A workload
 * without a Kubernetes mapping, or whose mapping matched no container, is listed in
 * `missing` with the reason.
 */
export function computeRightSizing(catalog: Catalog, input: RightSizingInput): RightSizing {
  const s = catalog.rightsizing;
  const idx = indexInputs(input);
  const rows: RightSizingRow[] = [];
  const missing: RightSizing["missing"] = [];
  const priceOf = new Map<string, ReturnType<typeof priceNode>>();
  const price = (node: string | undefined) => {
    const key = node ?? "";
    let p = priceOf.get(key);
    if (!p) {
      p = priceNode(catalog.pricing, node ? input.now.nodes.get(node) : undefined);
      priceOf.set(key, p);
    }
    return p;
  };

  for (const w of catalog.workloads) {
    if (!w.kubernetes.ok) {
      missing.push({ workload: w.name, team: w.team, reason: w.kubernetes.reason });
      continue;
    }
    const t = w.kubernetes.target;
    const container = t.container === undefined ? null : anchored(t.container);
    const pods = podsOf(t, idx.podsOfController);
    const inWorkload = (c: { namespace: string; pod: string; container: string }) =>
      c.namespace === t.namespace &&
      pods(c.pod) &&
      (container === null || container.test(c.container));
    const usage = (idx.usageByNamespace.get(t.namespace) ?? []).filter(inWorkload);
    const requests = (idx.requestsByNamespace.get(t.namespace) ?? []).filter(inWorkload);
    const names = [...new Set([...usage, ...requests].map((c) => c.container))].sort();
    if (names.length === 0) {
      missing.push({
        workload: w.name,
        team: w.team,
        reason: `no container of ${describeTarget(t)} in namespace ${t.namespace} had samples in the last ${formatDuration(s.historyMs)}`,
      });
      continue;
    }
    const hpa =
      "owner" in t.pods
        ? idx.hpa.get(controllerKey(t.namespace, t.pods.owner, t.pods.name))
        : undefined;
    const guard = s.latencyGuard
      ? latencyReading(w, t, input.busy, s.latencyGuard.busyHoursQuantile)
      : null;

    for (const name of names) {
      const u = usage.filter((c) => c.container === name);
      const r = requests.filter((c) => c.container === name);
      const resource = (res: Resource): ResourceRecommendation => {
        const basis =
          res === "cpu" ? maxOf(u.map((c) => c.cpuQuantile)) : maxOf(u.map((c) => c.memoryPeak));
        const dataPoints = sum(u.map((c) => (res === "cpu" ? c.cpuPoints : c.memoryPoints)));
        const current = maxOf(r.map((c) => c[res]));
        const computed =
          basis === null
            ? null
            : res === "cpu"
              ? recommendCpu(basis, s)
              : recommendMemory(basis, s);
        const heldBack: HoldBack[] = [];
        const target = hpa?.[res];
        if (target !== undefined && !s.allowHpa) {
          heldBack.push({
            code: "hpa",
            message: `An HPA scales ${describeTarget(t)} on ${RESOURCE_NAME[res]} utilization (target ${target} % of the request): changing the request changes when it scales.`,
          });
        }
        if (dataPoints < s.minDataPoints) {
          heldBack.push({
            code: "history",
            message: `Too little history: ${dataPoints} data point${dataPoints === 1 ? "" : "s"} at the ${formatDuration(s.stepMs)} step in the last ${formatDuration(s.historyMs)}, fewer than the ${s.minDataPoints} required (about ${aboutDuration(s.minDataPoints * s.stepMs)} of one pod).`,
          });
        }
        if (
          res === "cpu" &&
          guard !== null &&
          s.latencyGuard !== null &&
          guard.burnRate > s.latencyGuard.burnRate &&
          computed !== null &&
          current !== null &&
          computed < current
        ) {
          heldBack.push({
            code: "latency-slo",
            message: `Latency SLO ${guard.slo} burned at ${guard.burnRate.toFixed(2)} times its budget in the busiest ${guard.busyHours} hour${guard.busyHours === 1 ? "" : "s"} (CPU at or above ${guard.cpuThreshold.toFixed(3)} cores): a CPU cut could slow it further.`,
          });
        }
        const recommended = heldBack.length ? null : computed;
        let savings: number | null = null;
        if (recommended !== null) {
          const perPod = r.filter((c) => c[res] !== null);
          if (perPod.length) {
            savings = sum(
              perPod.map((c) => {
                const p = price(input.now.podNodes.get(podKey(c.namespace, c.pod)));
                const unitPrice = res === "cpu" ? p.cpu : p.memory / GIB;
                return (c[res]! - recommended) * unitPrice * HOURS_PER_MONTH;
              }),
            );
          }
        }
        return {
          current,
          basis,
          computed,
          recommended,
          dataPoints,
          heldBack,
          savingsUsdPerMonth: savings,
        };
      };
      const cpu = resource("cpu");
      const memory = resource("memory");
      const known = [cpu.savingsUsdPerMonth, memory.savingsUsdPerMonth].filter(
        (x): x is number => x !== null,
      );
      rows.push({
        key: JSON.stringify([w.name, name]),
        workload: w.name,
        team: w.team,
        namespace: t.namespace,
        target: describeTarget(t),
        container: name,
        pods: new Set(r.map((c) => c.pod)).size,
        cpu,
        memory,
        savingsUsdPerMonth: known.length ? sum(known) : null,
        busyHoursBurn: guard,
      });
    }
  }
  rows.sort(bySavings);
  return {
    settings: settingsView(s),
    rows,
    missing,
    totalSavingsUsdPerMonth: sum(rows.map((r) => r.savingsUsdPerMonth ?? 0)),
  };
}

/** Largest savings first; rows without savings last; then by workload and container. */
export function bySavings(a: RightSizingRow, b: RightSizingRow): number {
  const x = a.savingsUsdPerMonth;
  const y = b.savingsUsdPerMonth;
  if (x !== y) {
    if (x === null) return 1;
    if (y === null) return -1;
    return y - x;
  }
  return a.workload < b.workload
    ? -1
    : a.workload > b.workload
      ? 1
      : a.container < b.container
        ? -1
        : a.container > b.container
          ? 1
          : 0;
}

function maxOf(xs: (number | null)[]): number | null {
  let m: number | null = null;
  for (const x of xs) if (x !== null && (m === null || x > m)) m = x;
  return m;
}

/** Whether a pod (by name, in the target's namespace) belongs to the target. */
function podsOf(
  t: KubeTarget,
  podsOfController: Map<string, Set<string>>,
): (pod: string) => boolean {
  if ("pattern" in t.pods) {
    const re = anchored(t.pods.pattern);
    return (pod) => re.test(pod);
  }
  const set = podsOfController.get(controllerKey(t.namespace, t.pods.owner, t.pods.name));
  return (pod) => set?.has(podKey(t.namespace, pod)) ?? false;
}

/** The latency guard's reading for one workload. */
function latencyReading(
  w: Workload,
  t: KubeTarget,
  busy: BusyHours | null,
  q: number,
): BusyHoursBurn | null {
  if (busy === null) return null;
  const latency = w.slos.filter((x) => x.indicator === "latency");
  if (latency.length === 0) return null;
  let cpu: Point[];
  if ("pattern" in t.pods) {
    const re = anchored(t.pods.pattern);
    const mine: Point[][] = [];
    for (const [key, points] of busy.pods) {
      const [namespace, pod] = JSON.parse(key) as [string, string];
      if (namespace === t.namespace && re.test(pod)) mine.push(points);
    }
    cpu = addSeries(mine);
  } else {
    cpu = busy.controllers.get(controllerKey(t.namespace, t.pods.owner, t.pods.name)) ?? [];
  }
  return busyHoursBurn(
    cpu,
    latency.map((slo) => {
      const e = busy.slo.get(sloKey(slo.name, w.name));
      return { name: slo.name, objective: slo.objective, bad: e?.bad ?? [], total: e?.total ?? [] };
    }),
    q,
  );
}
