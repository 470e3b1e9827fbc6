import { SPARKLINE_BOX, type SparklineShape } from "@/lib/overview/sparkline";
import { NO_SERIES, NoData } from "../no-data";

/**
 * A 24-hour trend in a table cell: an inline SVG path, no chart library, so the overview
 * ships no charting code. The title gives the peak.
 */
export function Sparkline({
  shape,
  label,
  format,
  why = NO_SERIES,
}: {
  shape: SparklineShape;
  label: string;
  format: (v: number) => string;
  /** Why there is no line: which selector matched nothing, or no traffic. */
  why?: string;
}) {
  if (!shape.d) return <NoData why={why} />;
  const title = `${label}: peak ${format(shape.peak)}`;
  return (
    <svg
      width={SPARKLINE_BOX.width / 2}
      height={SPARKLINE_BOX.height / 2}
      viewBox={`0 0 ${SPARKLINE_BOX.width} ${SPARKLINE_BOX.height}`}
      role="img"
      aria-label={title}
    >
      <title>{title}</title>
      <path d={shape.d} fill="none" stroke="var(--series-1)" strokeWidth={3} />
    </svg>
  );
}
