/**
 * The OpenAPI description of GET /api/v1/cost/recommendations and its CSV
 * (lib/api/recommendations.ts), merged into lib/api/openapi.ts.
 */
import { error, nullableNumber } from "./openapi-shared";
import { RECOMMENDATION_FORMATS } from "./recommendations-params";

const time = {
  name: "time",
  in: "query",
  required: false,
  description: "Evaluation time, ISO 8601 or unix seconds; default now. Rounded down to 5 minutes.",
  schema: { type: "string" },
};
const filters = [
  {
    name: "team",
    in: "query",
    required: false,
    description: "Only this team's workloads (a team of the catalog)",
    schema: { type: "string" },
  },
  {
    name: "workload",
    in: "query",
    required: false,
    description: "Only this workload (a name of the catalog, as is: not the path encoding)",
    schema: { type: "string" },
  },
];

const holdBack = {
  type: "object",
  properties: {
    code: {
      enum: ["hpa", "history", "latency-slo"],
      description:
        "hpa: an HPA scales the workload on this resource's utilization; history: fewer data " +
        "points than required; latency-slo: a CPU cut while a latency SLO burns in the busiest hours",
    },
    message: { type: "string", description: "the reason in a sentence" },
  },
};

const resource = (unit: string, basis: string) => ({
  type: "object",
  properties: {
    current: { ...nullableNumber, description: `request now (${unit}), largest over current pods` },
    basis: { ...nullableNumber, description: `${basis} (${unit}); null without samples` },
    computed: { ...nullableNumber, description: "what the strategy gives, rounded and floored" },
    recommended: { ...nullableNumber, description: "`computed` unless held back (then null)" },
    dataPoints: { type: "integer", description: "samples at the step, summed over pods" },
    heldBack: { type: "array", items: { $ref: "#/components/schemas/RightSizingHoldBack" } },
    savingsUsdPerMonth: {
      ...nullableNumber,
      description:
        "(current − recommended) × node price × 730 h over the pods now; negative: costs more",
    },
  },
});

const row = {
  type: "object",
  properties: {
    key: { type: "string" },
    workload: { type: "string" },
    team: { type: "string" },
    namespace: { type: "string" },
    target: { type: "string", description: 'e.g. "Deployment checkout", "pods legacy-.*"' },
    container: { type: "string" },
    pods: { type: "integer", description: "pods with this container that exist now" },
    cpu: resource("cores", "highest per-pod percentile of CPU usage"),
    memory: resource("bytes", "peak working set"),
    savingsUsdPerMonth: nullableNumber,
    busyHoursBurn: {
      description: "the latency guard's reading; null without a latency SLO or traffic",
      oneOf: [
        {
          type: "object",
          properties: {
            slo: { type: "string" },
            burnRate: { type: "number" },
            busyHours: { type: "integer" },
            cpuThreshold: { type: "number", description: "cores" },
          },
        },
        { type: "null" },
      ],
    },
  },
};

export const recommendationSchemas = {
  RightSizingRow: row,
  RightSizingHoldBack: holdBack,
};

const csvResponse = {
  description:
    "RFC 4180 CSV (CRLF), one row per workload and container, largest savings first; " +
    "`Content-Disposition: attachment` with the evaluation time in the file name",
  content: { "text/csv": { schema: { type: "string" } } },
};
const refused = {
  description: "A malformed parameter, named in `error.parameter`",
  content: { "application/json": { schema: error } },
};
const unavailable = {
  description: "Prometheus failed, and there are no last good recommendations",
  content: {
    "application/json": {
      schema: {
        type: "object",
        properties: {
          evaluatedAt: { type: "string" },
          error: { $ref: "#/components/schemas/PanelError" },
        },
      },
    },
  },
};

export const recommendationPaths = {
  "/api/v1/cost/recommendations": {
    get: {
      summary:
        "Right-sizing per workload and container (KRR's simple strategy): requests now against recommended, monthly savings, reasons held back",
      parameters: [
        {
          name: "format",
          in: "query",
          required: false,
          schema: { enum: [...RECOMMENDATION_FORMATS], default: "json" },
        },
        time,
        ...filters,
      ],
      responses: {
        "200": {
          description:
            "The recommendations (JSON), or the CSV with format=csv. A stale answer carries " +
            "`stale` (JSON) or the header X-Sightline-Stale-As-Of (CSV)",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  evaluatedAt: { type: "string", format: "date-time" },
                  settings: { type: "object", description: "the catalog's rightsizing block" },
                  totalSavingsUsdPerMonth: { type: "number" },
                  recommendations: {
                    type: "array",
                    items: { $ref: "#/components/schemas/RightSizingRow" },
                  },
                  missing: {
                    type: "array",
                    description: "workloads without a row, and why",
                    items: {
                      type: "object",
                      properties: {
                        workload: { type: "string" },
                        team: { type: "string" },
                        reason: { type: "string" },
                      },
                    },
                  },
                  stale: { $ref: "#/components/schemas/Stale" },
                },
              },
            },
            "text/csv": csvResponse.content["text/csv"],
          },
        },
        "400": refused,
        "503": unavailable,
      },
    },
  },
  "/api/v1/cost/recommendations.csv": {
    get: {
      summary: "The right-sizing table as a CSV download",
      parameters: [time, ...filters],
      responses: { "200": csvResponse, "400": refused, "503": unavailable },
    },
  },
};
