/**
 * Efficiency and idle as Kubecost defines them (docs/numbers.md, "Cost"). Pure.
 */

/**
 * Usage over request of one resource. Without a request: 1 (100 %) when something was used
 * and cost something, as Kubecost says; null when there was neither request nor usage
 * (Kubecost says 0; Sightline never shows a missing figure as 0).
 */
export function resourceEfficiency(usage: number, request: number, cost: number): number | null {
  if (request > 0) return usage / request;
  if (usage > 0 && cost > 0) return 1;
  return null;
}

/** CPU and memory efficiency weighted by their costs; null when nothing cost anything. */
export function totalEfficiency(
  cpu: { efficiency: number | null; cost: number },
  memory: { efficiency: number | null; cost: number },
): number | null {
  const total = cpu.cost + memory.cost;
  if (!(total > 0)) return null;
  return ((cpu.efficiency ?? 0) * cpu.cost + (memory.efficiency ?? 0) * memory.cost) / total;
}

/**
 * A node's idle cost of one resource, shared by the allocations on it (Kubecost's idle by
 * node, shared by cost): idle = max(0, capacity − allocated) × price, and an allocation of
 * `own` of the node's `allocated` hours carries own / allocated of it. Null when the
 * capacity is unknown.
 */
export function idleShare(opts: {
  capacity: number | null;
  allocated: number;
  price: number;
  own: number;
}): number | null {
  if (opts.capacity === null) return null;
  if (!(opts.allocated > 0) || !(opts.own > 0)) return 0;
  return nodeIdle(opts.capacity, opts.allocated, opts.price) * (opts.own / opts.allocated);
}

/** A node's idle cost of one resource: max(0, capacity − allocated) × price. */
export function nodeIdle(capacity: number, allocated: number, price: number): number {
  return Math.max(0, capacity - allocated) * price;
}
