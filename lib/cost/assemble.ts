/**
 * The cost report from the cached sums (lib/cost/index.ts), for the workloads a viewer may
 * see (docs/auth.md, "Team scopes"). The sums are cached once for every viewer; the tables,
 * the team rows, the total and the stacked series are added up here, per request, from the
 * viewer's workloads only: a scoped viewer's total is the sum over their workloads, and no
 * figure of another team's workload is in it. Pure.
 */
import { filterByWorkload, inScope, mapPanel, type WorkloadScope } from "../auth/scope";
import type { CostPoint, CostTotals } from "../clickhouse/queries/cost";
import type { PanelResult } from "../errors/data-source-error";
import type { CostPreset, HourRange } from "./ranges";
import type { PerformanceRow } from "./scatter";
import { summarizeCost } from "./summary";
import { stackCost, withRequests, type CostRow, type StackedCost } from "./views";

export interface CostTables {
  /** Per workload with cost rows in the range, most expensive first. */
  workloads: CostRow[];
  /** Per team of those workloads, most expensive first. */
  teams: CostRow[];
  /** Every workload together; null when none has cost rows. */
  total: CostRow | null;
}

export interface CostOverTime {
  workload: StackedCost;
  team: StackedCost;
}

export interface CostPerformance {
  /** Every catalog workload, in catalog order. */
  rows: (PerformanceRow & { why?: { p95?: string; availability?: string } })[];
}

/** ClickHouse's sums per workload, as cached: the range, the period before, requests. */
export interface CostSums {
  now: CostTotals[];
  before: CostTotals[];
  /** Requests per workload in the hours it has cost rows (only workloads with rows). */
  requests: [string, number][];
}

/** Cost per workload and bucket, as cached. */
export interface CostPoints {
  bucketSeconds: number;
  points: Pick<CostPoint, "workload" | "tMs" | "costUsd">[];
}

/** What the loader caches for a range: the same for every viewer. */
export interface CostData {
  evaluatedAt: string;
  preset: CostPreset | null;
  fromMs: number;
  toMs: number;
  previousFromMs: number;
  /** Each workload's team, from the catalog the sums were read with. */
  teams: [string, string][];
  costs: PanelResult<CostSums>;
  overTime: PanelResult<CostPoints>;
  performance: PanelResult<CostPerformance>;
}

/** The key of the all-workloads row. */
const TOTAL = "total";

function tables(s: CostSums, teams: Map<string, string>, scope: WorkloadScope): CostTables {
  const keep = <T extends { workload: string }>(rows: T[]) =>
    filterByWorkload(scope, rows, (r) => r.workload);
  const now = keep(s.now);
  const before = keep(s.before);
  const requests = new Map(s.requests.filter(([w]) => inScope(scope, w)));
  const teamOf = (w: string) => teams.get(w) ?? "";
  const all = new Map([...teams.keys()].map((n) => [n, TOTAL]));
  return {
    workloads: withRequests(summarizeCost(now, before, teams, "workload"), requests, (w) => w),
    teams: withRequests(summarizeCost(now, before, teams, "team"), requests, teamOf),
    total: withRequests(summarizeCost(now, before, all, "team"), requests, () => TOTAL)[0] ?? null,
  };
}

/** The cost report's panels for the workloads within `scope` (null: every workload). */
export function assembleCost(data: CostData, scope: WorkloadScope) {
  const teams = new Map(data.teams);
  const range: HourRange = { fromMs: data.fromMs, toMs: data.toMs };
  const teamOf = (w: string) => teams.get(w) ?? "";
  return {
    costs: mapPanel(data.costs, (s) => tables(s, teams, scope)),
    overTime: mapPanel(data.overTime, ({ bucketSeconds, points }): CostOverTime => {
      const mine = filterByWorkload(scope, points, (p) => p.workload);
      return {
        workload: stackCost(mine, (w) => w, range, bucketSeconds),
        team: stackCost(mine, teamOf, range, bucketSeconds),
      };
    }),
    performance: mapPanel(data.performance, (p) => ({
      rows: filterByWorkload(scope, p.rows, (r) => r.workload),
    })),
  };
}
