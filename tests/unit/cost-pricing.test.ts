import { describe, expect, it } from "vitest";
import { CatalogError, parseCatalog } from "@/lib/catalog/load";
import { DEFAULT_CPU_PRICE, DEFAULT_MEMORY_PRICE } from "@/lib/catalog/pricing";
import { isSpot, nodePool, priceNode } from "@/lib/cost/pricing";

const FILE = "config/workloads.yaml";
const WORKLOADS = "workloads:\n  - { name: a, team: t, convention: prometheus-client }\n";
const catalogWith = (pricing: string) => parseCatalog(`${pricing}\n${WORKLOADS}`, FILE);

function errorOf(yaml: string): string {
  try {
    catalogWith(yaml);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return (e as Error).message;
  }
  throw new Error("expected the catalog to be refused");
}

describe("the catalog's pricing block", () => {
  it("defaults to OpenCost's list prices, OpenCost's series first", () => {
    const { pricing } = parseCatalog(WORKLOADS, FILE);
    expect(pricing).toEqual({
      source: "auto",
      cpu: 0.031611,
      memory: 0.004237,
      spot: {},
      nodePools: {},
    });
    expect([DEFAULT_CPU_PRICE, DEFAULT_MEMORY_PRICE]).toEqual([0.031611, 0.004237]);
  });

  it("reads prices, spot prices and node pools", () => {
    const { pricing } = catalogWith(`pricing:
  source: catalog
  cpu: 0.04
  spot: { cpu: 0.01 }
  nodePools:
    highmem: { memory: 0.006, spot: { memory: 0.002 } }`);
    expect(pricing).toEqual({
      source: "catalog",
      cpu: 0.04,
      memory: 0.004237,
      spot: { cpu: 0.01 },
      nodePools: { highmem: { cpu: undefined, memory: 0.006, spot: { memory: 0.002 } } },
    });
  });

  it("refuses a bad block with one line naming the key", () => {
    expect(errorOf("pricing: { cpu: -1 }")).toBe(
      `${FILE}: pricing.cpu: expected a price of 0 or more`,
    );
    expect(errorOf('pricing: { memory: "cheap" }')).toBe(
      `${FILE}: pricing.memory: expected a price in dollars per hour, e.g. 0.031611`,
    );
    expect(errorOf("pricing: { source: opencost }")).toBe(
      `${FILE}: pricing.source: expected auto or catalog`,
    );
    expect(errorOf("pricing: { nodePools: { gpu: { gpu: 2 } } }")).toMatch(
      /^config\/workloads.yaml: pricing.nodePools.gpu: .*"gpu"/,
    );
    expect(errorOf("pricing: { spot: { cpu: 0.01, disk: 1 } }")).toMatch(/pricing.spot: .*"disk"/);
  });
});

describe("node pools and spot nodes by kube_node_labels", () => {
  it("knows GKE, EKS, AKS and Karpenter pool labels, in that order", () => {
    expect(nodePool({ label_cloud_google_com_gke_nodepool: "default-pool" })).toBe("default-pool");
    expect(nodePool({ label_eks_amazonaws_com_nodegroup: "ng-1" })).toBe("ng-1");
    expect(nodePool({ label_kubernetes_azure_com_agentpool: "userpool" })).toBe("userpool");
    expect(nodePool({ label_agentpool: "nodepool1" })).toBe("nodepool1");
    expect(nodePool({ label_karpenter_sh_nodepool: "general" })).toBe("general");
    expect(nodePool({ label_karpenter_sh_provisioner_name: "default" })).toBe("default");
    expect(
      nodePool({ label_eks_amazonaws_com_nodegroup: "ng-1", label_karpenter_sh_nodepool: "k" }),
    ).toBe("ng-1");
    expect(nodePool({ label_kubernetes_io_hostname: "n1" })).toBeNull();
  });

  it("knows spot and preemptible nodes by each platform's label value", () => {
    expect(isSpot({ label_cloud_google_com_gke_spot: "true" })).toBe(true);
    expect(isSpot({ label_cloud_google_com_gke_preemptible: "true" })).toBe(true);
    expect(isSpot({ label_eks_amazonaws_com_capacity_type: "SPOT" })).toBe(true);
    expect(isSpot({ label_eks_amazonaws_com_capacity_type: "ON_DEMAND" })).toBe(false);
    expect(isSpot({ label_karpenter_sh_capacity_type: "spot" })).toBe(true);
    expect(isSpot({ label_karpenter_sh_capacity_type: "on-demand" })).toBe(false);
    expect(isSpot({ label_kubernetes_azure_com_scalesetpriority: "spot" })).toBe(true);
    expect(isSpot({})).toBe(false);
  });
});

