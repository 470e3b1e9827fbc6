/** The demo workloads: traffic, quality and sizing before anything happens to them. */
export interface PodProfile {
  min: number;
  max: number;
  /**
   * The HPA's CPU target: average utilization of the request, in percent. Workloads with
   * min < max have one, and it keeps as many replicas as hold the load at that target.
   */
  hpaCpuTarget?: number;
  cpuRequestCores: number;
  memRequestGiB: number;
  /** Cores used: idle + per 1,000 requests per minute on the pod. */
  cpuIdleCores: number;
  cpuPerKRpm: number;
  memBaseGiB: number;
  memPerKRpmGiB: number;
  /** The container's name in the pod spec, and its image repository (tagged per release). */
  container: string;
  image: string;
  /** A release (a rollout: new ReplicaSet, new pods) every this many days, on weekdays. */
  releaseEveryDays: number;
  /** Where its pods are scheduled (scripts/demo/cluster.ts, NODE_POOLS). */
  nodePool: "general" | "spot";
}

export interface Profile {
  name: string;
  /** Weekday peak requests per minute. */
  peakRpm: number;
  errorRatio: number;
  /** Shares of 201 and 404 among all requests. */
  createdShare: number;
  notFoundShare: number;
  p50: number;
  p95: number;
  hitRatio?: number;
  poolMax?: number;
  pods: PodProfile;
  /**
   * Instrumented with Python's prometheus_client, which spells bucket bounds as floats
   * (`le="1.0"`, OpenMetrics); the others write `le="1"` like prom-client and Go.
   */
  python?: boolean;
}

function pods(
  p: Partial<PodProfile> &
    Pick<PodProfile, "min" | "max" | "container" | "image" | "releaseEveryDays">,
): PodProfile {
  return {
    cpuRequestCores: 0.5,
    memRequestGiB: 1,
    cpuIdleCores: 0.05,
    cpuPerKRpm: 0.1,
    memBaseGiB: 0.3,
    memPerKRpmGiB: 0.05,
    nodePool: "general",
    ...p,
  };
}

export const PROFILES: Profile[] = [
  {
    name: "api-gateway",
    peakRpm: 12_000,
    errorRatio: 0.001,
    createdShare: 0.06,
    notFoundShare: 0.012,
    p50: 0.035,
    p95: 0.12,
    hitRatio: 0.3,
    pods: pods({
      min: 3,
      max: 10,
      hpaCpuTarget: 40,
      container: "gateway",
      image: "acme/api-gateway",
      releaseEveryDays: 4,
      cpuRequestCores: 1,
      cpuPerKRpm: 0.18,
      memRequestGiB: 1,
    }),
  },
  {
    name: "tracking-api",
    python: true,
    peakRpm: 5_000,
    errorRatio: 0.0015,
    createdShare: 0.35,
    notFoundShare: 0.01,
    p50: 0.15,
    p95: 0.42,
    hitRatio: 0.8,
    poolMax: 60,
    pods: pods({
      min: 2,
      max: 16,
      hpaCpuTarget: 70,
      container: "api",
      image: "acme/tracking-api",
      releaseEveryDays: 3,
      cpuRequestCores: 1,
      cpuPerKRpm: 0.25,
      memRequestGiB: 2,
      memBaseGiB: 0.6,
    }),
  },
  {
    name: "checkout",
    python: true,
    peakRpm: 800,
    errorRatio: 0.0008,
    createdShare: 0.15,
    notFoundShare: 0.004,
    p50: 0.25,
    p95: 0.8,
    hitRatio: 0.45,
    poolMax: 40,
    pods: pods({
      min: 2,
      max: 6,
      hpaCpuTarget: 40,
      container: "web",
      image: "acme/checkout",
      releaseEveryDays: 5,
      cpuRequestCores: 1,
      cpuPerKRpm: 1.6,
      memRequestGiB: 2,
      memBaseGiB: 0.7,
      memPerKRpmGiB: 0.4,
    }),
  },
  {
    name: "search",
    peakRpm: 2_000,
    errorRatio: 0.002,
    createdShare: 0,
    notFoundShare: 0.003,
    p50: 0.09,
    p95: 0.45,
    hitRatio: 0.6,
    poolMax: 20,
    pods: pods({
      min: 2,
      max: 6,
      hpaCpuTarget: 60,
      container: "search",
      image: "acme/search",
      releaseEveryDays: 6,
      cpuRequestCores: 1,
      cpuPerKRpm: 0.9,
      memRequestGiB: 4,
      memBaseGiB: 2.2,
      memPerKRpmGiB: 0.3,
    }),
  },
  {
    name: "web-frontend",
    peakRpm: 6_000,
    errorRatio: 0.0005,
    createdShare: 0.02,
    notFoundShare: 0.02,
    p50: 0.08,
    p95: 0.35,
    hitRatio: 0.85,
    pods: pods({
      min: 2,
      max: 8,
      hpaCpuTarget: 60,
      container: "nextjs",
      image: "acme/web-frontend",
      releaseEveryDays: 2,
      nodePool: "spot",
      cpuRequestCores: 0.5,
      cpuPerKRpm: 0.2,
      memRequestGiB: 1,
    }),
  },
  {
    name: "superset",
    python: true,
    peakRpm: 60,
    errorRatio: 0.003,
    createdShare: 0.05,
    notFoundShare: 0.01,
    p50: 0.6,
    p95: 3.2,
    hitRatio: 0.5,
    poolMax: 10,
    // over-provisioned on purpose: the right-sizing story
    pods: pods({
      min: 2,
      max: 2,
      container: "superset",
      image: "apache/superset",
      releaseEveryDays: 12,
      cpuRequestCores: 2,
      memRequestGiB: 8,
      cpuIdleCores: 0.08,
      cpuPerKRpm: 4,
      memBaseGiB: 1.5,
    }),
  },
  {
    name: "redis-cache",
    peakRpm: 25_000,
    errorRatio: 0.0002,
    createdShare: 0,
    notFoundShare: 0,
    p50: 0.0012,
    p95: 0.006,
    hitRatio: 0.96,
    pods: pods({
      min: 3,
      max: 3,
      container: "redis",
      image: "redis",
      releaseEveryDays: 13,
      cpuRequestCores: 0.5,
      cpuPerKRpm: 0.02,
      memRequestGiB: 6,
      memBaseGiB: 4.8,
      memPerKRpmGiB: 0,
    }),
  },
  {
    name: "clickhouse",
    peakRpm: 400,
    errorRatio: 0.001,
    createdShare: 0,
    notFoundShare: 0,
    p50: 0.045,
    p95: 0.9,
    pods: pods({
      min: 3,
      max: 3,
      container: "clickhouse",
      image: "clickhouse/clickhouse-server",
      releaseEveryDays: 11,
      cpuRequestCores: 4,
      cpuPerKRpm: 4,
      memRequestGiB: 16,
      memBaseGiB: 9,
      memPerKRpmGiB: 2,
    }),
  },
];
