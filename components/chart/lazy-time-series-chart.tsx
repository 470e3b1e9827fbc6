"use client";

import dynamic from "next/dynamic";
import type { TimeSeriesChartProps } from "./time-series-chart";

/**
 * The chart wrapper, with recharts loaded after the page instead of in its first-load
 * JavaScript: the page paints its numbers first, charts follow. The placeholder keeps the
 * chart's height so nothing shifts when it arrives.
 */
export const LazyTimeSeriesChart = dynamic<TimeSeriesChartProps>(
  () => import("./time-series-chart").then((m) => m.TimeSeriesChart),
  {
    ssr: false,
    loading: () => (
      <div className="animate-pulse space-y-2" aria-busy="true" aria-label="Loading chart">
        <div className="h-5 w-1/3 rounded bg-border" />
        <div className="h-[220px] rounded bg-border opacity-40" />
      </div>
    ),
  },
);
