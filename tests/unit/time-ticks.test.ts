import { describe, expect, it } from "vitest";
import { maxTicksFor, timeTicks } from "@/components/chart/time-ticks";

const H = 3_600_000;
const at = (d: number, h: number, m = 0) => Date.UTC(2026, 10, d, h, m);

describe("time-axis ticks", () => {
  it("puts 24 hours on 6-hour marks when five ticks fit", () => {
    // 24 h / 5 ticks: 3 h would give 8 (too many), 6 h gives 4 marks inside the range.
    expect(timeTicks(at(24, 16, 6), at(25, 16, 6), 5)).toEqual([
      at(24, 18),
      at(25, 0),
      at(25, 6),
      at(25, 12),
    ]);
  });

  it("falls on UTC midnights for day steps", () => {
    // 7 days at most 4 ticks: 2-day step; multiples of 2 days since the epoch.
    const ticks = timeTicks(at(18, 16), at(25, 16), 4);
    expect(ticks.length).toBeLessThanOrEqual(4);
    for (const t of ticks) expect(t % (24 * H)).toBe(0);
    expect(ticks[1]! - ticks[0]!).toBe(48 * H);
  });

  it("never exceeds the count asked for and stays inside the range", () => {
    for (const span of [5 * 60_000, H, 6 * H, 24 * H, 7 * 24 * H, 30 * 24 * H]) {
      for (const max of [2, 3, 5, 8]) {
        const from = at(1, 7, 13);
        const ticks = timeTicks(from, from + span, max);
        expect(ticks.length).toBeLessThanOrEqual(max);
        expect(ticks.length).toBeGreaterThan(0);
        for (const t of ticks) expect(t >= from && t <= from + span).toBe(true);
      }
    }
  });

  it("gives no ticks for an empty or reversed range", () => {
    expect(timeTicks(10, 10, 5)).toEqual([]);
    expect(timeTicks(20, 10, 5)).toEqual([]);
  });

  it("fits one tick per 90 px, and at least two", () => {
    expect(maxTicksFor(500)).toBe(5);
    expect(maxTicksFor(100)).toBe(2);
    expect(maxTicksFor(-64)).toBe(2);
  });
});
