/**
 * Freezing a page for a report link (docs/report-links.md): the page's own cached loaders,
 * called for the page's range, their result narrowed to the creator's teams.
 */
import "server-only";
import { inScope, type Viewer } from "../auth/scope";
import { scopeOf } from "../auth/viewer-scope";
import { getCatalog } from "../catalog";
import { costReportFailed, getCostReport } from "../cost";
import { isCostPreset } from "../cost/ranges";
import { getRecommendations } from "../cost/recommendations";
import { scopeRecommendations } from "../cost/scope";
import { allPanelsFailed, getOverview } from "../overview";
import { isOverviewPreset } from "../overview/ranges";
import { overviewRows } from "../overview/rows";
import { scopeOverview } from "../overview/scope";
import { isRange } from "../time/ranges";
import { currentPresetRange } from "../time/step";
import { allFailed, findWorkload, getWorkloadRoutes, getWorkloadSeries } from "../workload";
import type { ReportData, ReportKind } from "./types";

export interface PageRef {
  kind: ReportKind;
  range: string;
  /** The workload page's workload; none for the overview and /cost. */
  workload?: string | null;
}

export type Frozen =
  | { ok: true; data: ReportData; teams: string[] }
  | { ok: false; status: 400 | 404 | 503; message: string };

const NOTHING = "every data source failed: there is nothing to freeze";

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The page `ref` as `viewer` would see it now (docs/auth.md, "Team scopes"). */
export async function freezePage(ref: PageRef, viewer: Viewer): Promise<Frozen> {
  const workloads = getCatalog().workloads;
  const scope = scopeOf(viewer);
  const visible = workloads.filter((w) => inScope(scope, w.name));
  const visibleTeams = sorted(visible.map((w) => w.team));

  switch (ref.kind) {
    case "overview": {
      if (!isOverviewPreset(ref.range)) return bad(`no overview range "${ref.range}"`);
      const all = await getOverview(ref.range);
      if (allPanelsFailed(all)) return { ok: false, status: 503, message: NOTHING };
      const overview = scopeOverview(all, scope);
      const data: ReportData = {
        kind: "overview",
        overview,
        rows: overviewRows(overview, visible),
      };
      return { ok: true, data, teams: visibleTeams };
    }
    case "workload": {
      const name = ref.workload ?? "";
      const w = findWorkload(name);
      // A workload the creator may not see is as unknown as one that does not exist.
      if (!w || !inScope(scope, name)) {
        return { ok: false, status: 404, message: `no workload "${name}"` };
      }
      if (!isRange(ref.range)) return bad(`no workload range "${ref.range}"`);
      const aligned = currentPresetRange(ref.range);
      const [series, routes] = await Promise.all([
        getWorkloadSeries(name, aligned),
        getWorkloadRoutes(name, aligned),
      ]);
      if (allFailed(series, routes)) return { ok: false, status: 503, message: NOTHING };
      return { ok: true, data: { kind: "workload", series, routes }, teams: [w.team] };
    }
    case "cost": {
      if (!isCostPreset(ref.range)) return bad(`no cost range "${ref.range}"`);
      const [report, recommendations] = await Promise.all([
        getCostReport(ref.range, scope),
        getRecommendations(),
      ]);
      if (costReportFailed(report)) return { ok: false, status: 503, message: NOTHING };
      const data: ReportData = {
        kind: "cost",
        report,
        recommendations: scopeRecommendations(recommendations, scope),
      };
      return { ok: true, data, teams: visibleTeams };
    }
  }
}

const bad = (message: string): Frozen => ({ ok: false, status: 400, message });
