import { IndicatorTable } from "@/components/indicator-table";
import { Panel } from "@/components/panel";
import { UsageTable } from "@/components/usage-table";
import type { Overview } from "@/lib/overview";
import { LONG_RANGE } from "@/lib/overview/ranges";
import { RANGES } from "@/lib/time/ranges";

/** The overview's 30-day panels: indicators from Prometheus, requests and cost from ClickHouse. */
export function OverviewLongPanels({ overview }: { overview: Overview }) {
  return (
    <>
      <Panel
        title={RANGES[LONG_RANGE].label}
        source="Prometheus"
        subtitle="from event counts over the window"
        result={overview.longIndicators}
        testId={`indicators-${LONG_RANGE}`}
      >
        {(panel) => <IndicatorTable rows={panel.rows} />}
      </Panel>
      <Panel
        title={`Requests and cost, ${RANGES[LONG_RANGE].label.toLowerCase()}`}
        source="ClickHouse"
        subtitle="request log rollups and hourly cost"
        result={overview.usage}
        testId="usage"
      >
        {(panel) => <UsageTable rows={panel.rows} />}
      </Panel>
    </>
  );
}
