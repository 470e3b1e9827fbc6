"use client";

import { useEffect, useRef, useState, type ComponentType } from "react";
import type { TimeSeriesChartProps } from "./time-series-chart";

/** A chart component drawn lazily: it says when it has drawn. */
type Drawn<P> = ComponentType<P & { onDrawn?: () => void }>;

/** recharts and the wrapper, loaded after the page: the page paints its numbers first. */
let chartModule: Promise<Drawn<TimeSeriesChartProps>> | null = null;
const loadChart = () =>
  (chartModule ??= import("./time-series-chart").then((m) => m.TimeSeriesChart));
/**
 * Charts waiting to draw, in the order they came into view. They draw one at a time, each
 * after the previous one has drawn, so that React never has two charts' work in one
 * render: the main thread stays free for input while a page of charts arrives.
 */
const waiting: (() => Promise<void>)[] = [];
let drawing = false;

function drawNext(): void {
  if (drawing) return;
  const turn = waiting.shift();
  if (!turn) return;
  drawing = true;
  const done = () =>
    setTimeout(() => {
      drawing = false;
      drawNext();
    }, 0);
  turn().then(done, done);
}

/** How far below the viewport a chart starts to draw: it is there when scrolled to. */
const AHEAD = "300px";

/**
 * A chart component loaded and drawn when its place comes near the viewport, in turn with
 * every other lazy chart of the page. Until then a placeholder of the chart's height
 * holds the place, so nothing shifts when it arrives.
 */
export function lazyChart<P extends { title: string; height?: number }>(
  load: () => Promise<Drawn<P>>,
): ComponentType<P> {
  return function LazyChart(props: P) {
    return <LazyDraw props={props} load={load} />;
  };
}

function LazyDraw<P extends { title: string; height?: number }>({
  props,
  load: loadChart,
}: {
  props: P;
  load: () => Promise<Drawn<P>>;
}) {
  const place = useRef<HTMLDivElement>(null);
  const [LoadedChart, setLoadedChart] = useState<Drawn<P> | null>(null);
  const drawn = useRef<(() => void) | null>(null);

  useEffect(() => {
    const el = place.current;
    if (!el) return;
    let gone = false;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        waiting.push(async () => {
          const chart = gone ? null : await loadChart();
          if (gone || !chart) return;
          await new Promise<void>((resolve) => {
            drawn.current = resolve;
            setLoadedChart(() => chart);
          });
        });
        drawNext();
      },
      { rootMargin: `${AHEAD} 0px` },
    );
    observer.observe(el);
    return () => {
      gone = true;
      observer.disconnect();
      drawn.current?.(); // never hold the queue for a chart that left the page
    };
  }, [loadChart]);

  const onDrawn = () => {
    drawn.current?.();
    drawn.current = null;
  };
  if (LoadedChart) return <LoadedChart {...props} onDrawn={onDrawn} />;
  return (
    <div
      ref={place}
      className="animate-pulse space-y-2"
      aria-busy="true"
      aria-label={`Loading chart: ${props.title}`}
      data-pending-chart={props.title}
    >
      <div className="h-5 w-1/3 rounded bg-border" />
      <div className="rounded bg-border opacity-40" style={{ height: props.height ?? 220 }} />
    </div>
  );
}

/** The time-series chart wrapper, drawn when its place comes near the viewport. */
export const LazyTimeSeriesChart = lazyChart<TimeSeriesChartProps>(loadChart);
