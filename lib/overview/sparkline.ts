/** The box a sparkline path is drawn in: whole numbers at twice the displayed 96 × 24 px. */
export const SPARKLINE_BOX = { width: 192, height: 48 };

export interface SparklineShape {
  /** SVG path in SPARKLINE_BOX; empty when there are fewer than two points. */
  d: string;
  peak: number;
}

/**
 * A trend drawn against its own range. The path is computed where the data is (on the
 * server for the overview), so the page carries a short path instead of every point.
 */
export function sparklineShape(points: [number, number][]): SparklineShape {
  const { width, height } = SPARKLINE_BOX;
  const peak = points.length ? Math.max(...points.map(([, v]) => v)) : 0;
  if (points.length < 2) return { d: "", peak };
  const t0 = points[0]![0];
  const t1 = points.at(-1)![0];
  const top = peak > 0 ? peak : 1;
  const xy = points.map(([t, v]) => [
    Math.round(((t - t0) / (t1 - t0 || 1)) * (width - 4) + 2),
    Math.round(height - 2 - (v / top) * (height - 4)),
  ]);
  // Relative line-tos ("l4 0 4-1 …"): a third shorter than absolute pairs, and the path
  // is in the page twice (its HTML and the payload that hydrates it).
  const steps = xy.slice(1).map(([x, y], i) => {
    const dx = x! - xy[i]![0]!;
    const dy = y! - xy[i]![1]!;
    return dy < 0 ? `${dx}${dy}` : `${dx} ${dy}`;
  });
  return { d: `M${xy[0]![0]} ${xy[0]![1]}l${steps.join(" ")}`, peak };
}
