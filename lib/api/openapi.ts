import { BURN_WINDOWS, TIERS } from "../slo/alert-tiers";
import { SLO_INDICATORS, WINDOWS_EXPECTED } from "../catalog/slo-schema";
import { COST_GROUP_BY } from "../cost/api-shape";
import { COST_PRESETS, DEFAULT_COST_PRESET } from "../cost/ranges";
import { OVERVIEW_PRESETS } from "../overview/ranges";
import { costPerformancePoint, costRow, stackedCost } from "./openapi-cost";
import { recommendationPaths, recommendationSchemas } from "./openapi-recommendations";
import { error, nullableNumber } from "./openapi-shared";
import { RANGES } from "../time/ranges";

const time = {
  name: "time",
  in: "query",
  required: false,
  description: "Evaluation time, ISO 8601 or unix seconds; default now. Rounded down to 15 s.",
  schema: { type: "string" },
};
const metricCheck = {
  type: "object",
  properties: {
    role: {
      type: "string",
      enum: ["requests", "failures", "latency", "cache", "poolInUse", "poolMax"],
    },
    name: { type: "string", description: "series name looked for (the histogram's _bucket)" },
    selector: { type: "string" },
    state: {
      type: "string",
      enum: ["found", "stale", "missing"],
      description: "found: series in the last hour; stale: only earlier in the lookback",
    },
    optional: { type: "boolean", description: "cache and pool metrics: a workload may lack them" },
  },
} as const;

const kubernetesCheck = {
  type: "object",
  description: "whether the workload's Kubernetes mapping matches pods and container series",
  properties: {
    mapped: { type: "boolean" },
    target: {
      type: "string",
      description: 'what it maps to, e.g. "Deployment payments/checkout", or why it has no mapping',
    },
    namespace: { type: "string" },
    lookups: {
      type: "array",
      items: {
        type: "object",
        properties: {
          role: { type: "string", enum: ["pods", "cpuUsage", "memoryUsage", "requests"] },
          selector: { type: "string" },
          state: { type: "string", enum: ["found", "stale", "missing"] },
        },
      },
    },
  },
} as const;

const catalogCheck = {
  type: "object",
  properties: {
    checkedAt: { type: "string", format: "date-time" },
    lookback: { type: "string" },
    ok: { type: "boolean" },
    error: { type: "string" },
    fingerprint: { type: "string", description: "catalog hash and names in use; keys every cache" },
    workloads: {
      type: "array",
      items: {
        type: "object",
        properties: {
          workload: { type: "string" },
          matchers: {
            type: "array",
            description: "the workload's own matchers beyond the grouping label",
            items: {
              type: "object",
              properties: {
                label: { type: "string" },
                op: { type: "string" },
                value: { type: "string" },
              },
            },
          },
          convention: { type: "string" },
          form: { type: "string", description: "who writes the spelling in use" },
          metrics: {
            type: "array",
            items: metricCheck,
            description:
              "the metrics the catalog names: a custom workload may have no requests or latency",
          },
          otherForms: { type: "array", items: { type: "string" } },
          fix: { type: "array", items: { type: "string" } },
          kubernetes: kubernetesCheck,
        },
      },
    },
  },
} as const;

const panelError = {
  type: "object",
  properties: {
    source: { enum: ["Prometheus", "ClickHouse"] },
    tag: { type: "string", description: "the query that failed" },
    message: { type: "string" },
  },
};
/** Top-level `stale` of an answer in which some panel shows its last good data. */
const stale = {
  type: "object",
  description:
    "Present when a panel's source failed after a good answer: that panel carries its last " +
    "good data with `stale: {asOf, error}`, and this field describes the oldest such panel",
  required: ["asOf", "ageSeconds", "error", "panels"],
  properties: {
    asOf: { type: "string", format: "date-time", description: "when that data was evaluated" },
    ageSeconds: { type: "integer", description: "seconds between `asOf` and this answer" },
    error: { $ref: "#/components/schemas/PanelError" },
    panels: {
      type: "array",
      items: { type: "string" },
      description: 'paths of every stale panel, e.g. "indicators", "charts[latency]/result"',
    },
  },
};
const staleRef = { $ref: "#/components/schemas/Stale" };
/** Top-level `warnings`: panels computed from answers the source warned may be incomplete. */
const warnings = {
  type: "array",
  description:
    "Present when an answer a panel was computed from carried `warnings` (a Thanos partial " +
    "response, a limit Mimir applied): that panel carries them too. SLO figures are never " +
    "computed from such an answer: their panel fails (or is stale) instead",
  items: {
    type: "object",
    required: ["panel", "source", "tag", "message"],
    properties: {
      panel: { type: "string" },
      source: { type: "string" },
      tag: { type: "string" },
      message: { type: "string" },
    },
  },
};
const warningsRef = { $ref: "#/components/schemas/Warnings" };
/** How a panel reads, said once per path. */
const panelNote =
  "Each panel is `{ok: true, data}`, `{ok: true, data, stale: {asOf, error}}` (its last good " +
  "data while its source fails) or `{ok: false, error}` naming the source";

