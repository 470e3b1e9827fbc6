import { Sep } from "@/components/entity";
import { OverviewLongPanels } from "@/components/overview/long-panels";
import { OverviewTable } from "@/components/overview/overview-table";
import { Panel } from "@/components/panel";
import { PanelErrorState } from "@/components/panel-states";
import type { Overview } from "@/lib/overview";
import type { OverviewRow } from "@/lib/overview/rows";
import { RANGES, isRange } from "@/lib/time/ranges";

/**
 * The overview's panels (app/_pages/overview.tsx) drawn from a report link's frozen data,
 * with the same components; no range navigation, no live figures.
 */
export function OverviewSnapshot({ overview, rows }: { overview: Overview; rows: OverviewRow[] }) {
  const range = overview.range;
  return (
    <div className="space-y-6">
      <Panel
        title={
          <>
            Workloads
            <Sep />
            {isRange(range) ? RANGES[range].label.toLowerCase() : range}
          </>
        }
        source="Prometheus"
        subtitle="SLO status and indicators from event counts"
        result={overview.indicators}
        testId={`indicators-${range}`}
      >
        {() => (
          <>
            {!overview.slos.ok && (
              <PanelErrorState
                source={overview.slos.error.source}
                message={overview.slos.error.message}
              />
            )}
            <OverviewTable rows={rows} />
          </>
        )}
      </Panel>
      <OverviewLongPanels overview={overview} />
    </div>
  );
}
