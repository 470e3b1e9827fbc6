/**
 * Step choice and time rounding for workload charts. Pure: shared by server and client.
 * The step follows the range (about TARGET_POINTS points) and both ends are rounded down
 * to it, so near-identical ranges ask identical queries and share one cache entry.
 */

import { RANGES, type RangeKey } from "./ranges";

export const TARGET_POINTS = 240;

/** Steps people read easily, in seconds; the smallest is Prometheus' scrape interval. */
export const NICE_STEPS_S = [
  15, 30, 60, 120, 180, 300, 360, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
] as const;

/** Custom ranges are refused outside these bounds (a step of 15 s at the short end). */
export const MIN_RANGE_MS = 5 * 60_000;
export const MAX_RANGE_MS = 90 * 86_400_000;

/** The smallest nice step that keeps the range within TARGET_POINTS points. */
export function chooseStepSeconds(rangeMs: number): number {
  const raw = rangeMs / 1000 / TARGET_POINTS;
  return NICE_STEPS_S.find((s) => s >= raw) ?? 86400;
}

/**
 * Prometheus refuses a range query whose (end − start) / step exceeds this ("exceeded
 * maximum resolution of 11,000 points per timeseries"); Thanos and Mimir keep the limit.
 */
export const MAX_POINTS_PER_SERIES = 11_000;

/**
 * The step to send for a range of `rangeMs` when `stepSeconds` is wanted: the wanted step
 * when it keeps within MAX_POINTS_PER_SERIES, else the smallest whole number of seconds
 * that does.
 */
export function stepWithinPointLimit(rangeMs: number, stepSeconds: number): number {
  const least = Math.ceil(Math.max(0, rangeMs) / 1000 / MAX_POINTS_PER_SERIES);
  return Math.max(stepSeconds, least);
}

export interface AlignedRange {
  fromMs: number;
  toMs: number;
  stepSeconds: number;
}

/** [from, to] with both ends rounded down to the step chosen for their span. */
export function alignRange(fromMs: number, toMs: number): AlignedRange {
  const stepSeconds = chooseStepSeconds(toMs - fromMs);
  const stepMs = stepSeconds * 1000;
  const to = Math.floor(toMs / stepMs) * stepMs;
  const from = Math.min(Math.floor(fromMs / stepMs) * stepMs, to - stepMs);
  return { fromMs: from, toMs: to, stepSeconds };
}

/** A preset of length `rangeMs` ending at `nowMs`, aligned like any other range. */
export function presetRange(rangeMs: number, nowMs: number): AlignedRange {
  const stepSeconds = chooseStepSeconds(rangeMs);
  const stepMs = stepSeconds * 1000;
  const to = Math.floor(nowMs / stepMs) * stepMs;
  return { fromMs: to - rangeMs, toMs: to, stepSeconds };
}

/** "15 s", "6 min", "3 h", "1 d". */
export function formatStep(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${seconds / 60} min`;
  if (seconds < 86400) return `${seconds / 3600} h`;
  return `${seconds / 86400} d`;
}

/** The preset ending now, aligned to its step: what an ISR page shows. */
export function currentPresetRange(range: RangeKey, nowMs: number = Date.now()): AlignedRange {
  return presetRange(RANGES[range].ms, nowMs);
}
