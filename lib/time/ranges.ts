/**
 * Time ranges, evaluation steps and alignment shared by every feature: the presets that
 * live in page paths (docs/architecture.md, "ISR pages"), the evaluation step the cached
 * loaders key on, and (lib/time/step.ts) the chart steps. Pure: server and browser.
 */

/** Preset ranges that live in the path. */
export const RANGES = {
  "1h": { label: "Last hour", ms: 3600_000 },
  "6h": { label: "Last 6 hours", ms: 6 * 3600_000 },
  "24h": { label: "Last 24 hours", ms: 24 * 3600_000 },
  "7d": { label: "Last 7 days", ms: 7 * 86400_000 },
  "30d": { label: "Last 30 days", ms: 30 * 86400_000 },
} as const;

export type RangeKey = keyof typeof RANGES;

export function isRange(value: string): value is RangeKey {
  return Object.hasOwn(RANGES, value);
}

/** Evaluation times are rounded down to this step, so near-identical requests share one cached result. */
export const EVAL_STEP_MS = 15_000;

export function roundEvalTime(ms: number): Date {
  return new Date(Math.floor(ms / EVAL_STEP_MS) * EVAL_STEP_MS);
}
