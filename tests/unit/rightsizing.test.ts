import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import {
  busyHoursBurn,
  bySavings,
  computeRightSizing,
  GIB,
  MIB,
  quantile,
  recommendCpu,
  recommendMemory,
  type RightSizingInput,
  type RightSizingRow,
} from "@/lib/cost/rightsizing";
import {
  controllerKey,
  podKey,
  replicaSetKey,
  sloKey,
  type BusyHours,
  type ContainerRequests,
  type ContainerUsage,
  type NodeFacts,
  type Point,
} from "@/lib/prometheus/rightsizing-queries";

const CPU_PRICE = 0.031611;
const MEMORY_PRICE = 0.004237;
const MONTH = 730;

const WORKLOADS = `workloads:
  - { name: checkout, team: shop, convention: prometheus-client, slos: [{ indicator: latency, threshold: 200ms, objective: 99 }] }
  - { name: search, team: shop, convention: prometheus-client, kubernetes: { statefulset: search } }
  - name: legacy
    team: ops
    convention: prometheus-client
    kubernetes: { pod: "legacy-[0-9]+", container: app }
  - { name: ghost, team: shop, convention: prometheus-client }
  - { name: Unmapped, team: shop, convention: prometheus-client }
`;

const catalogWith = (extra = "") =>
  parseCatalog(
    `pricing:
  spot: { cpu: 0.01, memory: 0.001 }
${extra}${WORKLOADS}`,
    "c.yaml",
  );

const usage = (
  namespace: string,
  pod: string,
  container: string,
  cpu: number | null,
  memoryMiB: number | null,
  points = 1000,
): ContainerUsage => ({
  namespace,
  pod,
  container,
  cpuQuantile: cpu,
  cpuPoints: cpu === null ? 0 : points,
  memoryPeak: memoryMiB === null ? null : memoryMiB * MIB,
  memoryPoints: memoryMiB === null ? 0 : points,
});

const req = (
  namespace: string,
  pod: string,
  container: string,
  cpu: number | null,
  memoryMiB: number | null,
): ContainerRequests => ({
  namespace,
  pod,
  container,
  cpu,
  memory: memoryMiB === null ? null : memoryMiB * MIB,
});

/**
 * checkout: ReplicaSet checkout-old (pods a, b, gone now) and checkout-new (pods c, d, now);
 * search: StatefulSet pods search-0 (on a spot node) and search-1; legacy: legacy-1 and
 * legacy-2 by name, plus legacy-x (not matching) and a log-shipper container (not selected);
 * checkout-worker-z: another Deployment whose pods share checkout's prefix.
 */
function input(over: Partial<RightSizingInput> = {}): RightSizingInput {
  return {
    usage: [
      usage("shop", "checkout-old-a", "app", 0.45, 300),
      usage("shop", "checkout-old-b", "app", 0.2, 700),
      usage("shop", "checkout-new-c", "app", 0.3, 400),
      usage("shop", "checkout-new-d", "app", 0.25, 350),
      usage("shop", "checkout-worker-z", "app", 3, 4000),
      usage("shop", "search-0", "search", 0.8, 1000),
      usage("shop", "search-1", "search", 0.6, 1200),
      usage("ops", "legacy-1", "app", 0.1, 200),
      usage("ops", "legacy-1", "log-shipper", 0.01, 50),
      usage("ops", "legacy-x", "app", 2, 3000),
    ],
    now: {
      requests: [
        req("shop", "checkout-new-c", "app", 1, 1024),
        req("shop", "checkout-new-d", "app", 1, 1024),
        req("shop", "checkout-worker-z", "app", 4, 4096),
        req("shop", "search-0", "search", 1, 2048),
        req("shop", "search-1", "search", 1, 2048),
        req("ops", "legacy-1", "app", 0.05, 128),
        req("ops", "legacy-1", "log-shipper", 0.1, 64),
      ],
      podNodes: new Map([
        [podKey("shop", "checkout-new-c"), "n1"],
        [podKey("shop", "checkout-new-d"), "n1"],
        [podKey("shop", "search-0"), "spot-1"],
        [podKey("shop", "search-1"), "n1"],
      ]),
      podOwners: new Map([
        [podKey("shop", "checkout-old-a"), { kind: "ReplicaSet", name: "checkout-old" }],
        [podKey("shop", "checkout-old-b"), { kind: "ReplicaSet", name: "checkout-old" }],
        [podKey("shop", "checkout-new-c"), { kind: "ReplicaSet", name: "checkout-new" }],
        [podKey("shop", "checkout-new-d"), { kind: "ReplicaSet", name: "checkout-new" }],
        [podKey("shop", "checkout-worker-z"), { kind: "ReplicaSet", name: "checkout-worker-1" }],
        [podKey("shop", "search-0"), { kind: "StatefulSet", name: "search" }],
        [podKey("shop", "search-1"), { kind: "StatefulSet", name: "search" }],
      ]),
      replicaSets: new Map([
        [replicaSetKey("shop", "checkout-old"), "checkout"],
        [replicaSetKey("shop", "checkout-new"), "checkout"],
        [replicaSetKey("shop", "checkout-worker-1"), "checkout-worker"],
      ]),
      hpa: [],
      nodes: new Map<string, NodeFacts>([
        ["n1", { labels: {}, cpuPrice: null, memoryPrice: null }],
        [
          "spot-1",
          {
            labels: { label_karpenter_sh_capacity_type: "spot" },
            cpuPrice: null,
            memoryPrice: null,
          },
        ],
      ]),
    },
    busy: null,
    ...over,
  };
}

