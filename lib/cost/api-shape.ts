/**
 * The answer of /api/v1/cost: the cost report as the page shows it, grouped by workload
 * or team, with the cost-versus-performance points. Pure.
 */
import type { PanelResult } from "../errors/data-source-error";
import type { CostOverTime, CostReport } from "./index";
import { costPerformancePoints, type CostPerformancePoint } from "./scatter";
import type { StackedCost, CostRow } from "./views";
import type { CostGroupBy } from "./summary";

export const COST_GROUP_BY = ["workload", "team"] as const satisfies readonly CostGroupBy[];

export function isCostGroupBy(value: string): value is CostGroupBy {
  return (COST_GROUP_BY as readonly string[]).includes(value);
}

export interface CostResponse {
  evaluatedAt: string;
  /** The preset, or null for a custom range. */
  range: string | null;
  /** Whole hours [from, to), and the previous period [previousFrom, from). */
  from: string;
  to: string;
  previousFrom: string;
  groupBy: CostGroupBy;
  /** Per workload or team, most expensive first; null when ClickHouse failed (see `errors`). */
  rows: CostRow[] | null;
  /** Every workload together; null without cost rows or when ClickHouse failed. */
  total: CostRow | null;
  /** Average cost per hour over each bucket, stacked by `groupBy`; null when ClickHouse failed. */
  overTime: StackedCost | null;
  /**
   * Cost versus performance: a point per catalog workload, the fleet's cost per million
   * requests that splits cheap from expensive; null when either source failed.
   */
  performance: {
    fleetCostPerMillionRequests: number | null;
    points: CostPerformancePoint[];
  } | null;
  errors: { panel: string; source: string; tag: string; message: string }[];
}

/** The cost-versus-performance points of a report, or null when a panel they need failed. */
export function scatterOf(
  r: CostReport,
): { fleetCostPerMillionRequests: number | null; points: CostPerformancePoint[] } | null {
  if (!r.costs.ok || !r.performance.ok) return null;
  const { fleetCostPerMillion, points } = costPerformancePoints(
    r.costs.data.workloads,
    r.performance.data.rows,
  );
  return { fleetCostPerMillionRequests: fleetCostPerMillion, points };
}

/** The report as /api/v1/cost answers it: the same numbers as the page. */
export function toCostResponse(r: CostReport, groupBy: CostGroupBy): CostResponse {
  const errors: CostResponse["errors"] = [];
  const note = <T>(panel: string, p: PanelResult<T>): T | null => {
    if (p.ok) return p.data;
    errors.push({ panel, ...p.error });
    return null;
  };
  const costs = note("costs", r.costs);
  const overTime: CostOverTime | null = note("overTime", r.overTime);
  note("performance", r.performance);
  return {
    evaluatedAt: r.evaluatedAt,
    range: r.preset,
    from: new Date(r.fromMs).toISOString(),
    to: new Date(r.toMs).toISOString(),
    previousFrom: new Date(r.previousFromMs).toISOString(),
    groupBy,
    rows: costs ? (groupBy === "workload" ? costs.workloads : costs.teams) : null,
    total: costs?.total ?? null,
    overTime: overTime ? overTime[groupBy] : null,
    performance: scatterOf(r),
    errors,
  };
}
