/**
 * From what Prometheus said about an hour (lib/prometheus/cost-queries.ts) to the rows the
 * cost sync writes: controllers mapped to the catalog's workloads, each node's prices
 * applied, idle shared (docs/numbers.md, "Cost"). Pure.
 */
import type { Catalog, Workload } from "../catalog/load";
import type { ClusterCostRow, WorkloadCostRow } from "../clickhouse/queries/cost-sync";
import type { ContainerHours, CostHour, PodPatterns } from "../prometheus/cost-queries";
import { idleShare, nodeIdle } from "./efficiency";
import { priceNode, type NodePrice } from "./pricing";

/** RE2 patterns the catalog holds, as Prometheus anchors them. */
const anchored = (re: string) => new RegExp(`^(?:${re})$`, "u");

interface Selection {
  /** Whether a container of the `controllers` part belongs to the workload. */
  controller?: { namespace: string; kind: string; name: string };
  /** Whether a pod of the `pods` part does. */
  pods?: { namespace: string; pattern: RegExp };
  container?: RegExp;
}

function selectionOf(w: Workload): Selection | null {
  if (!w.kubernetes.ok) return null;
  const t = w.kubernetes.target;
  const container = t.container === undefined ? {} : { container: anchored(t.container) };
  if ("pattern" in t.pods) {
    return { pods: { namespace: t.namespace, pattern: anchored(t.pods.pattern) }, ...container };
  }
  return {
    controller: { namespace: t.namespace, kind: t.pods.owner, name: t.pods.name },
    ...container,
  };
}

/** The pods selected by name across the catalog: the `pods` part of the queries, or null. */
export function podPatterns(catalog: Catalog): PodPatterns | null {
  const namespaces: string[] = [];
  const patterns: string[] = [];
  for (const w of catalog.workloads) {
    if (w.kubernetes.ok && "pattern" in w.kubernetes.target.pods) {
      namespaces.push(w.kubernetes.target.namespace);
      patterns.push(w.kubernetes.target.pods.pattern);
    }
  }
  return patterns.length ? { namespaces, patterns } : null;
}

const ctrlKey = (namespace: string, kind: string, name: string) =>
  JSON.stringify([namespace, kind, name]);

/**
 * Pod-hours (replicas averaged over the hour) of a workload's containers: per controller
 * (or pod) and node, the longest-running container name's hours, summed. Containers of one
 * pod run together, so this is the pods' running hours; when a sidecar ran less than its
 * pod's main container, the main container's hours count.
 */
function podHours(cs: ContainerHours[]): number | null {
  const longest = new Map<string, number>();
  for (const c of cs) {
    const key = JSON.stringify([c.part, c.namespace, c.ownerKind, c.ownerName, c.pod, c.node]);
    longest.set(key, Math.max(longest.get(key) ?? 0, c.runningHours));
  }
  const total = sum([...longest.values()]);
  return total > 0 ? total : null;
}

/** Allocated hours per node of one resource, over a set of containers. */
function byNode(cs: ContainerHours[], r: "cpu" | "memory"): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of cs) out.set(c.node, (out.get(c.node) ?? 0) + c[r].alloc);
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * A figure as written: 10 significant digits. Prometheus's per-container hours are
 * multiples of 2⁻³⁶ (lib/prometheus/cost-queries.ts), so 1.2 core-hours arrives as
 * 1.19999999999; what is written reads 1.2.
 */
export function tidy(x: number): number;
export function tidy(x: number | null): number | null;
export function tidy(x: number | null): number | null {
  return x === null ? null : Number(x.toPrecision(10));
}

/**
 * One hour's rows: a row per workload that had containers in the hour (none for one that
 * did not: no data is not a zero), and the cluster's row (null when Prometheus said
 * nothing about the hour).
 */
