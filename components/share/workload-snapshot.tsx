"use client";

import { Panel } from "@/components/panel";
import { CostCapacity } from "@/components/workload/cost-capacity";
import { EventList } from "@/components/workload/event-list";
import { RouteTable } from "@/components/workload/route-table";
import { SloCharts } from "@/components/workload/slo-charts";
import { WorkloadCharts } from "@/components/workload/workload-charts";
import { SpanNote } from "../workload/span-note";
import type { WorkloadRoutes, WorkloadSeries } from "@/lib/workload/types";

/** Frozen figures cannot be zoomed or refetched. */
const nothing = () => {};

/**
 * A workload page's sections (components/workload/workload-view.tsx) drawn from a report
 * link's frozen series and routes, with the same components: no range controls, no
 * fetching.
 */
export function WorkloadSnapshot({
  series,
  routes,
}: {
  series: WorkloadSeries;
  routes: WorkloadRoutes;
}) {
  const alertMarkers = series.alerts.ok
    ? series.alerts.data.map((a) => ({ at: a.at, label: "alert", color: "--bad" }))
    : [];
  return (
    <div className="space-y-6" data-range-from={series.fromMs} data-range-to={series.toMs}>
      <WorkloadCharts series={series} onZoom={nothing} onRetry={nothing} />
      <CostCapacity series={series} onZoom={nothing} onRetry={nothing} />
      <section className="rounded-lg border border-border bg-panel" aria-label="Events">
        <h2 className="border-b border-border px-4 py-3 font-semibold">Alerts and scaling</h2>
        <EventList alerts={series.alerts} scaling={series.scaling} />
      </section>
      <div>
        <h2 className="mb-3 text-lg font-semibold">Error budgets</h2>
        <SloCharts result={series.slos} alerts={alertMarkers} onZoom={nothing} onRetry={nothing} />
      </div>
      <Panel
        title="Routes"
        source="ClickHouse"
        subtitle={`${routes.table}, weighted by sample_weight`}
        result={routes.result}
        testId="routes"
      >
        {(rows) => (
          <>
            <RouteTable rows={rows} />
            {/* Links frozen before spans were counted carry none. */}
            {routes.spans && <SpanNote spans={routes.spans} />}
          </>
        )}
      </Panel>
    </div>
  );
}
