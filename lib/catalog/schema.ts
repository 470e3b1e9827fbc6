import { z } from "zod";
import { NAME_RE, parseMatchers, PromQLError } from "../promql";
import { PRESETS, SLO_METRICS, type Measure } from "./conventions";
import { kubernetesSchema, workloadKubernetesSchema } from "./kubernetes";
import { pricingSchema } from "./pricing";
import { rightsizingSchema } from "./rightsizing";
import { rosterSchema } from "./roster";
import { resolveSlo, sloSchema, windowSchema, type SloInput } from "./slo-schema";

const metricName = z
  .string()
  .regex(NAME_RE, "expected a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*");

/** A PromQL matcher list, checked by the same parser the query builder relies on. */
const matcherList = z.string().superRefine((value, ctx) => {
  try {
    parseMatchers(value);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: e instanceof PromQLError ? e.message : String(e) });
  }
});

const metricsSchema = z
  .object({
    requests: metricName.optional(),
    errors: matcherList.optional(),
    /** A counter of failed events, counted apart from `requests`; `errors` then apply to it. */
    failures: metricName.optional(),
    latency: metricName.optional(),
    cache: metricName.optional(),
    poolInUse: metricName.optional(),
    poolMax: metricName.optional(),
  })
  .strict();

/**
 * A workload name is a value of the grouping label, and Prometheus accepts any UTF-8 text
 * there (`ns/name`, `Checkout`, `my service`) except the empty string, which means the
 * label is absent. YAML numbers and booleans must be quoted to be names.
 */
const workloadName = z
  .string({
    error: (iss) =>
      iss.input === undefined || iss.input === null
        ? "expected a name: the value of the grouping label"
        : `expected a name as a string, got ${JSON.stringify(iss.input)}: quote it in YAML`,
  })
  .min(1, "expected a name, got an empty string: an empty label value means the label is absent")
  .refine(
    (name) => !/\p{Cs}/u.test(name),
    "expected valid Unicode: the name has a lone surrogate, which UTF-8 cannot carry",
  );

export const workloadSchema = z
  .object({
    name: workloadName,
    team: z.string().min(1, "expected a team name"),
    tier: z.number().int().min(0).max(3, "expected a tier from 0 to 3").default(2),
    convention: z.enum(PRESETS, {
      error: (iss) =>
        `expected one of ${PRESETS.join(", ")}` +
        (iss.input === undefined ? "" : ` (got ${JSON.stringify(iss.input)})`),
    }),
    statusLabel: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "expected a label name")
      .optional(),
    selector: matcherList.optional(),
    metrics: metricsSchema.default({}),
    /** Where it runs, over the catalog's `kubernetes` default, or false (lib/catalog/kubernetes.ts). */
    kubernetes: workloadKubernetesSchema.optional(),
    /** Replaces the catalog's default SLOs for this workload. */
    slos: z.array(sloSchema).optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    // Its own SLOs are known here; the catalog's defaults only in catalogSchema.
    if (w.slos) requireSloMetrics(w, w.slos, false, ctx, []);
  });

type WorkloadInput = z.output<typeof workloadSchema>;

/** Whether a custom workload's `metrics:` names what `key` stands for. */
function names(w: WorkloadInput, key: Measure): boolean {
  const v = w.metrics[key];
  if (!v) return false;
  if (key !== "errors") return true;
  try {
    return parseMatchers(v).length > 0; // `{}` selects every request: no error matcher
  } catch {
    return true; // refused where the matcher list is checked
  }
}

/**
 * A `custom` workload names only the metrics its SLOs read (SLO_METRICS): one without a
 * latency SLO needs no histogram, one without an availability SLO no request counter.
 * `defaults`: the SLOs are the catalog's, which the workload takes by listing none.
 */
function requireSloMetrics(
  w: WorkloadInput,
  slos: SloInput[],
  defaults: boolean,
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  if (w.convention !== "custom") return;
  for (const key of ["requests", "errors", "latency"] as const) {
    if (names(w, key)) continue;
    // A counter of failures stands for the failed requests by itself.
    if (key === "errors" && w.metrics.failures) continue;
    const slo = slos.find((s) => SLO_METRICS[s.indicator].includes(key));
    if (!slo) continue;
    const name = resolveSlo(slo, "30d").name;
    const fix = defaults ? `list slos: without ${slo.indicator}` : `drop its ${slo.indicator} SLOs`;
    const what =
      key === "errors"
        ? "metrics.errors (matchers of the failed requests) or metrics.failures (a counter of failed events)"
        : `metrics.${key}`;
    ctx.addIssue({
      code: "custom",
      path: [...path, "metrics", key],
      message:
        `expected ${what} for the custom convention: its ${name} SLO` +
        `${defaults ? " (the catalog's default SLOs)" : ""} reads it; set it or ${fix}`,
    });
  }
}

export const catalogSchema = z
  .object({
    groupingLabel: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "expected a label name such as workload, job or service")
      .default("workload"),
    /** The SLO window of objectives that name none. */
    sloWindow: windowSchema.default("30d"),
    /** SLOs of every workload that lists none of its own. */
    slos: z.array(sloSchema).default([
      { indicator: "availability", objective: 99.9 },
      { indicator: "latency", threshold: "200ms", objective: 95 },
      { indicator: "latency", threshold: "500ms", objective: 99 },
    ]),
    /** Where workloads run unless they say otherwise; `{name}` and `{team}` are theirs. */
    kubernetes: kubernetesSchema.optional(),
    workloads: z.array(workloadSchema).min(1, "expected at least one workload"),
    /** Who is on call per team: weekly rotations (lib/catalog/roster.ts). */
    oncall: rosterSchema.optional(),
    /** CPU and memory prices (lib/catalog/pricing.ts); OpenCost's list prices by default. */
    pricing: pricingSchema.optional(),
    /** How requests are right-sized (lib/catalog/rightsizing.ts); KRR's simple strategy by default. */
    rightsizing: rightsizingSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.workloads.forEach((w, i) => {
      if (seen.has(w.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["workloads", i, "name"],
          message: `duplicate workload ${JSON.stringify(w.name)}`,
        });
      }
      seen.add(w.name);
      if (!w.slos) requireSloMetrics(w, c.slos, true, ctx, ["workloads", i]);
    });
  });
