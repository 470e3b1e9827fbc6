import { describe, expect, it } from "vitest";
import { SPARKLINE_BOX, sparklineShape } from "@/lib/overview/sparkline";

describe("sparkline path", () => {
  it("draws a trend against its own peak with relative line-tos", () => {
    // Box 192 × 48 with a 2-px margin: x runs 2 → 190, y runs 46 (zero) → 2 (the peak).
    // t = 0, 10, 20 → x = 2, 96, 190; v = 0, 1, 0.5 of peak 1 → y = 46, 2, 24.
    const s = sparklineShape([
      [0, 0],
      [10, 1],
      [20, 0.5],
    ]);
    expect(SPARKLINE_BOX).toEqual({ width: 192, height: 48 });
    expect(s).toEqual({ d: "M2 46l94-44 94 22", peak: 1 });
  });

  it("keeps a flat zero line at the bottom, and needs two points", () => {
    expect(
      sparklineShape([
        [0, 0],
        [60, 0],
      ]).d,
    ).toBe("M2 46l188 0");
    expect(sparklineShape([[0, 0.3]])).toEqual({ d: "", peak: 0.3 });
    expect(sparklineShape([])).toEqual({ d: "", peak: 0 });
  });
});
