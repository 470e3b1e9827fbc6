/**
 * A 24-hour trend in a table cell: an inline SVG path, no chart library, so the overview
 * ships no charting code. Values are drawn against their own range; the title gives the peak.
 */
export function Sparkline({
  points,
  label,
  format,
  width = 96,
  height = 24,
}: {
  points: [number, number][];
  label: string;
  format: (v: number) => string;
  width?: number;
  height?: number;
}) {
  if (points.length < 2) return <span className="text-xs text-muted">—</span>;
  const t0 = points[0]![0];
  const t1 = points.at(-1)![0];
  const peak = Math.max(...points.map(([, v]) => v));
  const top = peak > 0 ? peak : 1;
  const d = points
    .map(([t, v], i) => {
      const x = ((t - t0) / (t1 - t0 || 1)) * (width - 2) + 1;
      const y = height - 1 - (v / top) * (height - 2);
      return `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join("");
  return (
    <svg width={width} height={height} role="img" aria-label={`${label}: peak ${format(peak)}`}>
      <title>{`${label}: peak ${format(peak)}`}</title>
      <path d={d} fill="none" stroke="var(--series-1)" strokeWidth={1.5} />
    </svg>
  );
}
