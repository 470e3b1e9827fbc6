import { z } from "zod";

export const SLO_INDICATORS = [
  "availability",
  "latency",
  "cache-hit-rate",
  "pool-utilization",
] as const;
export type SloIndicator = (typeof SLO_INDICATORS)[number];

/**
 * An SLO window: `calendar-month`, or a rolling Prometheus duration of whole hours from
 * one day to a year (`7d`, `2w`, `4w`, `90d`, `1w3d`, `36h`). Resolved SLOs carry it in
 * canonical form (`canonicalWindow`), so `4w` and `28d` are one window.
 */
export type SloWindow = string;

const HOUR_MS = 3_600_000;
const UNIT_HOURS: Record<string, number> = { y: 365 * 24, w: 7 * 24, d: 24, h: 1 };
/** Prometheus' duration syntax, restricted to the units an SLO window is written in. */
const WINDOW_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?$/;
export const MIN_WINDOW_HOURS = 24;
export const MAX_WINDOW_HOURS = 366 * 24;
export const WINDOWS_EXPECTED =
  "calendar-month or a rolling duration from 1d to 366d, such as 7d, 2w, 4w, 30d or 90d";

/** The length of a rolling window in hours; null when `text` is no rolling SLO window. */
export function windowHours(text: string): number | null {
  const m = WINDOW_RE.exec(text.trim());
  if (!m || text.trim() === "") return null;
  const hours = ["y", "w", "d", "h"].reduce((sum, unit, i) => {
    const n = m[i + 1];
    return sum + (n === undefined ? 0 : Number(n) * UNIT_HOURS[unit]!);
  }, 0);
  return hours >= MIN_WINDOW_HOURS && hours <= MAX_WINDOW_HOURS ? hours : null;
}

/** `4w` → `28d`, `36h` → `36h`, `calendar-month` → itself; null when not a window. */
export function canonicalWindow(text: string): SloWindow | null {
  if (text === "calendar-month") return text;
  const hours = windowHours(text);
  if (hours === null) return null;
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}

/** Milliseconds of a canonical rolling window (`canonicalWindow`); throws on anything else. */
export function rollingWindowMs(window: SloWindow): number {
  const hours = windowHours(window);
  if (hours === null) throw new RangeError(`not a rolling SLO window: ${window}`);
  return hours * HOUR_MS;
}

export const windowSchema = z.string().refine((v) => canonicalWindow(v) !== null, {
  error: (iss) => `expected ${WINDOWS_EXPECTED} (got ${JSON.stringify(iss.input)})`,
});

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
    window: windowSchema.optional(),
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
    window: canonicalWindow(s.window ?? defaultWindow) ?? defaultWindow,
    alertFactors: s.alertFactors ?? {},
  };
}