const rowOf = (rows: RightSizingRow[], workload: string, container: string) =>
  rows.find((r) => r.workload === workload && r.container === container)!;

function close(actual: number | null, expected: number) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected) / Math.max(Math.abs(expected), 1e-12)).toBeLessThan(1e-9);
}

describe("KRR's simple strategy", () => {
  it("recommends the highest per-pod p95 of CPU, pods of earlier ReplicaSets included", () => {
    const r = computeRightSizing(catalogWith(), input());
    const app = rowOf(r.rows, "checkout", "app");
    // checkout-old-a's 0.45 (a pod of the earlier ReplicaSet), not checkout-worker-z's 3.
    expect(app.cpu.basis).toBe(0.45);
    expect(app.cpu.recommended).toBe(0.45);
    expect(app.target).toBe("Deployment checkout");
    expect(app.pods).toBe(2);
  });

  it("recommends the peak working set × 1.15, rounded up to a MiB", () => {
    const r = computeRightSizing(catalogWith(), input());
    const app = rowOf(r.rows, "checkout", "app");
    // checkout-old-b's 700 MiB peak: 805 MiB.
    expect(app.memory.basis).toBe(700 * MIB);
    expect(app.memory.recommended).toBe(805 * MIB);
    expect(rowOf(r.rows, "search", "search").memory.recommended).toBe(1380 * MIB);
  });

  it("rounds up to a millicore and a MiB, with KRR's floors of 10 m and 100 MiB", () => {
    const s = catalogWith().rightsizing;
    expect(recommendCpu(0.4501, s)).toBe(0.451);
    expect(recommendCpu(0.30000000000000004, s)).toBe(0.3); // float noise is not a millicore
    expect(recommendCpu(0.002, s)).toBe(0.01);
    expect(recommendMemory(100 * MIB + 1, s)).toBe(116 * MIB);
    expect(recommendMemory(10 * MIB, s)).toBe(100 * MIB);
    const legacyShipper = computeRightSizing(catalogWith(), input()).rows.find(
      (x) => x.container === "log-shipper",
    );
    expect(legacyShipper).toBeUndefined(); // legacy selects container app only
  });

  it("prices the savings per pod that exists now, by its node, over 730 hours", () => {
    const r = computeRightSizing(catalogWith(), input());
    const app = rowOf(r.rows, "checkout", "app");
    // Two pods now on n1 (catalog prices): 1 core → 0.45, 1024 MiB → 805 MiB.
    close(app.cpu.savingsUsdPerMonth, 2 * (1 - 0.45) * CPU_PRICE * MONTH);
    close(app.memory.savingsUsdPerMonth, 2 * ((1024 - 805) / 1024) * MEMORY_PRICE * MONTH);
    close(app.savingsUsdPerMonth, app.cpu.savingsUsdPerMonth! + app.memory.savingsUsdPerMonth!);
    // search-0 is on a spot node ($0.01 and $0.001), search-1 on n1.
    const search = rowOf(r.rows, "search", "search");
    close(search.cpu.savingsUsdPerMonth, (1 - 0.8) * (0.01 + CPU_PRICE) * MONTH);
    close(
      search.memory.savingsUsdPerMonth,
      ((2048 - 1380) / 1024) * (0.001 + MEMORY_PRICE) * MONTH,
    );
  });

  it("counts a recommendation above the request as a negative saving", () => {
    const r = computeRightSizing(catalogWith(), input());
    const legacy = rowOf(r.rows, "legacy", "app");
    // legacy-1 requests 0.05 core and 128 MiB but peaks at 0.1 and 200 MiB (→ 230 MiB);
    // legacy-x does not match legacy-[0-9]+. No node known: the catalog's prices.
    expect(legacy.cpu.basis).toBe(0.1);
    close(legacy.cpu.savingsUsdPerMonth, (0.05 - 0.1) * CPU_PRICE * MONTH);
    close(legacy.memory.savingsUsdPerMonth, ((128 - 230) / 1024) * MEMORY_PRICE * MONTH);
    expect(legacy.savingsUsdPerMonth!).toBeLessThan(0);
  });

  it("holds back the resource an HPA scales on, and only that one", () => {
    const hpa = [
      {
        namespace: "shop",
        kind: "Deployment",
        name: "checkout",
        resource: "cpu" as const,
        percent: 70,
      },
    ];
    const base = input();
    const r = computeRightSizing(catalogWith(), { ...base, now: { ...base.now, hpa } });
    const app = rowOf(r.rows, "checkout", "app");
    expect(app.cpu.heldBack.map((h) => h.code)).toEqual(["hpa"]);
    expect(app.cpu.heldBack[0]!.message).toMatch(
      /HPA scales Deployment checkout on CPU utilization \(target 70 %/,
    );
    expect(app.cpu.computed).toBe(0.45);
    expect(app.cpu.recommended).toBeNull();
    expect(app.cpu.savingsUsdPerMonth).toBeNull();
    expect(app.memory.heldBack).toEqual([]);
    expect(app.memory.recommended).toBe(805 * MIB);
    expect(app.savingsUsdPerMonth).toBe(app.memory.savingsUsdPerMonth);

    const memHpa = [{ ...hpa[0]!, resource: "memory" as const, percent: 80 }];
    const m = rowOf(
      computeRightSizing(catalogWith(), { ...base, now: { ...base.now, hpa: memHpa } }).rows,
      "checkout",
      "app",
    );
    expect(m.cpu.heldBack).toEqual([]);
    expect(m.memory.heldBack.map((h) => h.code)).toEqual(["hpa"]);

    const allowed = computeRightSizing(catalogWith("rightsizing: { allowHpa: true }\n"), {
      ...base,
      now: { ...base.now, hpa },
    });
    expect(rowOf(allowed.rows, "checkout", "app").cpu.recommended).toBe(0.45);
  });

  it("holds back a resource with too little history, saying the threshold", () => {
    const base = input();
    const few = base.usage.map((u) =>
      u.pod.startsWith("search-") ? { ...u, cpuPoints: 40, memoryPoints: 60 } : u,
    );
    const r = computeRightSizing(catalogWith(), { ...base, usage: few });
    const search = rowOf(r.rows, "search", "search");
    // 40 + 40 CPU points < 100; 60 + 60 memory points ≥ 100.
    expect(search.cpu.dataPoints).toBe(80);
    expect(search.cpu.heldBack.map((h) => h.code)).toEqual(["history"]);
    expect(search.cpu.heldBack[0]!.message).toBe(
      "Too little history: 80 data points at the 75s step in the last 14d, fewer than the 100 required (about 2 h 5 min of one pod).",
    );
    expect(search.memory.heldBack).toEqual([]);
    // A container with requests but no samples at all: 0 points, nothing computed.
    const bare = computeRightSizing(catalogWith(), {
      ...base,
      usage: base.usage.filter((u) => !u.pod.startsWith("search-")),
    });
    const none = rowOf(bare.rows, "search", "search");
    expect(none.cpu.computed).toBeNull();
    expect(none.cpu.heldBack.map((h) => h.code)).toEqual(["history"]);
    expect(none.savingsUsdPerMonth).toBeNull();
    const strict = computeRightSizing(catalogWith("rightsizing: { minDataPoints: 5000 }\n"), base);
    expect(rowOf(strict.rows, "checkout", "app").cpu.heldBack[0]!.message).toMatch(
      /4000 data points .* fewer than the 5000/,
    );
  });

  it("holds back a CPU cut while the latency SLO burns in the busiest hours", () => {
    const hours = Array.from({ length: 20 }, (_, i) => i * 3_600_000);
    // CPU 0.2 core for 18 hours, 0.9 for hours 5 and 12: the top decile (≥ quantile 0.9).
    const cpu: Point[] = hours.map((t, i) => [t, i === 5 || i === 12 ? 0.9 : 0.2]);
    // 1,000 requests an hour; 30 slow in hours 5 and 12 (3 % against a 1 % budget), 1 otherwise.
    const total: Point[] = hours.map((t) => [t, 1000]);
    const bad: Point[] = hours.map((t, i) => [t, i === 5 || i === 12 ? 30 : 1]);
    const busy: BusyHours = {
      controllers: new Map([[controllerKey("shop", "Deployment", "checkout"), cpu]]),
      pods: new Map(),
      slo: new Map([[sloKey("latency-200ms", "checkout"), { bad, total }]]),
    };
    const r = computeRightSizing(catalogWith(), input({ busy }));
    const app = rowOf(r.rows, "checkout", "app");
    expect(app.busyHoursBurn).toEqual({
      slo: "latency-200ms",
      burnRate: expect.closeTo(3, 9),
      busyHours: 2,
      cpuThreshold: expect.closeTo(0.2 + 0.1 * 0.7, 9),
    });
    expect(app.cpu.heldBack.map((h) => h.code)).toEqual(["latency-slo"]);
    expect(app.cpu.heldBack[0]!.message).toBe(
      "Latency SLO latency-200ms burned at 3.00 times its budget in the busiest 2 hours (CPU at or above 0.270 cores): a CPU cut could slow it further.",
    );
    // Memory is not held back by latency.
    expect(app.memory.heldBack).toEqual([]);

    // The same SLO with the slow requests in quiet hours: no hold-back.
    const quiet: Point[] = hours.map((t, i) => [t, i === 5 || i === 12 ? 1 : 30]);
    const calm = computeRightSizing(
      catalogWith(),
      input({
        busy: {
          ...busy,
          slo: new Map([[sloKey("latency-200ms", "checkout"), { bad: quiet, total }]]),
        },
      }),
    );
    expect(rowOf(calm.rows, "checkout", "app").cpu.heldBack).toEqual([]);
    expect(rowOf(calm.rows, "checkout", "app").busyHoursBurn!.burnRate).toBeCloseTo(0.1, 9);

    // A recommendation above the request is never held back by latency: more CPU cannot slow it.
    const base = input({ busy });
    const small = base.now.requests.map((q) =>
      q.pod.startsWith("checkout-new") ? { ...q, cpu: 0.2 } : q,
    );
    const raise = computeRightSizing(catalogWith(), {
      ...base,
      now: { ...base.now, requests: small },
    });
    expect(rowOf(raise.rows, "checkout", "app").cpu.heldBack).toEqual([]);

    // latencyGuard: false turns the guard off; a higher burn-rate limit lets this one through.
    for (const extra of [
      "rightsizing: { latencyGuard: false }\n",
      "rightsizing: { latencyGuard: { burnRate: 5 } }\n",
    ]) {
      const off = computeRightSizing(catalogWith(extra), input({ busy }));
      expect(rowOf(off.rows, "checkout", "app").cpu.heldBack).toEqual([]);
    }
  });

  it("reads the busy hours of pods selected by name from their own hourly CPU", () => {
    const hours = Array.from({ length: 10 }, (_, i) => i * 3_600_000);
    // legacy-1 and legacy-2 add up (0.1 + 0.1, 0.5 + 0.5 in hour 9); legacy-x is not legacy's.
    const cpu = (peak: number): Point[] => hours.map((t, i) => [t, i === 9 ? peak : 0.1]);
    const total: Point[] = hours.map((t) => [t, 100]);
    const bad: Point[] = hours.map((t, i) => [t, i === 9 ? 10 : 0]);
    const busy: BusyHours = {
      controllers: new Map(),
      pods: new Map([
        [podKey("ops", "legacy-1"), cpu(0.5)],
        [podKey("ops", "legacy-2"), cpu(0.5)],
        [podKey("ops", "legacy-x"), hours.map((t, i): Point => [t, i === 3 ? 9 : 0])],
      ]),
      slo: new Map([[sloKey("latency-500ms", "legacy"), { bad, total }]]),
    };
    const legacy = rowOf(computeRightSizing(catalogWith(), input({ busy })).rows, "legacy", "app");
    // Hour 9 alone is busy (threshold 0.2 + 0.1 × 0.8 = 0.28); 10 % slow against 1 %: burn 10.
    expect(legacy.busyHoursBurn).toEqual({
      slo: "latency-500ms",
      burnRate: expect.closeTo(10, 9),
      busyHours: 1,
      cpuThreshold: expect.closeTo(0.28, 9),
    });
    // Its recommendation (0.1 core) is above its request (0.05): a raise, not held back.
    expect(legacy.cpu.heldBack).toEqual([]);
  });

  it("reads a pod pattern that only JavaScript's legacy mode parses", () => {
    // `\-` is RE2 (and the catalog of the Kubernetes mapping's next version accepts it),
    // but no Unicode-mode JavaScript pattern.
    const c = catalogWith();
    const legacy = c.workloads.find((w) => w.name === "legacy")!;
    if (!legacy.kubernetes.ok) throw new Error("legacy is mapped");
    legacy.kubernetes.target.pods = { pattern: "legacy\\-[0-9]+" };
    const rows = computeRightSizing(c, input()).rows;
    expect(rowOf(rows, "legacy", "app").cpu.basis).toBe(0.1);
  });

  it("lists workloads without rows, with the reason", () => {
    const r = computeRightSizing(catalogWith(), input());
    expect(r.missing).toEqual([
      {
        workload: "ghost",
        team: "shop",
        reason: "no container of Deployment ghost in namespace shop had samples in the last 14d",
      },
      {
        workload: "Unmapped",
        team: "shop",
        reason: expect.stringContaining("kubernetes.deployment"),
      },
    ]);
  });

  it("sorts by savings, largest first, rows without savings last", () => {
    const r = computeRightSizing(catalogWith(), input());
    const savings = r.rows.map((x) => x.savingsUsdPerMonth);
    const known = savings.filter((x): x is number => x !== null);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(r.rows.map((x) => x.workload)).toEqual(["checkout", "search", "legacy"]);
    close(
      r.totalSavingsUsdPerMonth,
      known.reduce((a, b) => a + b, 0),
    );
    const row = (w: string, s: number | null) =>
      ({ workload: w, container: "c", savingsUsdPerMonth: s }) as RightSizingRow;
    expect(
      [row("b", null), row("a", 1), row("c", 5), row("a", null)]
        .sort(bySavings)
        .map((x) => `${x.workload}${x.savingsUsdPerMonth}`),
    ).toEqual(["c5", "a1", "anull", "bnull"]);
  });

  it("uses the configured percentile's figure and buffer", () => {
    const c = catalogWith(
      "rightsizing: { memoryBufferPercent: 30, cpuMinMillicores: 500, memoryMinMiB: 0 }\n",
    );
    const app = rowOf(computeRightSizing(c, input()).rows, "checkout", "app");
    expect(app.memory.recommended).toBe(910 * MIB);
    expect(app.cpu.recommended).toBe(0.5);
    expect(GIB).toBe(1024 * MIB);
  });
});

describe("the busy hours", () => {
  it("computes a quantile as Prometheus's quantile_over_time does", () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([3], 0.9)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([5, 1, 4, 2, 3], 0.9)).toBeCloseTo(4.6, 12);
    expect(quantile([0, 10], 0.95)).toBeCloseTo(9.5, 12);
  });

  it("reads nothing without CPU or without traffic in the busy hours", () => {
    expect(busyHoursBurn([], [{ name: "l", objective: 0.99, bad: [], total: [] }], 0.9)).toBeNull();
    const cpu: Point[] = [
      [0, 1],
      [1, 2],
    ];
    expect(
      busyHoursBurn(cpu, [{ name: "l", objective: 0.99, bad: [[0, 5]], total: [[0, 10]] }], 0.9),
    ).toBeNull();
  });
});