export function assembleHour(
  catalog: Catalog,
  hour: CostHour,
): { workloads: WorkloadCostRow[]; cluster: ClusterCostRow | null } {
  const prices = new Map<string, NodePrice>();
  const priceOf = (node: string): NodePrice => {
    let p = prices.get(node);
    if (!p) {
      p = priceNode(catalog.pricing, node ? hour.nodes.get(node) : undefined);
      prices.set(node, p);
    }
    return p;
  };
  // Every pod of the cluster is in the controllers part (owner labels empty without a
  // controller): the nodes' allocations, for idle.
  const all = hour.containers.filter((c) => c.part === "controllers");
  const nodeAlloc = { cpu: byNode(all, "cpu"), memory: byNode(all, "memory") };
  const capacity = (node: string, r: "cpu" | "memory") => {
    const n = node ? hour.nodes.get(node) : undefined;
    return (r === "cpu" ? n?.cpuCapacity : n?.memoryCapacity) ?? null;
  };

  const hpa = new Map<string, { cpu?: number; memory?: number }>();
  for (const h of hour.hpa) {
    const key = ctrlKey(h.namespace, h.kind, h.name);
    hpa.set(key, { ...hpa.get(key), [h.resource]: h.percent });
  }

  // Containers by controller, and those of pods selected by name by namespace: each
  // workload looks up its own instead of scanning every container of the cluster.
  const byController = new Map<string, ContainerHours[]>();
  const podsByNamespace = new Map<string, ContainerHours[]>();
  for (const c of hour.containers) {
    const [map, key] =
      c.part === "controllers"
        ? [byController, ctrlKey(c.namespace, c.ownerKind, c.ownerName)]
        : [podsByNamespace, c.namespace];
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  }

  const workloads: WorkloadCostRow[] = [];
  for (const w of catalog.workloads) {
    const sel = selectionOf(w);
    if (!sel) continue;
    const candidates = sel.controller
      ? (byController.get(
          ctrlKey(sel.controller.namespace, sel.controller.kind, sel.controller.name),
        ) ?? [])
      : (podsByNamespace.get(sel.pods!.namespace) ?? []).filter((c) =>
          sel.pods!.pattern.test(c.pod),
        );
    const mine = sel.container
      ? candidates.filter((c) => sel.container!.test(c.container))
      : candidates;
    if (mine.length === 0) continue;
    const resource = (r: "cpu" | "memory") => {
      const own = byNode(mine, r);
      let cost = 0;
      let idle: number | null = 0;
      for (const [node, alloc] of own) {
        const price = priceOf(node)[r];
        cost += alloc * price;
        const share = idleShare({
          capacity: capacity(node, r),
          allocated: nodeAlloc[r].get(node) ?? alloc,
          price,
          own: alloc,
        });
        idle = idle === null || share === null ? null : idle + share;
      }
      const alloc = sum(mine.map((c) => c[r].alloc));
      return {
        request: sum(mine.map((c) => c[r].request)),
        usage: sum(mine.map((c) => c[r].usage)),
        alloc,
        cost,
        idle,
        price: alloc > 0 ? cost / alloc : catalog.pricing[r],
      };
    };
    const cpu = resource("cpu");
    const memory = resource("memory");
    const sources = new Set<string>();
    for (const c of mine) {
      const p = priceOf(c.node);
      if (c.cpu.alloc > 0) sources.add(p.cpuSource);
      if (c.memory.alloc > 0) sources.add(p.memorySource);
    }
    const targets = sel.controller
      ? hpa.get(ctrlKey(sel.controller.namespace, sel.controller.kind, sel.controller.name))
      : undefined;
    workloads.push({
      hourMs: hour.hourMs,
      workload: w.name,
      team: w.team,
      cpuRequestCoreHours: tidy(cpu.request),
      cpuUsageCoreHours: tidy(cpu.usage),
      cpuAllocCoreHours: tidy(cpu.alloc),
      memoryRequestGibHours: tidy(memory.request),
      memoryUsageGibHours: tidy(memory.usage),
      memoryAllocGibHours: tidy(memory.alloc),
      cpuPricePerCoreHour: tidy(cpu.price),
      memoryPricePerGibHour: tidy(memory.price),
      cpuCostUsd: tidy(cpu.cost),
      memoryCostUsd: tidy(memory.cost),
      costUsd: tidy(cpu.cost + memory.cost),
      cpuIdleUsd: tidy(cpu.idle),
      memoryIdleUsd: tidy(memory.idle),
      podHours: tidy(podHours(mine)),
      hpaCpuTargetPct: targets?.cpu ?? null,
      hpaMemoryTargetPct: targets?.memory ?? null,
      priceSource:
        sources.size === 1
          ? ([...sources][0] as "catalog" | "opencost")
          : sources.size
            ? "mixed"
            : "catalog",
    });
  }

  return { workloads, cluster: clusterRow(hour, all, nodeAlloc, priceOf) };
}

function clusterRow(
  hour: CostHour,
  all: ContainerHours[],
  nodeAlloc: Record<"cpu" | "memory", Map<string, number>>,
  priceOf: (node: string) => NodePrice,
): ClusterCostRow | null {
  if (all.length === 0 && hour.nodes.size === 0) return null;
  const allocatedCost = (r: "cpu" | "memory") =>
    sum([...nodeAlloc[r]].map(([node, alloc]) => alloc * priceOf(node)[r]));
  const capacity = (r: "cpu" | "memory") => {
    const nodes = [...hour.nodes].filter(([, n]) =>
      r === "cpu" ? n.cpuCapacity !== null : n.memoryCapacity !== null,
    );
    if (nodes.length === 0) return { hours: null, cost: null, idle: null, count: 0 };
    const cap = (n: (typeof nodes)[number][1]) =>
      r === "cpu" ? n.cpuCapacity! : n.memoryCapacity!;
    return {
      hours: sum(nodes.map(([, n]) => cap(n))),
      cost: sum(nodes.map(([name, n]) => cap(n) * priceOf(name)[r])),
      idle: sum(
        nodes.map(([name, n]) => nodeIdle(cap(n), nodeAlloc[r].get(name) ?? 0, priceOf(name)[r])),
      ),
      count: nodes.length,
    };
  };
  const cpu = capacity("cpu");
  const memory = capacity("memory");
  return {
    hourMs: hour.hourMs,
    nodes: Math.max(cpu.count, memory.count),
    cpuCapacityCoreHours: tidy(cpu.hours),
    memoryCapacityGibHours: tidy(memory.hours),
    cpuCapacityCostUsd: tidy(cpu.cost),
    memoryCapacityCostUsd: tidy(memory.cost),
    cpuAllocatedCostUsd: tidy(allocatedCost("cpu")),
    memoryAllocatedCostUsd: tidy(allocatedCost("memory")),
    cpuIdleUsd: tidy(cpu.idle),
    memoryIdleUsd: tidy(memory.idle),
  };
}