describe("a node's prices", () => {
  const { pricing } = catalogWith(`pricing:
  cpu: 0.03
  memory: 0.004
  spot: { cpu: 0.01, memory: 0.001 }
  nodePools:
    big: { cpu: 0.05 }
    cheap: { cpu: 0.02, memory: 0.002, spot: { cpu: 0.005 } }`);
  const node = (
    labels: Record<string, string>,
    cpuPrice: number | null = null,
    memoryPrice: number | null = null,
  ) => ({
    labels,
    cpuPrice,
    memoryPrice,
  });
  const spot = { label_karpenter_sh_capacity_type: "spot" };

  it("a node Prometheus says nothing about: the catalog's prices", () => {
    expect(priceNode(pricing, undefined)).toMatchObject({
      cpu: 0.03,
      memory: 0.004,
      cpuSource: "catalog",
      pool: null,
      spot: false,
    });
  });

  it("on demand: the pool's price, else the catalog's, per resource", () => {
    expect(priceNode(pricing, node({ label_karpenter_sh_nodepool: "big" }))).toMatchObject({
      cpu: 0.05,
      memory: 0.004,
      pool: "big",
    });
    expect(priceNode(pricing, node({ label_karpenter_sh_nodepool: "unknown" }))).toMatchObject({
      cpu: 0.03,
      memory: 0.004,
    });
  });

  it("spot: the pool's spot price, the catalog's spot price, the pool's price, the catalog's", () => {
    expect(
      priceNode(pricing, node({ ...spot, label_karpenter_sh_nodepool: "cheap" })),
    ).toMatchObject({
      cpu: 0.005, // cheap.spot.cpu
      memory: 0.001, // spot.memory before cheap.memory
      spot: true,
    });
    expect(priceNode(pricing, node({ ...spot, label_karpenter_sh_nodepool: "big" }))).toMatchObject(
      { cpu: 0.01, memory: 0.001 },
    );
    const noSpotPrices = catalogWith("pricing: { nodePools: { big: { cpu: 0.05 } } }").pricing;
    expect(
      priceNode(noSpotPrices, node({ ...spot, label_karpenter_sh_nodepool: "big" })),
    ).toMatchObject({
      cpu: 0.05,
      memory: 0.004237,
    });
  });

  it("OpenCost's series win per resource when above 0, unless source: catalog", () => {
    expect(
      priceNode(pricing, node({ label_karpenter_sh_nodepool: "big" }, 0.07, null)),
    ).toMatchObject({
      cpu: 0.07,
      cpuSource: "opencost",
      memory: 0.004,
      memorySource: "catalog",
    });
    expect(priceNode(pricing, node({}, 0, 0.009))).toMatchObject({
      cpu: 0.03,
      cpuSource: "catalog",
      memory: 0.009,
    });
    const catalogOnly = catalogWith("pricing: { source: catalog }").pricing;
    expect(priceNode(catalogOnly, node({}, 0.07, 0.009))).toMatchObject({
      cpu: 0.031611,
      memory: 0.004237,
      cpuSource: "catalog",
    });
  });
});
