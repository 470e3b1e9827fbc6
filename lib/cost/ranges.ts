/**
 * The ranges of the cost views: presets that live in the /cost path, whole-hour ranges
 * (the sync keeps one row per workload and hour) and the buckets of cost over time.
 * Pure: server and browser.
 */

const HOUR_MS = 3600_000;
const DAY_MS = 86_400_000;

/** Presets of /cost/{range} and /api/v1/cost?range=. */
export const COST_PRESETS = ["7d", "30d", "90d"] as const;
export type CostPreset = (typeof COST_PRESETS)[number];
export const DEFAULT_COST_PRESET: CostPreset = "30d";

export const COST_PRESET_MS: Record<CostPreset, number> = {
  "7d": 7 * DAY_MS,
  "30d": 30 * DAY_MS,
  "90d": 90 * DAY_MS,
};

export const COST_PRESET_LABEL: Record<CostPreset, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
};

export function isCostPreset(value: string): value is CostPreset {
  return (COST_PRESETS as readonly string[]).includes(value);
}

/** A custom range of /api/v1/cost: at least an hour, at most 90 days (the request log's TTL). */
export const MIN_COST_RANGE_MS = HOUR_MS;
export const MAX_COST_RANGE_MS = 90 * DAY_MS;

/** Whole hours, unix ms: [fromMs, toMs). */
export interface HourRange {
  fromMs: number;
  toMs: number;
}

export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/**
 * The preset of length `lengthMs` ending at the start of the hour `atMs` falls in: the
 * hours the sync has finished (the hour in progress has no row yet).
 */
export function costRangeEnding(lengthMs: number, atMs: number): HourRange {
  const toMs = floorHour(atMs);
  return { fromMs: toMs - lengthMs, toMs };
}

/** The period of the same length just before `r`, which the change is measured against. */
export function previousPeriod(r: HourRange): HourRange {
  return { fromMs: r.fromMs - (r.toMs - r.fromMs), toMs: r.fromMs };
}

/** The range in hours, as a PromQL window: Prometheus figures over the same hours. */
export function promWindow(r: HourRange): string {
  return `${Math.round((r.toMs - r.fromMs) / HOUR_MS)}h`;
}

/**
 * Buckets of cost over time on /cost: about 90 to 170 of them whatever the range (an
 * hour up to 7 days, 6 hours up to 45 days, a day beyond). Bucket starts are aligned to
 * multiples of the bucket since the epoch (UTC), as ClickHouse's toStartOfInterval does.
 */
export function costBucketSeconds(lengthMs: number): number {
  if (lengthMs <= 7 * DAY_MS) return 3600;
  if (lengthMs <= 45 * DAY_MS) return 6 * 3600;
  return 86_400;
}

/** "1 h", "6 h", "1 d". */
export function formatBucket(seconds: number): string {
  return seconds >= 86_400 ? `${seconds / 86_400} d` : `${seconds / 3600} h`;
}
