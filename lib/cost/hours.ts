/**
 * Which hours the cost sync computes: whole UTC hours that are final (ended more than the
 * configured delay ago), from the watermark (the end of the last synced chunk) or, on a
 * first run, from the earliest hour Prometheus still holds, in chunks. Pure.
 */

export const HOUR_MS = 3_600_000;
/** Cost rows live 13 months in ClickHouse; nothing older is worth reading. */
export const MAX_HISTORY_MS = 396 * 24 * HOUR_MS;

export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
export const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;

/** The exclusive end of the last final hour at `nowMs`: an hour is final `delayMs` after it ended. */
export function finalHoursEnd(nowMs: number, delayMs: number): number {
  return floorHour(nowMs - delayMs);
}

export interface HourRange {
  /** Inclusive start, a whole hour (unix ms). */
  fromMs: number;
  /** Exclusive end, a whole hour. */
  toMs: number;
}

export const hoursIn = (r: HourRange) => (r.toMs - r.fromMs) / HOUR_MS;

/**
 * What to sync: from the watermark when there is one (every hour since, however many runs
 * were missed), else from the earliest data. `rebuild` starts from the earliest data even
 * with a watermark; `fromMs` forces a start. Null when nothing is due.
 */
export function planHours(opts: {
  endMs: number;
  watermarkMs: number | null;
  earliestMs: number | null;
  rebuild?: boolean;
  fromMs?: number;
}): HourRange | null {
  const floor = opts.endMs - MAX_HISTORY_MS;
  let from: number | null;
  if (opts.fromMs !== undefined) from = floorHour(opts.fromMs);
  else if (opts.watermarkMs !== null && !opts.rebuild) from = opts.watermarkMs;
  else from = opts.earliestMs === null ? null : floorHour(opts.earliestMs);
  if (from === null) return null;
  from = Math.max(from, floor);
  return from < opts.endMs ? { fromMs: from, toMs: opts.endMs } : null;
}

/** `range` in consecutive chunks of at most `chunkHours` hours, oldest first. */
export function chunkHours(range: HourRange, chunkHours: number): HourRange[] {
  const out: HourRange[] = [];
  const step = Math.max(1, Math.floor(chunkHours)) * HOUR_MS;
  for (let t = range.fromMs; t < range.toMs; t += step) {
    out.push({ fromMs: t, toMs: Math.min(t + step, range.toMs) });
  }
  return out;
}

/**
 * The earliest whole hour in [loMs, hiMs) for which `present(from, hiMs)` … is true: a
 * binary search over hours with `present(a, b)` = "data exists in [a, b)", which is
 * monotone in b. At most ⌈log2(hours)⌉ + 1 calls; null when nothing in [lo, hi) has data.
 * The answer is where the data begins, to the hour, or earlier when `present` answers
 * per block of storage.
 */
export async function earliestHour(
  present: (fromMs: number, toMs: number) => Promise<boolean>,
  loMs: number,
  hiMs: number,
): Promise<number | null> {
  const lo0 = floorHour(loMs);
  const hi0 = ceilHour(hiMs);
  if (hi0 <= lo0 || !(await present(lo0, hi0))) return null;
  // Smallest b in (lo0, hi0] with present(lo0, b): data begins in [b − 1h, b).
  let lo = lo0 / HOUR_MS; // present(lo0, lo) is false (empty range)
  let hi = hi0 / HOUR_MS; // present(lo0, hi) is true
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await present(lo0, mid * HOUR_MS)) hi = mid;
    else lo = mid;
  }
  return (hi - 1) * HOUR_MS;
}
