/**
 * A range's cost figures from the sums ClickHouse returns (lib/clickhouse/queries/cost.ts):
 * per workload or per team, with efficiency, idle and the change against the previous
 * period of the same length (docs/numbers.md, "Cost"). Pure.
 */
import type { CostTotals } from "../clickhouse/queries/cost";
import { resourceEfficiency, totalEfficiency } from "./efficiency";

export type CostGroupBy = "workload" | "team";

export interface CostSummary {
  /** The workload's name, or the team's. */
  key: string;
  /** The workload's team (for a team, the team). */
  team: string;
  /** Hours with a row (for a team, summed over its workloads). */
  hours: number;
  costUsd: number;
  cpuCostUsd: number;
  memoryCostUsd: number;
  /** The same over the previous period; null when it has no rows. */
  previousCostUsd: number | null;
  /** costUsd / previousCostUsd − 1; null without a previous cost above 0. */
  change: number | null;
  /** Used / requested core-hours and GiB-hours (Kubecost's efficiency). */
  cpuEfficiency: number | null;
  memoryEfficiency: number | null;
  /** CPU and memory efficiency weighted by their costs. */
  totalEfficiency: number | null;
  /** Its share of its nodes' idle cost; null when unknown for any hour. */
  idleUsd: number | null;
  /** idle / (cost + idle). */
  idleShare: number | null;
  cpuRequestCoreHours: number;
  cpuUsageCoreHours: number;
  memoryRequestGibHours: number;
  memoryUsageGibHours: number;
  /** Average replicas over the range's hours with rows. */
  averageReplicas: number | null;
}

type Sums = Omit<CostTotals, "workload">;

function add(a: Sums, b: Sums): Sums {
  const plus = (x: number | null, y: number | null) => (x === null || y === null ? null : x + y);
  return {
    hours: a.hours + b.hours,
    costUsd: a.costUsd + b.costUsd,
    cpuCostUsd: a.cpuCostUsd + b.cpuCostUsd,
    memoryCostUsd: a.memoryCostUsd + b.memoryCostUsd,
    cpuRequestCoreHours: a.cpuRequestCoreHours + b.cpuRequestCoreHours,
    cpuUsageCoreHours: a.cpuUsageCoreHours + b.cpuUsageCoreHours,
    cpuAllocCoreHours: a.cpuAllocCoreHours + b.cpuAllocCoreHours,
    memoryRequestGibHours: a.memoryRequestGibHours + b.memoryRequestGibHours,
    memoryUsageGibHours: a.memoryUsageGibHours + b.memoryUsageGibHours,
    memoryAllocGibHours: a.memoryAllocGibHours + b.memoryAllocGibHours,
    cpuIdleUsd: plus(a.cpuIdleUsd, b.cpuIdleUsd),
    memoryIdleUsd: plus(a.memoryIdleUsd, b.memoryIdleUsd),
    podHours: plus(a.podHours, b.podHours),
  };
}

/** Efficiency, idle and change of one set of sums. */
export function summarize(
  key: string,
  team: string,
  s: Sums,
  previous: Sums | null,
  opts: { workloads: number } = { workloads: 1 },
): CostSummary {
  const cpuEfficiency = resourceEfficiency(
    s.cpuUsageCoreHours,
    s.cpuRequestCoreHours,
    s.cpuCostUsd,
  );
  const memoryEfficiency = resourceEfficiency(
    s.memoryUsageGibHours,
    s.memoryRequestGibHours,
    s.memoryCostUsd,
  );
  const idleUsd =
    s.cpuIdleUsd === null || s.memoryIdleUsd === null ? null : s.cpuIdleUsd + s.memoryIdleUsd;
  const previousCostUsd = previous ? previous.costUsd : null;
  // A team's hours are summed over its workloads: replicas average over one workload's hours.
  const hoursSpan = opts.workloads > 0 ? s.hours / opts.workloads : s.hours;
  return {
    key,
    team,
    hours: s.hours,
    costUsd: s.costUsd,
    cpuCostUsd: s.cpuCostUsd,
    memoryCostUsd: s.memoryCostUsd,
    previousCostUsd,
    change:
      previousCostUsd !== null && previousCostUsd > 0 ? s.costUsd / previousCostUsd - 1 : null,
    cpuEfficiency,
    memoryEfficiency,
    totalEfficiency: totalEfficiency(
      { efficiency: cpuEfficiency, cost: s.cpuCostUsd },
      { efficiency: memoryEfficiency, cost: s.memoryCostUsd },
    ),
    idleUsd,
    idleShare: idleUsd !== null && s.costUsd + idleUsd > 0 ? idleUsd / (s.costUsd + idleUsd) : null,
    cpuRequestCoreHours: s.cpuRequestCoreHours,
    cpuUsageCoreHours: s.cpuUsageCoreHours,
    memoryRequestGibHours: s.memoryRequestGibHours,
    memoryUsageGibHours: s.memoryUsageGibHours,
    averageReplicas: s.podHours !== null && hoursSpan > 0 ? s.podHours / hoursSpan : null,
  };
}

/**
 * Summaries per workload (those with rows in the range) or per team (the catalog's teams
 * of those workloads), ordered by cost, highest first.
 */
export function summarizeCost(
  current: CostTotals[],
  previous: CostTotals[],
  teams: Map<string, string>,
  groupBy: CostGroupBy,
): CostSummary[] {
  const group = (rows: CostTotals[]) => {
    const out = new Map<string, { sums: Sums; team: string; workloads: number }>();
    for (const r of rows) {
      const team = teams.get(r.workload) ?? "";
      const key = groupBy === "workload" ? r.workload : team;
      const sums: Sums = r;
      const cur = out.get(key);
      out.set(
        key,
        cur
          ? { sums: add(cur.sums, sums), team, workloads: cur.workloads + 1 }
          : { sums, team, workloads: 1 },
      );
    }
    return out;
  };
  const now = group(current);
  const before = group(previous);
  return [...now]
    .map(([key, g]) =>
      summarize(key, g.team, g.sums, before.get(key)?.sums ?? null, { workloads: g.workloads }),
    )
    .sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
}
