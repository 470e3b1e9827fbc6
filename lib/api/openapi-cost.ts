/** Schemas of GET /api/v1/cost (lib/cost/api-shape.ts), used by lib/api/openapi.ts. */
import { nullableNumber } from "./openapi-shared";

/** A workload's or a team's cost over a range of whole hours (lib/cost/views.ts). */
export const costRow = {
  type: "object",
  required: ["key", "team", "costUsd"],
  properties: {
    key: { type: "string", description: "the workload's name, or the team's" },
    team: { type: "string" },
    hours: {
      type: "integer",
      description: "hours with a cost row (summed over a team's workloads)",
    },
    costUsd: { type: "number" },
    cpuCostUsd: { type: "number" },
    memoryCostUsd: { type: "number" },
    previousCostUsd: {
      ...nullableNumber,
      description: "over the previous period of the same length; null: no rows there",
    },
    change: { ...nullableNumber, description: "costUsd / previousCostUsd − 1" },
    requests: {
      ...nullableNumber,
      description: "requests in the hours with cost rows; null: no request rows (never 0)",
    },
    costPerMillionRequests: { ...nullableNumber, description: "costUsd / requests × 10⁶" },
    cpuEfficiency: { ...nullableNumber, description: "used / requested core-hours" },
    memoryEfficiency: { ...nullableNumber, description: "used / requested GiB-hours" },
    totalEfficiency: { ...nullableNumber, description: "both, weighted by their costs" },
    idleUsd: { ...nullableNumber, description: "share of its nodes' idle cost; null: unknown" },
    idleShare: { ...nullableNumber, description: "idleUsd / (costUsd + idleUsd)" },
    cpuRequestCoreHours: { type: "number" },
    cpuUsageCoreHours: { type: "number" },
    memoryRequestGibHours: { type: "number" },
    memoryUsageGibHours: { type: "number" },
    averageReplicas: nullableNumber,
  },
};

export const stackedCost = {
  type: "object",
  properties: {
    bucketSeconds: { type: "integer", description: "3600, 21600 or 86400, aligned to the epoch" },
    times: { type: "array", items: { type: "number", description: "bucket start, unix ms" } },
    series: {
      type: "array",
      description: "the most expensive keys first, the rest summed as `other`",
      items: {
        type: "object",
        properties: {
          key: { type: "string" },
          values: {
            type: "array",
            description:
              "average $/h over each bucket's hours in the range (4 significant digits); null: no row",
            items: nullableNumber,
          },
        },
      },
    },
  },
};

export const costPerformancePoint = {
  type: "object",
  properties: {
    workload: { type: "string" },
    team: { type: "string" },
    costUsd: nullableNumber,
    requests: nullableNumber,
    costPerMillionRequests: { ...nullableNumber, description: "x of the chart" },
    p95Seconds: { ...nullableNumber, description: "Prometheus, over the same hours" },
    latencyThresholdSeconds: {
      ...nullableNumber,
      description: "the latency SLO nearest the 95th percentile",
    },
    latencyObjective: nullableNumber,
    p95OverThreshold: { ...nullableNumber, description: "above 1: slower than the SLO allows" },
    availability: { ...nullableNumber, description: "Prometheus, over the same hours" },
    availabilityObjective: nullableNumber,
    availabilityBurn: {
      ...nullableNumber,
      description: "(1 − availability) / (1 − objective): the range's burn rate",
    },
    meetsAvailability: { type: ["boolean", "null"] },
    quadrant: {
      enum: ["expensive-slow", "cheap-slow", "expensive-fine", "cheap-fine", null],
      description:
        "expensive: cost per 1M above the fleet's; slow: p95 above its latency threshold",
    },
  },
};