const malformedParameter = {
  description: "A malformed parameter",
  content: { "application/json": { schema: error } },
};
const noSuchWorkload = {
  description: "No such workload",
  content: { "application/json": { schema: error } },
};

/** A workload name as a path segment, the form lib/workload/url.ts writes. */
const workloadPath = (name: string) => ({
  name,
  in: "path",
  required: true,
  description:
    "The workload name (any value of the grouping label), percent-encoded after writing " +
    "~ as ~7E, % as ~25, and each dot of a name that is all dots (. or ..) as ~2E; " +
    "e.g. checkout, ns%2Fname, my%20service, z%C3%A4hler",
  schema: { type: "string", minLength: 1 },
});

/** Path and custom-range parameters of /api/v1/workloads/{name}/series and /routes. */
const workloadRangeParams = [
  workloadPath("name"),
  { ...time, name: "from", required: true, description: "Range start, ISO 8601 or unix seconds" },
  {
    ...time,
    name: "to",
    required: true,
    description: "Range end, ISO 8601 or unix seconds; not in the future",
  },
];
const burnRates = {
  type: "object",
  properties: Object.fromEntries(BURN_WINDOWS.map((w) => [w, nullableNumber])),
};
const points = {
  type: "array",
  items: {
    type: "array",
    prefixItems: [{ type: "number", description: "unix ms" }, { type: "number" }],
  },
};

const sloStatus = {
  type: "object",
  properties: {
    name: { type: "string" },
    indicator: { enum: [...SLO_INDICATORS] },
    objective: { type: "number", description: "ratio, e.g. 0.999" },
    threshold: { type: "number", description: "latency: seconds; pool-utilization: ratio of max" },
    window: { type: "string", description: WINDOWS_EXPECTED },
    source: { enum: ["recorded", "raw"], description: "recording rules or raw series" },
    events: {
      type: ["object", "null"],
      properties: { bad: { type: "number" }, total: { type: "number" } },
    },
    sli: nullableNumber,
    budgetConsumed: nullableNumber,
    budgetRemaining: { ...nullableNumber, description: "1 − e/b; negative when overspent" },
    burnRates,
    timeToExhaustionMs: { ...nullableNumber, description: "null: not burning" },
    alerts: {
      type: "array",
      items: {
        type: "object",
        properties: {
          tier: { enum: TIERS.map((t) => t.name) },
          severity: { enum: ["page", "ticket"] },
          factor: { type: "number" },
          longWindow: { type: "string" },
          shortWindow: { type: "string" },
          longBurn: nullableNumber,
          shortBurn: nullableNumber,
          firing: { type: "boolean" },
        },
      },
    },
  },
};

/** A workload's ClickHouse figures over the last 30 days; null where there are no rows. */
const workloadUsage = {
  type: "object",
  properties: {
    workload: { type: "string" },
    requests: {
      ...nullableNumber,
      description: "null: no request rows in ClickHouse for the range (never reported as 0)",
    },
    errorRatio: { ...nullableNumber, description: "5xx / requests; null without requests" },
    p95Ms: nullableNumber,
    costUsd: { ...nullableNumber, description: "null: no cost rows for the range" },
    costPerMillionRequests: nullableNumber,
  },
};

const workloadSlos = {
  type: "object",
  properties: {
    workload: { type: "string" },
    team: { type: "string" },
    tier: { type: "integer" },
    slos: { type: "array", items: { $ref: "#/components/schemas/SloStatus" } },
  },
};

