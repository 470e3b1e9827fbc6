import { describe, expect, it } from "vitest";
import { MAX_POINTS_PER_SERIES, stepWithinPointLimit } from "@/lib/time/step";

const H = 3600_000;
const D = 24 * H;

describe("a range query's step within Prometheus's 11,000 points per series", () => {
  it("keeps the wanted step when it is within the limit", () => {
    expect(stepWithinPointLimit(D, 30)).toBe(30); // the on-call day: 2,880 points
    expect(stepWithinPointLimit(168 * H, 3600)).toBe(3600);
    // Exactly at the limit: 11,000 steps of 15 s
    expect(stepWithinPointLimit(11_000 * 15_000, 15)).toBe(15);
  });

  it("raises a step that would exceed it to the least whole second that does not", () => {
    // 30 days at 15 s would be 172,800 points: 2592000 s / 11,000 = 235.6 → 236 s
    expect(stepWithinPointLimit(30 * D, 15)).toBe(236);
    expect(stepWithinPointLimit(11_000 * 15_000 + 1, 15)).toBe(16);
    // 13 months at an hour is 9,490 points: kept; 2 years at an hour is not.
    expect(stepWithinPointLimit(395 * D, 3600)).toBe(3600);
    expect(stepWithinPointLimit(730 * D, 3600)).toBe(5734);
  });

  it("never gives more than the limit, over ranges from a minute to ten years", () => {
    for (let rangeMs = 60_000; rangeMs < 3650 * D; rangeMs = Math.ceil(rangeMs * 1.37)) {
      for (const wanted of [1, 15, 60, 3600]) {
        const step = stepWithinPointLimit(rangeMs, wanted);
        expect(step).toBeGreaterThanOrEqual(wanted);
        expect(rangeMs / 1000 / step).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
        // and it is the least such whole second, or the wanted one
        if (step > wanted)
          expect(rangeMs / 1000 / (step - 1)).toBeGreaterThan(MAX_POINTS_PER_SERIES);
      }
    }
  });

  it("treats an empty or inverted range as within the limit", () => {
    expect(stepWithinPointLimit(0, 15)).toBe(15);
    expect(stepWithinPointLimit(-H, 15)).toBe(15);
  });
});
