/**
 * Right-sizing narrowed to some workloads: to a viewer's (docs/auth.md, "Team scopes"),
 * and to the `team` or `workload` an API request asks for. Totals follow the rows. Pure.
 */
import { inScope, mapPanel, type WorkloadScope } from "../auth/scope";
import type { RecommendationsReport } from "./recommendations";
import type { RightSizing } from "./rightsizing";

type Row = { team: string; workload: string };

/** The table's rows and missing workloads that `keep` keeps; the total savings are theirs. */
export function narrowRightSizing(rs: RightSizing, keep: (r: Row) => boolean): RightSizing {
  const rows = rs.rows.filter(keep);
  return {
    ...rs,
    rows,
    missing: rs.missing.filter(keep),
    totalSavingsUsdPerMonth: rows.reduce((a, r) => a + (r.savingsUsdPerMonth ?? 0), 0),
  };
}

/** The recommendations of the workloads within `scope` (null: every workload). */
export function scopeRecommendations(
  report: RecommendationsReport,
  scope: WorkloadScope,
): RecommendationsReport {
  if (scope === null) return report;
  return {
    ...report,
    result: mapPanel(report.result, (rs) =>
      narrowRightSizing(rs, (r) => inScope(scope, r.workload)),
    ),
  };
}
