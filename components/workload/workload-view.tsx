"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { RangeKey } from "@/lib/time/ranges";
import { routesKey, seriesKey } from "@/lib/workload/query-keys";
import { alignRange, formatStep, MIN_RANGE_MS, type AlignedRange } from "@/lib/time/step";
import { DataAge } from "../data-age";
import { EmbedButton } from "../embed/embed-button";
import { embedChoices } from "../embed/choices";
import { Panel } from "../panel";
import { PanelErrorState, PanelSkeleton } from "../panel-states";
import { fetchRoutes, fetchSeries } from "./api";
import { CostCapacity } from "./cost-capacity";
import { EventList } from "./event-list";
import { RangeControls } from "./range-controls";
import { RouteTable } from "./route-table";
import { SpanNote } from "./span-note";
import { SloCharts } from "./slo-charts";
import { WorkloadCharts } from "./workload-charts";

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** A range at least MIN_RANGE_MS long, widened around its middle when a drag was shorter. */
function customRange(fromMs: number, toMs: number): AlignedRange {
  if (toMs - fromMs >= MIN_RANGE_MS) return alignRange(fromMs, toMs);
  const mid = (fromMs + toMs) / 2;
  return alignRange(mid - MIN_RANGE_MS / 2, mid + MIN_RANGE_MS / 2);
}

/**
 * The workload page's interactive part. The preset's data arrives hydrated from the ISR
 * render; a custom range (drag or dates) lives here and is fetched from /api/v1.
 */
export function WorkloadView({
  name,
  preset,
  presetRange,
  actions,
}: {
  name: string;
  preset: RangeKey;
  presetRange: AlignedRange;
  /** Server-rendered buttons for the header ("Share"). */
  actions?: React.ReactNode;
}) {
  const [custom, setCustom] = useState<AlignedRange | null>(null);
  const range = custom ?? presetRange;
  // A range's data is fetched once: the preset's arrives with the ISR page (refetching it on
  // mount would redraw every chart, and render "loading…" where the server did not), and a
  // newer preset comes with the page's next revalidation.
  const series = useQuery({
    queryKey: seriesKey(name, range),
    queryFn: ({ signal }) => fetchSeries(name, range, signal),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const routes = useQuery({
    queryKey: routesKey(name, range),
    queryFn: ({ signal }) => fetchRoutes(name, range, signal),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const zoom = (fromMs: number, toMs: number) => setCustom(customRange(fromMs, toMs));
  const data = series.data;
  const alertMarkers =
    data?.alerts.ok === true
      ? data.alerts.data.map((a) => ({ at: a.at, label: "alert", color: "--bad" }))
      : [];

  return (
    <div className="space-y-6" data-range-from={range.fromMs} data-range-to={range.toMs}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{name}</h1>
          {data && <DataAge at={data.evaluatedAt} />}
          <p className="text-xs text-muted" data-testid="range-label">
            {utc(range.fromMs)} – {utc(range.toMs)} · one point per {formatStep(range.stepSeconds)}
            {custom && " · custom range"}
            {(series.isFetching || routes.isFetching) && " · loading…"}
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          {actions}
          <RangeControls
            name={name}
            preset={preset}
            custom={custom !== null}
            fromMs={range.fromMs}
            toMs={range.toMs}
            onApply={zoom}
          />
          {custom && (
            <button
              type="button"
              onClick={() => setCustom(null)}
              className="rounded border border-border px-3 py-1 text-sm hover:text-ink focus-visible:outline-2 focus-visible:outline-accent"
            >
              Back to {preset}
            </button>
          )}
        </div>
      </div>

      {series.isError && !data ? (
        <PanelErrorState
          source="Sightline API"
          message={series.error.message}
          onRetry={() => void series.refetch()}
        />
      ) : !data ? (
        <PanelSkeleton rows={6} />
      ) : (
        <>
          <WorkloadCharts series={data} onZoom={zoom} onRetry={() => void series.refetch()} />
          <CostCapacity series={data} onZoom={zoom} onRetry={() => void series.refetch()} />
          <section className="rounded-lg border border-border bg-panel" aria-label="Events">
            <h2 className="border-b border-border px-4 py-3 font-semibold">Alerts and scaling</h2>
            <EventList alerts={data.alerts} scaling={data.scaling} />
          </section>
          <div>
            <div className="mb-3 flex items-center justify-between gap-4">
              <h2 className="text-lg font-semibold">Error budgets</h2>
              <EmbedButton choices={embedChoices(name, data)} range={preset} />
            </div>
            <SloCharts
              result={data.slos}
              alerts={alertMarkers}
              onZoom={zoom}
              onRetry={() => void series.refetch()}
            />
          </div>
        </>
      )}

      {routes.isError && !routes.data ? (
        <PanelErrorState
          source="Sightline API"
          message={routes.error.message}
          onRetry={() => void routes.refetch()}
        />
      ) : !routes.data ? (
        <PanelSkeleton />
      ) : (
        <Panel
          title="Routes"
          source="ClickHouse"
          subtitle={`${routes.data.table}, weighted by sample_weight`}
          result={routes.data.result}
          testId="routes"
        >
          {(rows) => (
            <>
              <RouteTable rows={rows} />
              {routes.data.spans && <SpanNote spans={routes.data.spans} />}
            </>
          )}
        </Panel>
      )}
    </div>
  );
}
