/**
 * The on-call report narrowed to a viewer (docs/auth.md, "Team scopes"): burning SLOs,
 * alerts and incidents of their workloads, the rotations of their teams. An alert that
 * names no workload of the catalog (no grouping label) is shown to unscoped viewers only:
 * its name and summary could be about anyone's. Pure.
 */
import {
  canSeeTeam,
  filterByWorkload,
  mapPanel,
  type Viewer,
  type WorkloadScope,
} from "../auth/scope";
import type { OnCallReport } from "./types";

export function scopeOnCall(
  report: OnCallReport,
  viewer: Viewer,
  scope: WorkloadScope,
): OnCallReport {
  if (scope === null) return report;
  return {
    ...report,
    burning: mapPanel(report.burning, (l) => filterByWorkload(scope, l, (b) => b.workload)),
    alerts: mapPanel(report.alerts, (l) => filterByWorkload(scope, l, (a) => a.workload)),
    incidents: mapPanel(report.incidents, (l) => filterByWorkload(scope, l, (i) => i.workload)),
    roster: report.roster.filter((r) => canSeeTeam(viewer, r.team)),
  };
}
