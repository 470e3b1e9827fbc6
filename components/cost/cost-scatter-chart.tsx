"use client";

import { useEffect } from "react";
import {
  CartesianGrid,
  ReferenceArea,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import type { ScatterShapeProps } from "recharts/types/util/ScatterUtils";
import { logDomain, logTicks } from "@/lib/cost/scatter";
import { useWidth } from "../chart/use-width";
import { formatUsd } from "../format";
import { labelPlaces, SCATTER_VIEWS, type ScatterDatum, type ScatterView } from "./scatter-views";

export interface CostScatterChartProps {
  title: string;
  data: ScatterDatum[];
  view: ScatterView;
  /** The fleet's cost per million requests: the split between cheap and expensive. */
  split: number | null;
  height?: number;
  onSelect: (workload: string) => void;
  /** What the tooltip says about a workload (its figures as the table shows them). */
  describe: (workload: string) => string[];
  onDrawn?: () => void;
}

const MARGIN = { top: 16, right: 24, bottom: 24, left: 8 };

function tick(format: (v: number) => string) {
  return function Tick({
    x,
    y,
    payload,
    textAnchor,
  }: {
    x?: number | string;
    y?: number | string;
    payload?: { value: unknown };
    textAnchor?: "start" | "middle" | "end" | "inherit";
  }) {
    return (
      <text x={x} y={y} dy="0.355em" textAnchor={textAnchor} fill="var(--muted)" fontSize={11}>
        {format(Number(payload?.value))}
      </text>
    );
  };
}

/**
 * Cost per million requests (x, log) against the view's y (log): a point per workload,
 * coloured by the view, its name beside it; the fleet's cost per million and the SLO line
 * split the plane into named corners. A click opens the workload.
 */
export function CostScatterChart(props: CostScatterChartProps) {
  const { data, view, split, height = 360, onSelect, onDrawn } = props;
  const spec = SCATTER_VIEWS[view];
  const [box, width] = useWidth();
  useEffect(() => {
    if (width !== null) onDrawn?.();
  }, [width, onDrawn]);

  const xDomain = logDomain([...data.map((d) => d.x), ...(split ? [split] : [])]) ?? [1, 10];
  const ys = [
    ...data.filter((d) => !d.clamped).map((d) => d.y),
    ...data.flatMap((d) => (d.mark ? [d.mark] : [])),
    ...(spec.line ? [spec.line.value] : []),
  ];
  const yDomain = logDomain(ys) ?? [0.1, 10];
  const plotted = data.map((d) => ({ ...d, y: d.clamped ? yDomain[0] : d.y }));
  const places = labelPlaces(plotted, xDomain, yDomain);
  const marks = data.flatMap((d) => (d.mark ? [{ x: d.x, y: d.mark, workload: d.workload }] : []));
  const [top, bottom] = [yDomain[1], yDomain[0]];
  const splitY = spec.line?.value;

  const point = (p: ScatterShapeProps) => {
    const d = p.payload as ScatterDatum;
    if (p.cx === undefined || p.cy === undefined) return null;
    const place = places.get(d.workload) ?? "right";
    return (
      <g
        data-workload={d.workload}
        data-x={d.x}
        data-y={d.clamped ? 0 : d.y}
        onClick={() => onSelect(d.workload)}
        style={{ cursor: "pointer" }}
      >
        <circle
          cx={p.cx}
          cy={p.cy}
          r={6}
          fill={`var(${d.color})`}
          stroke="var(--panel)"
          strokeWidth={1.5}
        />
        <text
          x={place === "right" ? p.cx + 9 : p.cx}
          y={place === "above" ? p.cy - 10 : place === "below" ? p.cy + 12 : p.cy}
          dy="0.355em"
          textAnchor={place === "right" ? "start" : "middle"}
          fontSize={11}
          fill="var(--ink)"
        >
          {d.workload}
        </text>
      </g>
    );
  };
  const dash = (p: ScatterShapeProps) =>
    p.cx === undefined || p.cy === undefined ? null : (
      <line
        x1={p.cx - 8}
        x2={p.cx + 8}
        y1={p.cy}
        y2={p.cy}
        stroke="var(--warn)"
        strokeWidth={2}
        data-threshold-of={(p.payload as { workload: string }).workload}
      />
    );

  const tooltip = ({ active, payload }: TooltipContentProps<ValueType, NameType>) => {
    const d = payload?.[0]?.payload as ScatterDatum | undefined;
    if (!active || !d || !("color" in d)) return null;
    return (
      <div className="rounded border border-border bg-panel px-2 py-1 text-xs shadow">
        <p className="font-semibold">{d.workload}</p>
        {props.describe(d.workload).map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
    );
  };

  return (
    <div
      ref={box}
      style={{ height }}
      role="img"
      aria-label={`${props.title}: chart; use the Table button for the numbers`}
      data-testid="cost-scatter-chart"
    >
      {width !== null && (
        <ScatterChart width={width} height={height} margin={MARGIN}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          {spec.corners && split && splitY && (
            <>
              <ReferenceArea
                x1={split}
                x2={xDomain[1]}
                y1={splitY}
                y2={top}
                fill="var(--bad)"
                fillOpacity={0.07}
                label={{ value: spec.corners[1], position: "insideTopRight", fontSize: 11 }}
              />
              <ReferenceArea
                x1={xDomain[0]}
                x2={split}
                y1={splitY}
                y2={top}
                fillOpacity={0}
                label={{ value: spec.corners[0], position: "insideTopLeft", fontSize: 11 }}
              />
              <ReferenceArea
                x1={xDomain[0]}
                x2={split}
                y1={bottom}
                y2={splitY}
                fill="var(--good)"
                fillOpacity={0.07}
                label={{ value: spec.corners[2], position: "insideBottomLeft", fontSize: 11 }}
              />
              <ReferenceArea
                x1={split}
                x2={xDomain[1]}
                y1={bottom}
                y2={splitY}
                fillOpacity={0}
                label={{ value: spec.corners[3], position: "insideBottomRight", fontSize: 11 }}
              />
            </>
          )}
          <XAxis
            type="number"
            dataKey="x"
            name="cost per 1M requests"
            scale="log"
            domain={xDomain}
            allowDataOverflow
            ticks={logTicks(xDomain[0], xDomain[1])}
            tick={tick((v) => formatUsd(v))}
            stroke="var(--muted)"
            label={{
              value: "cost per 1M requests",
              position: "insideBottom",
              offset: -16,
              fill: "var(--muted)",
              fontSize: 11,
            }}
          />
          <YAxis
            type="number"
            dataKey="y"
            name={spec.axis}
            scale="log"
            domain={yDomain}
            allowDataOverflow
            ticks={logTicks(yDomain[0], yDomain[1])}
            tick={tick(spec.format)}
            stroke="var(--muted)"
            width={64}
            label={{
              value: spec.axis,
              angle: -90,
              position: "insideLeft",
              offset: 12,
              fill: "var(--muted)",
              fontSize: 11,
              style: { textAnchor: "middle" },
            }}
          />
          {split && (
            <ReferenceLine
              x={split}
              stroke="var(--muted)"
              strokeDasharray="4 4"
              label={{ value: "fleet", fill: "var(--muted)", fontSize: 10, position: "top" }}
            />
          )}
          {spec.line && (
            <ReferenceLine
              y={spec.line.value}
              stroke="var(--warn)"
              strokeDasharray="4 4"
              label={{
                value: spec.line.label,
                fill: "var(--muted)",
                fontSize: 10,
                position: "insideBottomLeft",
              }}
            />
          )}
          <Tooltip content={tooltip} cursor={false} isAnimationActive={false} />
          {marks.length > 0 && (
            <Scatter data={marks} shape={dash} isAnimationActive={false} tooltipType="none" />
          )}
          <Scatter data={plotted} shape={point} isAnimationActive={false} />
        </ScatterChart>
      )}
    </div>
  );
}
