import { z } from "zod";

export const SLO_INDICATORS = [
  "availability",
  "latency",
  "cache-hit-rate",
  "pool-utilization",
] as const;
export type SloIndicator = (typeof SLO_INDICATORS)[number];

export const SLO_WINDOWS = ["7d", "28d", "30d", "calendar-month"] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

/** "200ms", "0.5s", "1s" → seconds. */
function parseSeconds(v: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(v.trim());
  if (!m) return null;
  return m[2] === "ms" ? Number(m[1]) / 1000 : Number(m[1]);
}

const percent = (what: string) =>
  z
    .number({ error: `expected ${what} as a percentage, e.g. 99.9` })
    .gt(0, `expected ${what} above 0 %`)
    .lt(100, `expected ${what} below 100 % (a 100 % objective leaves no budget)`);

/**
 * The alert tiers an SLO may override by name (`alertFactors`). Their windows and factors
 * are defined with the SLO math (lib/slo/alert-tiers.ts), which has one tier per name.
 */
export const TIER_NAMES = ["page-fast", "page-slow", "ticket-1d", "ticket-3d"] as const;
export type TierName = (typeof TIER_NAMES)[number];

export const sloSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "expected a lower-case name like latency-200ms")
      .optional(),
    indicator: z.enum(SLO_INDICATORS, {
      error: (iss) =>
        `expected one of ${SLO_INDICATORS.join(", ")} (got ${JSON.stringify(iss.input)})`,
    }),
    objective: percent("the objective"),
    /** latency: a duration ("200ms"); pool-utilization: a percentage of max (80). */
    threshold: z.union([z.string(), z.number()]).optional(),
    window: z.enum(SLO_WINDOWS, { error: `expected one of ${SLO_WINDOWS.join(", ")}` }).optional(),
    alertFactors: z.partialRecord(z.enum(TIER_NAMES), z.number().positive()).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.indicator === "latency") {
      if (typeof s.threshold !== "string" || parseSeconds(s.threshold) === null) {
        ctx.addIssue({
          code: "custom",
          path: ["threshold"],
          message: 'expected a duration like "200ms" for a latency SLO',
        });
      }
    } else if (s.indicator === "pool-utilization") {
      if (typeof s.threshold !== "number" || !(s.threshold > 0 && s.threshold <= 100)) {
        ctx.addIssue({
          code: "custom",
          path: ["threshold"],
          message: "expected the utilization limit as a percentage, e.g. 80",
        });
      }
    } else if (s.threshold !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: `a ${s.indicator} SLO takes no threshold`,
      });
    }
  });

export type SloInput = z.output<typeof sloSchema>;

/** One objective of one workload, resolved: ratios, seconds, a window and a stable name. */
export interface Slo {
  name: string;
  indicator: SloIndicator;
  /** As a ratio: 99.9 % → 0.999. */
  objective: number;
  /** latency: seconds; pool-utilization: ratio of max; otherwise absent. */
  threshold?: number;
  window: SloWindow;
  alertFactors: Partial<Record<string, number>>;
}

function defaultName(s: SloInput): string {
  if (s.indicator === "latency") return `latency-${String(s.threshold).replace(/\s+/g, "")}`;
  if (s.indicator === "pool-utilization") return `pool-utilization-${String(s.threshold)}`;
  return s.indicator;
}

export function resolveSlo(s: SloInput, defaultWindow: SloWindow): Slo {
  return {
    name: s.name ?? defaultName(s),
    indicator: s.indicator,
    objective: Math.round(s.objective * 1e9) / 1e11,
    ...(s.indicator === "latency" && { threshold: parseSeconds(String(s.threshold))! }),
    ...(s.indicator === "pool-utilization" && { threshold: Number(s.threshold) / 100 }),
    window: s.window ?? defaultWindow,
    alertFactors: s.alertFactors ?? {},
  };
}