/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Sightline API",
    version: "1",
    description:
      "Per-workload indicators, SLOs, error budgets, burn rates, cost and right-sizing, read from Prometheus and ClickHouse.",
  },
  paths: {
    "/api/v1/workloads": {
      get: {
        summary: "Indicators of every workload over a preset range and 30 days",
        parameters: [
          { name: "range", in: "query", schema: { enum: [...OVERVIEW_PRESETS], default: "1h" } },
          time,
        ],
        responses: {
          "200": {
            description:
              "The overview's numbers; failed panels are listed in `errors`, panels answered " +
              "with their last good data in `stale`",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    stale: staleRef,
                    warnings: warningsRef,
                    workloads: {
                      type: "array",
                      items: {
                        type: "object",
                        properties: {
                          indicators: {
                            type: "object",
                            description:
                              "per range, each indicator or null: no series, no traffic, or not measured (a custom workload names only the metrics its SLOs read)",
                          },
                          usage: {
                            description: "null when the ClickHouse panel failed (see `errors`)",
                            oneOf: [
                              { $ref: "#/components/schemas/WorkloadUsage" },
                              { type: "null" },
                            ],
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          "400": malformedParameter,
          "503": { description: "Every data source failed, and no panel has last good data" },
        },
      },
    },
    "/api/v1/slos": {
      get: {
        summary: "Every workload's SLOs: objective, window, SLI, budget, burn rates, alert tiers",
        parameters: [time],
        responses: {
          "200": {
            description: "SLO status per workload",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    evaluatedAt: { type: "string", format: "date-time" },
                    workloads: {
                      type: "array",
                      items: { $ref: "#/components/schemas/WorkloadSlos" },
                    },
                    stale: {
                      ...staleRef,
                      description:
                        "present when Prometheus failed: `workloads` are its last good figures",
                    },
                  },
                },
              },
            },
          },
          "400": malformedParameter,
          "503": {
            description: "Prometheus failed, and there are no last good figures",
            content: {
              "application/json": { schema: { type: "object", properties: { error: panelError } } },
            },
          },
        },
      },
    },
    "/api/v1/slos/{workload}": {
      get: {
        summary: "One workload's SLOs with burn-down and burn-rate series",
        parameters: [
          workloadPath("workload"),
          {
            name: "range",
            in: "query",
            schema: { enum: Object.keys(RANGES), default: "24h" },
            description: "span of the burn-rate series",
          },
          time,
        ],
        responses: {
          "200": {
            description: "Status and series",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    evaluatedAt: { type: "string", format: "date-time" },
                    status: {
                      description: `\`data\` is WorkloadSlos. ${panelNote}`,
                    },
                    series: {
                      description:
                        "`{ok: true, data: [{slo, source, budgetRemaining, burnRates, errorBudget}]}`",
                      properties: {
                        example: { type: "object", properties: { budgetRemaining: points } },
                      },
                    },
                    stale: staleRef,
                    warnings: warningsRef,
                  },
                },
              },
            },
          },
          "400": malformedParameter,
          "404": noSuchWorkload,
          "503": { description: "Neither status nor series, and no last good data" },
        },
      },
    },
    "/api/v1/workloads/{name}/series": {
      get: {
        summary:
          "The workload page's charts (traffic, errors, latency, cache, pool, resources, replicas, SLO burn) for a custom range",
        parameters: workloadRangeParams,
        responses: {
          "200": {
            description: `One result per chart, plus markers. ${panelNote}; \`stale\` (top level) describes the oldest stale one`,
            content: {
              "application/json": {
                schema: { type: "object", properties: { stale: staleRef, warnings: warningsRef } },
              },
            },
          },
          "400": malformedParameter,
          "404": noSuchWorkload,
          "503": { description: "No chart has data, and none has last good data" },
        },
      },
    },
    "/api/v1/workloads/{name}/routes": {
      get: {
        summary: "Requests, error share, p95 and p99 per route from the ClickHouse request log",
        parameters: workloadRangeParams,
        responses: {
          "200": {
            description: `Rows per route (rollup for ranges of 24 h or more, raw log below) in \`result\`; \`spans\` (null unless requests come from OpenTelemetry spans): the spans not counted as requests per reason, and the backfill's state. ${panelNote}`,
            content: {
              "application/json": {
                schema: { type: "object", properties: { stale: staleRef, warnings: warningsRef } },
              },
            },
          },
          "400": malformedParameter,
          "404": noSuchWorkload,
          "503": { description: "ClickHouse failed, and there are no last good rows" },
        },
      },
    },
    "/api/v1/cost": {
      get: {
        summary:
          "Cost per workload or team over whole hours with the previous period, efficiency, idle share, cost per 1M requests, cost over time and cost versus performance",
        parameters: [
          {
            name: "range",
            in: "query",
            schema: { enum: [...COST_PRESETS], default: DEFAULT_COST_PRESET },
            description: "the hours before the start of the current hour; not with from/to",
          },
          {
            name: "groupBy",
            in: "query",
            schema: { enum: [...COST_GROUP_BY], default: "workload" },
          },
          { ...time, description: `${time.description} With range only.` },
          {
            ...time,
            name: "from",
            description:
              "Custom range start, ISO 8601 or unix seconds, rounded down to the hour; with to",
          },
          {
            ...time,
            name: "to",
            description:
              "Custom range end, rounded down to the hour; not in the future, 1 h to 90 days after from",
          },
        ],
        responses: {
          "200": {
            description:
              "The numbers of /cost; failed panels are listed in `errors`, panels answered with their last good data in `stale`",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    evaluatedAt: { type: "string", format: "date-time" },
                    range: { enum: [...COST_PRESETS, null] },
                    from: { type: "string", format: "date-time" },
                    to: { type: "string", format: "date-time" },
                    previousFrom: { type: "string", format: "date-time" },
                    groupBy: { enum: [...COST_GROUP_BY] },
                    rows: {
                      description: "most expensive first; null when ClickHouse failed",
                      oneOf: [
                        { type: "array", items: { $ref: "#/components/schemas/CostRow" } },
                        { type: "null" },
                      ],
                    },
                    total: {
                      oneOf: [{ $ref: "#/components/schemas/CostRow" }, { type: "null" }],
                    },
                    overTime: {
                      oneOf: [{ $ref: "#/components/schemas/StackedCost" }, { type: "null" }],
                    },
                    performance: {
                      description: "null when ClickHouse or Prometheus failed",
                      oneOf: [
                        {
                          type: "object",
                          properties: {
                            fleetCostPerMillionRequests: {
                              ...nullableNumber,
                              description: "the split between cheap and expensive",
                            },
                            points: {
                              type: "array",
                              items: { $ref: "#/components/schemas/CostPerformancePoint" },
                            },
                          },
                        },
                        { type: "null" },
                      ],
                    },
                    errors: {
                      type: "array",
                      items: {
                        type: "object",
                        properties: {
                          panel: { enum: ["costs", "overTime", "performance"] },
                          source: { enum: ["Prometheus", "ClickHouse"] },
                          tag: { type: "string" },
                          message: { type: "string" },
                        },
                      },
                    },
                    stale: staleRef,
                    warnings: warningsRef,
                  },
                },
              },
            },
          },
          "400": malformedParameter,
          "503": {
            description: "ClickHouse and Prometheus failed, and no panel has last good data",
          },
        },
      },
    },
    "/api/v1/oncall": {
      get: {
        summary:
          "The on-call view: burning SLOs fastest spender first, active alerts, page incidents of the last 24 h, who is on call now and next",
        responses: {
          "200": {
            description: `${panelNote}; a failed source is never a 5xx here (the roster always answers)`,
            content: {
              "application/json": {
                schema: { type: "object", properties: { stale: staleRef, warnings: warningsRef } },
              },
            },
          },
        },
      },
    },
    "/api/v1/catalog/check": {
      get: {
        summary:
          "Which metric names each workload's series carry: found, stale or missing, the spelling in use, catalog lines that would fix what is missing, and whether its Kubernetes mapping matches pods and container series",
        responses: {
          "200": {
            description: "The last check of the catalog against Prometheus (every 5 minutes)",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/CatalogCheck" } },
            },
          },
          "503": {
            description: "Prometheus could not be asked; `error` says why",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/CatalogCheck" } },
            },
          },
        },
      },
    },
    ...recommendationPaths,
  },
  components: {
    schemas: {
      SloStatus: sloStatus,
      WorkloadSlos: workloadSlos,
      WorkloadUsage: workloadUsage,
      CostRow: costRow,
      StackedCost: stackedCost,
      CostPerformancePoint: costPerformancePoint,
      PanelError: panelError,
      Stale: stale,
      Warnings: warnings,
      CatalogCheck: catalogCheck,
      ...recommendationSchemas,
    },
  },
} as const;
