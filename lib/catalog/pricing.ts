/**
 * What CPU and memory cost: the catalog's `pricing:` block (docs/numbers.md, "Cost").
 * Defaults are OpenCost's list prices; node pools and spot nodes may override them, matched
 * on node labels as kube-state-metrics exposes them in `kube_node_labels`; OpenCost's own
 * per-node price series win when present unless `source: catalog` says otherwise.
 */
import { z } from "zod";

/** OpenCost's default list prices: $ per vCPU-hour and per GiB-hour. */
export const DEFAULT_CPU_PRICE = 0.031611;
export const DEFAULT_MEMORY_PRICE = 0.004237;

/**
 * Node-pool labels, in the order they are looked at, as `kube_node_labels` carries them:
 * kube-state-metrics writes a Kubernetes label `a.b/c-dName` as `label_a_b_c_d_name`
 * (invalid characters become `_`, camelCase becomes snake_case), and only for labels its
 * `--metric-labels-allowlist=nodes=[…]` names.
 */
export const NODE_POOL_LABELS = [
  "label_cloud_google_com_gke_nodepool", // GKE: cloud.google.com/gke-nodepool
  "label_eks_amazonaws_com_nodegroup", // EKS managed node groups: eks.amazonaws.com/nodegroup
  "label_kubernetes_azure_com_agentpool", // AKS: kubernetes.azure.com/agentpool
  "label_agentpool", // AKS, older clusters: agentpool
  "label_karpenter_sh_nodepool", // Karpenter v1: karpenter.sh/nodepool
  "label_karpenter_sh_provisioner_name", // Karpenter before v1: karpenter.sh/provisioner-name
] as const;

/** A node is spot (or preemptible) when one of these labels has this value. */
export const SPOT_LABELS: readonly (readonly [label: string, value: string])[] = [
  ["label_cloud_google_com_gke_spot", "true"], // GKE: cloud.google.com/gke-spot
  ["label_cloud_google_com_gke_preemptible", "true"], // GKE: cloud.google.com/gke-preemptible
  ["label_eks_amazonaws_com_capacity_type", "SPOT"], // EKS: eks.amazonaws.com/capacityType
  ["label_karpenter_sh_capacity_type", "spot"], // Karpenter: karpenter.sh/capacity-type
  ["label_kubernetes_azure_com_scalesetpriority", "spot"], // AKS: kubernetes.azure.com/scalesetpriority
];

/** Every node label the pricing reads. */
export const PRICING_NODE_LABELS: readonly string[] = [
  ...NODE_POOL_LABELS,
  ...SPOT_LABELS.map(([label]) => label),
];

const price = z
  .number({ error: "expected a price in dollars per hour, e.g. 0.031611" })
  .finite()
  .nonnegative("expected a price of 0 or more");

const prices = z.object({ cpu: price.optional(), memory: price.optional() }).strict();

export const pricingSchema = z
  .object({
    /**
     * `auto`: OpenCost's node_cpu_hourly_cost / node_ram_hourly_cost for the nodes that
     * have them, this block for the others; `catalog`: this block only.
     */
    source: z.enum(["auto", "catalog"], { error: "expected auto or catalog" }).default("auto"),
    /** $ per vCPU-hour. */
    cpu: price.default(DEFAULT_CPU_PRICE),
    /** $ per GiB-hour. */
    memory: price.default(DEFAULT_MEMORY_PRICE),
    /** Prices on spot or preemptible nodes. */
    spot: prices.optional(),
    /** Prices per node pool (the value of a node-pool label), with their own spot prices. */
    nodePools: z
      .record(
        z.string().min(1, "expected a node pool name"),
        prices.extend({ spot: prices.optional() }).strict(),
      )
      .optional(),
  })
  .strict();

export type PricingInput = z.input<typeof pricingSchema>;

export interface Prices {
  cpu?: number;
  memory?: number;
}

export interface Pricing {
  source: "auto" | "catalog";
  cpu: number;
  memory: number;
  spot: Prices;
  nodePools: Record<string, Prices & { spot: Prices }>;
}

export function resolvePricing(input: z.output<typeof pricingSchema> | undefined): Pricing {
  const p = input ?? pricingSchema.parse({});
  return {
    source: p.source,
    cpu: p.cpu,
    memory: p.memory,
    spot: p.spot ?? {},
    nodePools: Object.fromEntries(
      Object.entries(p.nodePools ?? {}).map(([pool, v]) => [
        pool,
        { cpu: v.cpu, memory: v.memory, spot: v.spot ?? {} },
      ]),
    ),
  };
}
