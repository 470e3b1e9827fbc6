import Link from "next/link";
import { notFound } from "next/navigation";
import { CostView } from "@/components/cost/cost-view";
import { RightSizingTable } from "@/components/cost/right-sizing-table";
import { DataAge } from "@/components/data-age";
import { ShareButton } from "@/components/share/share-button";
import { Sep } from "@/components/entity";
import type { VerifiedSession } from "@/lib/auth/session";
import { scopeOf } from "@/lib/auth/viewer-scope";
import { costReportFailed, getCostReport } from "@/lib/cost";
import { getRecommendations } from "@/lib/cost/recommendations";
import { scopeRecommendations } from "@/lib/cost/scope";
import { COST_PRESET_LABEL, COST_PRESETS, isCostPreset, type CostPreset } from "@/lib/cost/ranges";
import { measureRender } from "@/lib/metrics";

/** The workload page's preset over the same span (it has no 90 days: 30 days then). */
const WORKLOAD_RANGE: Record<CostPreset, string> = { "7d": "7d", "30d": "30d", "90d": "30d" };

const utcHour = (ms: number) => `${new Date(ms).toISOString().slice(0, 13).replace("T", " ")}:00`;

/**
 * The cost page, shared by its two routes (docs/auth.md): app/cost/[range] checks the
 * session on every request; app/open/cost/[range], served while sign-in is off, is ISR.
 * `cached`: as for the overview (app/_pages/overview.tsx). The figures are the `viewer`'s
 * workloads' only, totals included (docs/auth.md, "Team scopes").
 */
async function renderCostPage({
  range,
  cached,
  viewer,
}: {
  range: string;
  cached: boolean;
  viewer: VerifiedSession;
}) {
  if (!isCostPreset(range)) notFound();
  const scope = scopeOf(viewer);
  const [report, recommendations] = await Promise.all([
    getCostReport(range, scope),
    getRecommendations().then((r) => scopeRecommendations(r, scope)),
  ]);
  // Throwing keeps Next.js serving the last good page instead of caching an empty one.
  if (cached && costReportFailed(report))
    throw new Error("every data source failed for the cost report");

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Cost</h1>
          <DataAge at={report.evaluatedAt} />
          <p className="text-xs text-muted" data-testid="cost-range">
            {COST_PRESET_LABEL[range]}: {utcHour(report.fromMs)} to {utcHour(report.toMs)} UTC
            <Sep />
            whole hours, against the {range} before
          </p>
        </div>
        <ShareButton
          viewer={viewer}
          kind="cost"
          range={range}
          title={`Cost, ${COST_PRESET_LABEL[range]}`}
        />
        <nav
          aria-label="Time range"
          className="flex gap-1 rounded-md border border-border bg-panel p-1"
        >
          {COST_PRESETS.map((r) => (
            <Link
              key={r}
              href={`/cost/${r}`}
              aria-current={r === range ? "page" : undefined}
              title={COST_PRESET_LABEL[r]}
              className={`rounded px-2 py-1 text-sm ${
                r === range ? "bg-accent text-white" : "text-muted hover:text-ink"
              }`}
            >
              {r}
            </Link>
          ))}
        </nav>
      </div>
      <CostView report={report} workloadRange={WORKLOAD_RANGE[range]} />
      <RightSizingTable report={recommendations} />
    </div>
  );
}

/** The page, its server render measured (docs/own-metrics.md). */
export async function CostPage(props: Parameters<typeof renderCostPage>[0]) {
  return measureRender("cost", () => renderCostPage(props));
}
