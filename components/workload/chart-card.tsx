"use client";

import type { PanelResult } from "@/lib/errors/data-source-error";
import { LazyTimeSeriesChart } from "../chart/lazy-time-series-chart";
import type { TimeSeriesChartProps } from "../chart/time-series-chart";
import { PanelErrorState } from "../panel-states";
import { StaleNotice } from "../stale-notice";
import { WarningsNotice } from "../warnings-notice";

/**
 * One chart in its own panel: it renders its data or its own error, naming the source;
 * last good data kept while the source fails says so above the chart.
 */
export function ChartCard<T>({
  testId,
  source,
  result,
  onRetry,
  chart,
}: {
  testId: string;
  source: string;
  result: PanelResult<T>;
  onRetry: () => void;
  chart: (data: T) => TimeSeriesChartProps;
}) {
  return (
    <section
      className="rounded-lg border border-border bg-panel p-3"
      data-testid={testId}
      data-stale={result.ok && result.stale ? "true" : undefined}
    >
      {result.ok ? (
        <>
          {result.stale && (
            <div className="mb-2 overflow-hidden rounded">
              <StaleNotice stale={result.stale} compact />
            </div>
          )}
          {result.warnings && (
            <div className="mb-2 overflow-hidden rounded">
              <WarningsNotice warnings={result.warnings} compact />
            </div>
          )}
          <LazyTimeSeriesChart {...chart(result.data)} />
          <p className="mt-1 truncate text-[11px] text-muted" title={source}>
            {source}
          </p>
        </>
      ) : (
        <PanelErrorState
          source={result.error.source}
          message={result.error.message}
          onRetry={onRetry}
        />
      )}
    </section>
  );
}
