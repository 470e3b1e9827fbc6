import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import { assembleHour, podPatterns } from "@/lib/cost/rows";
import type { ContainerHours, CostHour, NodeHour } from "@/lib/prometheus/cost-queries";

const catalog = parseCatalog(
  `pricing:
  cpu: 0.03
  memory: 0.004
  spot: { cpu: 0.01, memory: 0.001 }
workloads:
  - { name: api, team: shop, convention: prometheus-client }
  - { name: api-twin, team: shop, convention: prometheus-client, kubernetes: { deployment: api, container: "main|sidecar" } }
  - { name: db, team: data, convention: prometheus-client, kubernetes: { statefulset: db } }
  - { name: batch, team: data, convention: prometheus-client, kubernetes: { pod: "batch-[0-9]+", container: main } }
  - { name: idle-one, team: shop, convention: prometheus-client }
  - { name: "Shop/Unmapped", team: shop, convention: prometheus-client }
`,
  "c.yaml",
);

const slice = (
  over: Partial<ContainerHours>,
  cpu: [number, number, number],
  memory: [number, number, number],
): ContainerHours => ({
  part: "controllers",
  namespace: "shop",
  ownerKind: "Deployment",
  ownerName: "api",
  pod: "",
  container: "main",
  node: "n1",
  cpu: { request: cpu[0], usage: cpu[1], alloc: cpu[2] },
  memory: { request: memory[0], usage: memory[1], alloc: memory[2] },
  runningHours: 1,
  ...over,
});
const node = (over: Partial<NodeHour>): NodeHour => ({
  cpuCapacity: null,
  memoryCapacity: null,
  cpuPrice: null,
  memoryPrice: null,
  labels: {},
  ...over,
});

const HOUR_MS = Date.UTC(2026, 10, 30, 12);

function hour(over: Partial<CostHour>): CostHour {
  return { hourMs: HOUR_MS, containers: [], hpa: [], nodes: new Map(), ...over };
}

