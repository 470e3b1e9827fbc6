import { notFound } from "next/navigation";
import { DataAge } from "@/components/data-age";
import { Sep } from "@/components/entity";
import { OverviewLongPanels } from "@/components/overview/long-panels";
import { OverviewTable } from "@/components/overview/overview-table";
import { Panel } from "@/components/panel";
import { PanelErrorState } from "@/components/panel-states";
import { RangeNav } from "@/components/range-nav";
import { ShareButton } from "@/components/share/share-button";
import { StaleNotice } from "@/components/stale-notice";
import type { VerifiedSession } from "@/lib/auth/session";
import { scopeOf } from "@/lib/auth/viewer-scope";
import { getCatalog } from "@/lib/catalog";
import { allPanelsFailed, getOverview } from "@/lib/overview";
import { isOverviewPreset } from "@/lib/overview/ranges";
import { RANGES } from "@/lib/time/ranges";
import { overviewRows } from "@/lib/overview/rows";
import { scopeOverview } from "@/lib/overview/scope";
import { filterByWorkload } from "@/lib/auth/scope";
import { measureRender } from "@/lib/metrics";

/**
 * The overview, shared by its two routes (docs/auth.md): app/overview/[range] checks the
 * session on every request; app/open/overview/[range], served while sign-in is off, is ISR.
 * `cached`: when every source failed, throw so that Next.js keeps serving the last good
 * ISR page instead of caching an empty one; a page rendered per request shows the errors.
 * Only the `viewer`'s workloads are shown (docs/auth.md, "Team scopes").
 */
async function renderOverviewPage({
  range,
  cached,
  viewer,
}: {
  range: string;
  cached: boolean;
  viewer: VerifiedSession;
}) {
  if (!isOverviewPreset(range)) notFound();
  const all = await getOverview(range);
  if (cached && allPanelsFailed(all)) {
    throw new Error("every data source failed for the overview");
  }
  // Narrowed before anything below reads it: no other team's workload reaches the page.
  const scope = scopeOf(viewer);
  const overview = scopeOverview(all, scope);
  const rows = overviewRows(
    overview,
    filterByWorkload(scope, getCatalog().workloads, (w) => w.name),
  );
  // The table's SLO columns and trend come from panels of their own; stale ones say so,
  // unless the table's own notice already names the same moment.
  const shownAsOf = overview.indicators.ok ? overview.indicators.stale?.asOf : undefined;
  const staleParts = [
    { what: "SLO figures", result: overview.slos },
    { what: "5xx trend", result: overview.sparklines },
  ].flatMap(({ what, result }) =>
    result.ok && result.stale && result.stale.asOf !== shownAsOf
      ? [{ what, stale: result.stale }]
      : [],
  );

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
          <DataAge at={overview.evaluatedAt} />
        </div>
        <div className="flex items-end gap-2">
          <ShareButton
            viewer={viewer}
            kind="overview"
            range={range}
            title={`Overview, ${RANGES[range].label}`}
          />
          <RangeNav current={range} />
        </div>
      </div>
      <Panel
        title={
          <>
            Workloads
            <Sep />
            {RANGES[range].label.toLowerCase()}
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
            {staleParts.map((p) => (
              <StaleNotice key={p.what} what={p.what} stale={p.stale} />
            ))}
            <OverviewTable rows={rows} />
          </>
        )}
      </Panel>
      <OverviewLongPanels overview={overview} />
    </div>
  );
}

/** The page, its server render measured (docs/own-metrics.md). */
export async function OverviewPage(props: Parameters<typeof renderOverviewPage>[0]) {
  return measureRender("overview", () => renderOverviewPage(props));
}
