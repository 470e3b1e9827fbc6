import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alignSeries, type ChartSeries } from "@/components/chart/align-series";

const line = (name: string, points: [number, number][]): ChartSeries => ({
  name,
  color: "--series-1",
  points,
});

// Thresholds and markers are not aligned: the chart draws them as reference lines over
// these rows. Only the lines' points become rows.
describe("alignSeries", () => {
  it("puts the lines' points on the union of their timestamps, a column per line", () => {
    const rows = alignSeries([
      line("p50", [
        [1_000, 0.1],
        [3_000, 0.3],
      ]),
      line("p95", [
        [2_000, 2],
        [3_000, 3],
      ]),
    ]);
    // A line without a point at a time has no key there (the table shows "—"), not undefined.
    expect(rows).toStrictEqual([
      { t: 1_000, p50: 0.1 },
      { t: 2_000, p95: 2 },
      { t: 3_000, p50: 0.3, p95: 3 },
    ]);
  });

  it("sorts the rows by time, whatever the order of the points and of the lines", () => {
    const rows = alignSeries([
      line("b", [
        [5_000, 5],
        [1_000, 1],
      ]),
      line("a", [
        [3_000, 30],
        [4_000, 40],
        [2_000, 20],
      ]),
    ]);
    expect(rows.map((r) => r.t)).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(rows[2]).toStrictEqual({ t: 3_000, a: 30 });
  });

  it("keeps a NaN value as NaN in its row and leaves a gap in a line as a missing key", () => {
    const rows = alignSeries([
      line("ratio", [
        [1_000, 1],
        [2_000, Number.NaN],
        [4_000, 4],
      ]),
      line("rate", [
        [1_000, 10],
        [3_000, 30],
      ]),
    ]);
    expect(rows.map((r) => r.t)).toEqual([1_000, 2_000, 3_000, 4_000]);
    expect(rows[1]!.ratio).toBeNaN();
    expect(Object.keys(rows[1]!)).toEqual(["t", "ratio"]);
    expect("ratio" in rows[2]!).toBe(false);
    expect(rows[2]).toStrictEqual({ t: 3_000, rate: 30 });
  });

  it("gives no rows for no lines or lines without points, and no column for an empty line", () => {
    expect(alignSeries([])).toEqual([]);
    expect(alignSeries([line("a", []), line("b", [])])).toEqual([]);
    expect(alignSeries([line("a", []), line("b", [[1_000, 1]])])).toStrictEqual([
      { t: 1_000, b: 1 },
    ]);
  });

  it("keeps a line's last value when it has two points at one time", () => {
    expect(
      alignSeries([
        line("a", [
          [1_000, 1],
          [1_000, 2],
        ]),
      ]),
    ).toStrictEqual([{ t: 1_000, a: 2 }]);
  });

  it("gives each line's value at each of its times, one row per time, and leaves the lines as they were", () => {
    const names = fc.uniqueArray(fc.constantFrom("p50", "p95", "p99", "errors", "rate 1h"), {
      maxLength: 5,
    });
    const points = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 50 }).map((m) => m * 60_000),
        fc.double(),
      ),
      { maxLength: 20 },
    );
    const lines = names.chain((ns) =>
      fc.tuple(...ns.map((n) => points.map((p) => line(n, p)))).map((ls) => [...ls]),
    );
    fc.assert(
      fc.property(lines, (series) => {
        const before = structuredClone(series);
        const rows = alignSeries(series);
        expect(series).toEqual(before);

        const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))];
        expect(rows.map((r) => r.t)).toEqual(times.sort((a, b) => a - b));
        for (const row of rows) {
          const withPoint = series.filter((s) => s.points.some(([t]) => t === row.t));
          expect(Object.keys(row).sort()).toEqual(["t", ...withPoint.map((s) => s.name)].sort());
          for (const s of withPoint) {
            const last = s.points.filter(([t]) => t === row.t).at(-1)![1];
            expect(Object.is(row[s.name], last)).toBe(true);
          }
        }
      }),
    );
  });
});