describe("assembleHour", () => {
  it("maps controllers to workloads, sums containers, prices each node", () => {
    const h = hour({
      containers: [
        // Two pods on n1 for 1.5 hours in all; their sidecar crashed and ran 1 hour: pod-hours 1.5.
        slice({ runningHours: 1.5 }, [1, 2, 2], [1, 0.5, 1]),
        slice({ container: "sidecar" }, [0, 0, 0], [0, 0, 0]),
        slice({ container: "sidecar", node: "n2" }, [0.5, 0.1, 0.5], [0.25, 0.2, 0.25]),
        slice({ container: "other" }, [1, 1, 1], [1, 1, 1]),
        // another namespace, same names: not api's
        slice({ namespace: "other" }, [9, 9, 9], [9, 9, 9]),
      ],
      nodes: new Map([["n2", node({ labels: { label_eks_amazonaws_com_capacity_type: "SPOT" } })]]),
      hpa: [
        { namespace: "shop", kind: "Deployment", name: "api", resource: "memory", percent: 80 },
      ],
    });
    const { workloads } = assembleHour(catalog, h);
    const api = workloads.find((w) => w.workload === "api")!;
    expect(api).toMatchObject({
      hourMs: HOUR_MS,
      team: "shop",
      cpuRequestCoreHours: 2.5,
      cpuUsageCoreHours: 3.1,
      cpuAllocCoreHours: 3.5,
      memoryRequestGibHours: 2.25,
      memoryUsageGibHours: 1.7,
      memoryAllocGibHours: 2.25,
      podHours: 2.5,
      hpaCpuTargetPct: null,
      hpaMemoryTargetPct: 80,
      priceSource: "catalog",
    });
    // n1 at the catalog's prices, n2 (spot) at the spot prices.
    expect(api.cpuCostUsd).toBeCloseTo(3 * 0.03 + 0.5 * 0.01, 12);
    expect(api.memoryCostUsd).toBeCloseTo(2 * 0.004 + 0.25 * 0.001, 12);
    expect(api.costUsd).toBeCloseTo(api.cpuCostUsd + api.memoryCostUsd, 12);
    expect(api.cpuPricePerCoreHour).toBeCloseTo(api.cpuCostUsd / 3.5, 9);
    // No capacity series: idle unknown.
    expect(api.cpuIdleUsd).toBeNull();
    // api-twin maps the same Deployment with a container filter: main and sidecar only.
    const twin = workloads.find((w) => w.workload === "api-twin")!;
    expect(twin.cpuAllocCoreHours).toBe(2.5);
    expect(twin.podHours).toBe(2.5);
    expect(api.cpuUsageCoreHours).toBe(3.1); // written with 10 significant digits
    // No pods, no mapping: no row (no data is not a zero).
    expect(workloads.map((w) => w.workload).sort()).toEqual(["api", "api-twin"]);
  });

  it("selects pods by name in their namespace, anchored, and filters containers", () => {
    const batch = (pod: string, container: string, namespace = "data") =>
      slice(
        { part: "pods", namespace, pod, container, ownerKind: "", ownerName: "" },
        [1, 1, 1],
        [1, 1, 1],
      );
    const h = hour({
      containers: [
        batch("batch-1", "main"),
        batch("batch-22", "main"),
        batch("batch-3", "log"),
        batch("batch-x", "main"),
        batch("old-batch-4", "main"),
        batch("batch-5", "main", "shop"),
        // the same pods in the controllers part (no owner): counted for the nodes, not twice
        slice(
          { namespace: "data", ownerKind: "", ownerName: "", container: "main" },
          [5, 5, 5],
          [5, 5, 5],
        ),
      ],
    });
    const row = assembleHour(catalog, h).workloads.find((w) => w.workload === "batch")!;
    expect(row.cpuAllocCoreHours).toBe(2);
    expect(row.podHours).toBe(2); // batch-1 and batch-22, an hour each
  });

  it("shares each node's idle by allocation, per resource, and says when it is unknown", () => {
    const h = hour({
      containers: [
        slice({}, [1, 0.5, 1], [2, 1, 2]),
        slice({ namespace: "kube-system", ownerName: "dns" }, [1, 0.2, 1], [2, 1, 2]),
        slice(
          { namespace: "data", ownerKind: "StatefulSet", ownerName: "db", node: "n2" },
          [1, 1, 1],
          [1, 1, 1],
        ),
      ],
      nodes: new Map([
        ["n1", node({ cpuCapacity: 4, memoryCapacity: 8, cpuPrice: 0.05 })],
        ["n2", node({ cpuCapacity: null, memoryCapacity: 4 })],
      ]),
    });
    const { workloads, cluster } = assembleHour(catalog, h);
    const api = workloads.find((w) => w.workload === "api")!;
    // n1: 2 of 4 cores allocated at OpenCost's $0.05: idle 2 × 0.05, half of it api's.
    expect(api.cpuIdleUsd).toBeCloseTo(((4 - 2) * 0.05) / 2, 12);
    expect(api.memoryIdleUsd).toBeCloseTo(((8 - 4) * 0.004) / 2, 12);
    expect(api.priceSource).toBe("mixed");
    const db = workloads.find((w) => w.workload === "db")!;
    expect(db.cpuIdleUsd).toBeNull();
    expect(db.memoryIdleUsd).toBeCloseTo((4 - 1) * 0.004, 12);
    expect(cluster).toMatchObject({
      hourMs: HOUR_MS,
      nodes: 2,
      cpuCapacityCoreHours: 4,
      memoryCapacityGibHours: 12,
    });
    expect(cluster!.cpuAllocatedCostUsd).toBeCloseTo(2 * 0.05 + 1 * 0.03, 12);
    expect(cluster!.cpuIdleUsd).toBeCloseTo(2 * 0.05, 12);
    expect(cluster!.memoryIdleUsd).toBeCloseTo((8 - 4) * 0.004 + (4 - 1) * 0.004, 12);
  });

  it("an empty hour has no rows", () => {
    expect(assembleHour(catalog, hour({}))).toEqual({ workloads: [], cluster: null });
  });
});

describe("podPatterns", () => {
  it("collects the pods selected by name, or null when none are", () => {
    expect(podPatterns(catalog)).toEqual({ namespaces: ["data"], patterns: ["batch-[0-9]+"] });
    expect(
      podPatterns(
        parseCatalog(
          "workloads:\n  - { name: a, team: t, convention: prometheus-client }\n",
          "c.yaml",
        ),
      ),
    ).toBeNull();
  });
});
