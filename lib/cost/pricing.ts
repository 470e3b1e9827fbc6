/**
 * The price of a node's CPU and memory for an hour (docs/numbers.md, "Cost"): OpenCost's
 * node_cpu_hourly_cost / node_ram_hourly_cost when the node has them (and the catalog does
 * not say `source: catalog`), else the catalog's `pricing:` block by node pool and spot.
 * Pure.
 */
import { NODE_POOL_LABELS, SPOT_LABELS, type Pricing } from "../catalog/pricing";

export type PriceSource = "catalog" | "opencost";

export interface NodePrice {
  /** $ per vCPU-hour. */
  cpu: number;
  /** $ per GiB-hour. */
  memory: number;
  cpuSource: PriceSource;
  memorySource: PriceSource;
  /** The node pool by its labels, if any. */
  pool: string | null;
  spot: boolean;
}

/** What the pricing needs to know of a node. */
export interface NodePricingInput {
  /** `label_*` labels of kube_node_labels. */
  labels: Record<string, string>;
  /** OpenCost's prices for the node, when it exports them. */
  cpuPrice: number | null;
  memoryPrice: number | null;
}

/** The first node-pool label the node carries (NODE_POOL_LABELS' order). */
export function nodePool(labels: Record<string, string>): string | null {
  for (const label of NODE_POOL_LABELS) if (labels[label]) return labels[label]!;
  return null;
}

export function isSpot(labels: Record<string, string>): boolean {
  return SPOT_LABELS.some(([label, value]) => labels[label] === value);
}

/**
 * A node's prices. Per resource: OpenCost's price when present and above 0 (OpenCost
 * itself replaces 0 and NaN by its configured prices); else on a spot node the pool's spot
 * price, the catalog's spot price, the pool's price, the catalog's price, first defined;
 * on another node the pool's price, then the catalog's. A node Prometheus says nothing
 * about (no labels, no prices) gets the catalog's prices.
 */
export function priceNode(pricing: Pricing, node: NodePricingInput | undefined): NodePrice {
  const labels = node?.labels ?? {};
  const pool = nodePool(labels);
  const spot = isSpot(labels);
  const poolPrices = pool === null ? undefined : pricing.nodePools[pool];
  const fromCatalog = (r: "cpu" | "memory"): number =>
    (spot ? (poolPrices?.spot[r] ?? pricing.spot[r]) : undefined) ?? poolPrices?.[r] ?? pricing[r];
  const pick = (r: "cpu" | "memory", opencost: number | null | undefined) =>
    pricing.source === "auto" && opencost !== null && opencost !== undefined && opencost > 0
      ? { price: opencost, source: "opencost" as const }
      : { price: fromCatalog(r), source: "catalog" as const };
  const cpu = pick("cpu", node?.cpuPrice);
  const memory = pick("memory", node?.memoryPrice);
  return {
    cpu: cpu.price,
    memory: memory.price,
    cpuSource: cpu.source,
    memorySource: memory.source,
    pool,
    spot,
  };
}
