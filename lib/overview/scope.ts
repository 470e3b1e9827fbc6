/**
 * The overview narrowed to a viewer's workloads (docs/auth.md, "Team scopes"): the cached
 * overview is shared by every viewer; this runs per request, before the page hands rows
 * to its client components or /api/v1/workloads answers. Pure.
 */
import { filterByWorkload, mapPanel, pickWorkloads, type WorkloadScope } from "../auth/scope";
import type { Overview } from "./index";

export function scopeOverview(o: Overview, scope: WorkloadScope): Overview {
  if (scope === null) return o;
  const rows = <P extends { rows: { workload: string }[] }>(p: P): P => ({
    ...p,
    rows: filterByWorkload(scope, p.rows, (r) => r.workload),
  });
  return {
    ...o,
    indicators: mapPanel(o.indicators, rows),
    longIndicators: mapPanel(o.longIndicators, rows),
    usage: mapPanel(o.usage, rows),
    slos: mapPanel(o.slos, (list) => filterByWorkload(scope, list, (w) => w.workload)),
    sparklines: mapPanel(o.sparklines, (record) => pickWorkloads(scope, record)),
  };
}
