"use client";

import { useEffect, useId, useState } from "react";
import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { alignSeries, type ChartSeries } from "./align-series";
import { SeriesTable } from "./series-table";
import { maxTicksFor, timeLabel, timeTicks } from "./time-ticks";
import { useWidth } from "./use-width";

export type { ChartSeries } from "./align-series";

/** A horizontal line such as an SLO threshold or a burn-rate tier. */
export interface ChartThreshold {
  label: string;
  value: number;
  color?: string;
}

/** A point in time to mark: an alert that fired, a scaling event. */
export interface ChartMarker {
  at: number;
  label: string;
  color?: string;
}

export interface TimeSeriesChartProps {
  title: string;
  series: ChartSeries[];
  format: (v: number) => string;
  thresholds?: ChartThreshold[];
  markers?: ChartMarker[];
  height?: number;
  /** Called with the dragged-over time range: zoom. */
  onZoom?: (fromMs: number, toMs: number) => void;
  yDomain?: [number | "auto", number | "auto"];
  /** Whole-number ticks only (counts such as replicas: no "2, 2" for 1.5 and 2.25). */
  integerTicks?: boolean;
  /** Name the lines under the title (off by default: single-line charts need no legend). */
  legend?: boolean;
  /** Called once the chart (or its table or empty state) has been drawn. */
  onDrawn?: () => void;
  /** What the empty state says (default: no series matched for this range). */
  emptyReason?: string;
  /** Stack the series as areas (a total made of parts, e.g. cost by workload). */
  stacked?: boolean;
  /** Hold each value until the next point (a figure kept per bucket, e.g. cost per hour). */
  step?: boolean;
  /** With `step`: the last values hold until this time (unix ms), the end of their bucket. */
  stepUntil?: number;
  /** The time axis's ends (unix ms), when it must match other charts' rather than the data's. */
  xDomain?: [number, number];
}

/** Space recharts gives the y axis (its `width`) and the right margin: the rest is plot. */
const Y_AXIS_PX = 64;
const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value: unknown };
  textAnchor?: "start" | "middle" | "end" | "inherit";
  verticalAnchor?: string;
  fill?: string;
}

/** Baseline shift of recharts' own tick text for each vertical anchor. */
const TICK_DY: Record<string, string> = { start: "0.71em", middle: "0.355em", end: "0" };

/**
 * Draws an axis label as plain SVG text (recharts calls it with the tick's props). recharts'
 * own tick measures each label's words in the DOM to wrap them, a forced layout per label;
 * ours never wrap.
 */
function axisTick(format: (v: number) => string) {
  return function AxisTick({ x, y, payload, textAnchor, verticalAnchor, fill }: TickProps) {
    return (
      <text
        x={x}
        y={y}
        dy={TICK_DY[verticalAnchor ?? "middle"]}
        textAnchor={textAnchor}
        fill={fill}
        fontSize={11}
      >
        {format(Number(payload?.value))}
      </text>
    );
  };
}

