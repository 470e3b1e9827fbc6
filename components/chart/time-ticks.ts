/**
 * Time-axis ticks chosen by the chart wrapper, not by recharts: recharts measures every
 * candidate label in the DOM (a forced layout each) to drop the ones that collide, which
 * was a tenth of a chart's drawing time. Pure: unit-tested.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Tick spacings people read easily, smallest first. */
export const TICK_STEPS_MS = [
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
] as const;

/** Room one "MM-DD HH:MM" label needs at 11 px, with a gap: at most one tick per this many px. */
export const TICK_SPACING_PX = 90;

/**
 * At most `maxTicks` ticks inside [fromMs, toMs], on multiples of the smallest nice step
 * that keeps within that count (UTC: day steps fall on midnights).
 */
export function timeTicks(fromMs: number, toMs: number, maxTicks: number): number[] {
  if (!(toMs > fromMs) || maxTicks < 1) return [];
  const span = toMs - fromMs;
  const step = TICK_STEPS_MS.find((s) => span / s < maxTicks) ?? span;
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push(t);
  return ticks;
}

/** How many ticks fit on a plot `widthPx` wide: at least two (both ends readable). */
export function maxTicksFor(widthPx: number): number {
  return Math.max(2, Math.floor(widthPx / TICK_SPACING_PX));
}

/** A time as the axis and the table view label it: "MM-DD HH:MM", UTC. */
export const timeLabel = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace("T", " ");
