/**
 * How requests are right-sized: the catalog's `rightsizing:` block (docs/numbers.md,
 * "Right-sizing"). The defaults are those of KRR's simple strategy (robusta-dev/krr,
 * `krr simple`): CPU at the 95th percentile of usage, memory at the peak working set plus
 * 15 %, 14 days of history at a 75-second step, 100 data points at least, no
 * recommendation for a resource an HPA scales on, and KRR's floors of 10 millicores and
 * 100 MiB. Sightline adds one reason to hold a CPU cut back: the workload's latency SLO
 * burning in its busiest hours. Pure.
 */
import { z } from "zod";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** "14d", "75s", "6h" → ms; null when not a whole number and one unit (s, m, h, d, w). */
export function parseDurationMs(v: string): number | null {
  const m = /^(\d+)(s|m|h|d|w)$/.exec(v);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : null;
}

const durationText = (what: string, minMs: number, maxMs: number, example: string) =>
  z.string({ error: `expected ${what} such as ${example}` }).superRefine((v, ctx) => {
    const ms = parseDurationMs(v);
    if (ms === null) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what} such as ${example}: a whole number and one of s, m, h, d, w (got ${JSON.stringify(v)})`,
      });
    } else if (ms < minMs || ms > maxMs) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what} from ${formatDuration(minMs)} to ${formatDuration(maxMs)} (got ${v})`,
      });
    }
  });

/** ms → the largest whole unit up to days: 1209600000 → "14d", 75000 → "75s". */
export function formatDuration(ms: number): string {
  for (const unit of ["d", "h", "m", "s"] as const) {
    if (ms % UNIT_MS[unit] === 0 && ms >= UNIT_MS[unit]) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

const latencyGuardSchema = z
  .object({
    /** Hours whose CPU usage is at or above this quantile of the history's hours are busy. */
    busyHoursQuantile: z
      .number({ error: "expected a quantile between 0 and 1, e.g. 0.9 (the top decile)" })
      .gt(0, "expected a quantile above 0")
      .lt(1, "expected a quantile below 1"),
    /** A CPU cut is held back when a latency SLO burns faster than this in the busy hours. */
    burnRate: z
      .number({ error: "expected a burn rate, e.g. 1 (the budget lasts exactly its window)" })
      .positive("expected a burn rate above 0"),
  })
  .partial()
  .strict();

export const rightsizingSchema = z
  .object({
    /** How far back usage is read (KRR's history_duration, 336 h). */
    history: durationText("a history length", 3_600_000, 90 * 86_400_000, "14d").default("14d"),
    /**
     * The subquery step and the rate window of CPU usage (KRR's timeframe_duration, 1.25
     * min): at least twice the scrape interval of cAdvisor, or rates have gaps.
     */
    step: durationText("a step", 1000, 3_600_000, "75s").default("75s"),
    /** CPU request = this percentile of each pod's usage, highest pod (KRR: cpu_percentile). */
    cpuPercentile: z
      .number({ error: "expected a percentile, e.g. 95" })
      .gt(0, "expected a percentile above 0")
      .max(100, "expected a percentile of at most 100")
      .default(95),
    /** Memory request = peak working set × (1 + this / 100) (KRR: memory_buffer_percentage). */
    memoryBufferPercent: z
      .number({ error: "expected a percentage, e.g. 15" })
      .min(0, "expected a percentage of 0 or more")
      .default(15),
    /**
     * Fewer data points than this (samples at `step`, summed over the container's pods)
     * is too little history (KRR: points_required).
     */
    minDataPoints: z
      .number({ error: "expected a number of data points, e.g. 100" })
      .int("expected a whole number of data points")
      .min(1, "expected at least 1 data point")
      .default(100),
    /** Floors of a recommendation (KRR: cpu_min_value, memory_min_value). */
    cpuMinMillicores: z
      .number({ error: "expected millicores, e.g. 10" })
      .min(0, "expected 0 millicores or more")
      .default(10),
    memoryMinMiB: z
      .number({ error: "expected MiB, e.g. 100" })
      .min(0, "expected 0 MiB or more")
      .default(100),
    /** Recommend a resource even when an HPA scales on its utilization (KRR: allow_hpa). */
    allowHpa: z.boolean({ error: "expected true or false" }).default(false),
    /** Hold a CPU cut back while a latency SLO burns in the busy hours; false turns it off. */
    latencyGuard: z
      .union([z.literal(false), latencyGuardSchema], {
        error: "expected { busyHoursQuantile, burnRate } or false",
      })
      .default({}),
  })
  .strict()
  .superRefine((r, ctx) => {
    const history = parseDurationMs(r.history);
    const step = parseDurationMs(r.step);
    if (history !== null && step !== null && step * 10 > history) {
      ctx.addIssue({
        code: "custom",
        path: ["step"],
        message: `expected a step of at most a tenth of the history (${r.history})`,
      });
    }
  });

export type RightsizingInput = z.input<typeof rightsizingSchema>;

/** The settings, resolved: durations in ms, ratios, bytes and cores. */
export interface RightSizingSettings {
  historyMs: number;
  stepMs: number;
  /** 0.95 for the 95th percentile. */
  cpuQuantile: number;
  /** 0.15 for 15 %. */
  memoryBuffer: number;
  minDataPoints: number;
  /** Cores. */
  cpuMin: number;
  /** Bytes. */
  memoryMin: number;
  allowHpa: boolean;
  latencyGuard: { busyHoursQuantile: number; burnRate: number } | null;
}

export const DEFAULT_BUSY_HOURS_QUANTILE = 0.9;
export const DEFAULT_GUARD_BURN_RATE = 1;

export function resolveRightsizing(
  input: z.output<typeof rightsizingSchema> | undefined,
): RightSizingSettings {
  const r = input ?? rightsizingSchema.parse({});
  return {
    historyMs: parseDurationMs(r.history)!,
    stepMs: parseDurationMs(r.step)!,
    cpuQuantile: r.cpuPercentile / 100,
    memoryBuffer: r.memoryBufferPercent / 100,
    minDataPoints: r.minDataPoints,
    cpuMin: r.cpuMinMillicores / 1000,
    memoryMin: r.memoryMinMiB * 1024 ** 2,
    allowHpa: r.allowHpa,
    latencyGuard:
      r.latencyGuard === false
        ? null
        : {
            busyHoursQuantile: r.latencyGuard.busyHoursQuantile ?? DEFAULT_BUSY_HOURS_QUANTILE,
            burnRate: r.latencyGuard.burnRate ?? DEFAULT_GUARD_BURN_RATE,
          },
  };
}
