/**
 * The chart's lines as recharts and the table view read them: one row per timestamp, a
 * column per line. Pure and browser-safe (no React, no recharts): unit-tested.
 */

/** One line of a chart: a name, a CSS colour variable and [unix ms, value] points. */
export interface ChartSeries {
  name: string;
  /** A CSS custom property, e.g. "--series-1" or "--bad"; colours follow the theme. */
  color: string;
  points: [number, number][];
}

/** Rows of one timestamp each, with a column per series: what recharts and the table read. */
export function alignSeries(series: ChartSeries[]): Record<string, number>[] {
  const rows = new Map<number, Record<string, number>>();
  for (const s of series) {
    for (const [t, v] of s.points) {
      const row = rows.get(t) ?? { t };
      row[s.name] = v;
      rows.set(t, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t! - b.t!);
}