/**
 * The one chart wrapper around recharts: time on the x axis, colours from CSS variables,
 * thresholds and markers, drag to zoom, and a table view of the same numbers.
 */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { title, series, format, thresholds = [], markers = [], height = 220, onZoom } = props;
  const [asTable, setAsTable] = useState(false);
  const [drag, setDrag] = useState<{ from: number; to?: number } | null>(null);
  const id = useId();
  const [box, width] = useWidth();
  const rows = alignSeries(series);
  const empty = rows.length === 0;
  const plotWidth = (width ?? 0) - Y_AXIS_PX - MARGIN.left - MARGIN.right;
  const { xDomain, stacked } = props;
  const [x0, x1] = xDomain ?? (empty ? [0, 0] : [rows[0]!.t!, rows.at(-1)!.t!]);
  const xTicks = empty ? [] : timeTicks(x0, x1, maxTicksFor(plotWidth));
  // A stack adds what is there: a part without a value at a time adds nothing to the
  // total drawn (the table view still shows it as missing).
  const filled = stacked
    ? rows.map((r) => ({ ...Object.fromEntries(series.map((s) => [s.name, 0])), ...r }))
    : rows;
  const last = filled.at(-1);
  const chartRows =
    props.step && props.stepUntil !== undefined && last && props.stepUntil > last.t!
      ? [...filled, { ...last, t: props.stepUntil }]
      : filled;
  const ChartKind = stacked ? AreaChart : LineChart;
  const curve = props.step ? "stepAfter" : "linear";
  const isDrawn = empty || asTable || width !== null;
  const { onDrawn } = props;
  useEffect(() => {
    if (isDrawn) onDrawn?.();
  }, [isDrawn, onDrawn]);

  return (
    <figure aria-labelledby={`${id}-t`} className="space-y-2" data-chart={title}>
      <figcaption className="flex items-center justify-between gap-2">
        <span id={`${id}-t`} className="text-sm font-medium">
          {title}
        </span>
        <button
          type="button"
          onClick={() => setAsTable((v) => !v)}
          className="rounded border border-border px-2 py-0.5 text-xs text-muted hover:text-ink focus-visible:outline-2 focus-visible:outline-accent"
          aria-pressed={asTable}
        >
          {asTable ? "Chart" : "Table"}
        </button>
      </figcaption>
      {props.legend && !empty && (
        <ul className="flex flex-wrap gap-x-3 gap-y-1 text-[11px] text-muted" aria-hidden="true">
          {series.map((s) => (
            <li key={s.name} className="flex items-center gap-1">
              <span className="inline-block h-0.5 w-3" style={{ background: `var(${s.color})` }} />
              {s.name}
            </li>
          ))}
        </ul>
      )}
      {empty ? (
        <p className="py-8 text-center text-sm text-muted" data-testid="chart-empty">
          {props.emptyReason ?? "No series matched for this range."}
        </p>
      ) : asTable ? (
        <SeriesTable series={series} rows={rows} format={format} />
      ) : (
        <div
          ref={box}
          style={{ height }}
          role="img"
          aria-label={`${title}: chart; use the Table button for the numbers`}
        >
          {width !== null && (
            <ChartKind
              width={width}
              height={height}
              data={chartRows}
              margin={MARGIN}
              onMouseDown={(e) =>
                onZoom && e?.activeLabel !== undefined && setDrag({ from: Number(e.activeLabel) })
              }
              onMouseMove={(e) =>
                drag &&
                e?.activeLabel !== undefined &&
                setDrag({ ...drag, to: Number(e.activeLabel) })
              }
              onMouseUp={() => {
                if (drag?.to !== undefined && drag.to !== drag.from && onZoom) {
                  onZoom(Math.min(drag.from, drag.to), Math.max(drag.from, drag.to));
                }
                setDrag(null);
              }}
            >
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={xDomain ?? ["dataMin", "dataMax"]}
                allowDataOverflow={xDomain !== undefined}
                ticks={xTicks}
                interval={0}
                tick={axisTick(timeLabel)}
                stroke="var(--muted)"
                fontSize={11}
              />
              <YAxis
                tick={axisTick(format)}
                stroke="var(--muted)"
                fontSize={11}
                width={Y_AXIS_PX}
                interval={0}
                domain={props.yDomain}
                allowDecimals={!props.integerTicks}
              />
              <Tooltip
                labelFormatter={(l) => timeLabel(Number(l))}
                formatter={(v) => format(Number(v))}
                contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
              />
              {series.map((s) =>
                stacked ? (
                  <Area
                    key={s.name}
                    dataKey={s.name}
                    stackId="stack"
                    type={curve}
                    stroke={`var(${s.color})`}
                    fill={`var(${s.color})`}
                    fillOpacity={0.55}
                    strokeWidth={1}
                    isAnimationActive={false}
                  />
                ) : (
                  <Line
                    key={s.name}
                    dataKey={s.name}
                    type={curve}
                    stroke={`var(${s.color})`}
                    dot={false}
                    strokeWidth={1.5}
                    isAnimationActive={false}
                    connectNulls
                  />
                ),
              )}
              {thresholds.map((th) => (
                <ReferenceLine
                  key={th.label}
                  y={th.value}
                  stroke={`var(${th.color ?? "--warn"})`}
                  strokeDasharray="4 4"
                  label={{
                    value: th.label,
                    fill: "var(--muted)",
                    fontSize: 10,
                    position: "insideTopRight",
                  }}
                />
              ))}
              {markers.map((m) => (
                <ReferenceLine
                  key={`${m.at}-${m.label}`}
                  x={m.at}
                  stroke={`var(${m.color ?? "--bad"})`}
                  label={{ value: m.label, fill: "var(--muted)", fontSize: 10, position: "top" }}
                />
              ))}
              {drag?.to !== undefined && (
                <ReferenceArea
                  x1={drag.from}
                  x2={drag.to}
                  fill="var(--accent)"
                  fillOpacity={0.15}
                />
              )}
            </ChartKind>
          )}
        </div>
      )}
    </figure>
  );
}
