/**
 * What a snapshot may hold: only the workloads of the teams its creator may see
 * (docs/report-links.md, "Scope"). A simple filter of the loaders' shared results by the
 * catalog's team of each workload, until the loaders take a viewer themselves. Pure.
 */
import type { Teams } from "../auth/roles";
import type { CostReport, CostTables } from "../cost";
import { resourceEfficiency, totalEfficiency } from "../cost/efficiency";
import type { RecommendationsReport } from "../cost/recommendations";
import { OTHER, type CostRow, type StackedCost } from "../cost/views";
import type { PanelResult } from "../errors/data-source-error";
import type { Overview } from "../overview";

/** Keeps a panel's error as it is, and its data through `f`. */
function mapPanel<T>(p: PanelResult<T>, f: (data: T) => T): PanelResult<T> {
  return p.ok ? { ...p, data: f(p.data) } : p;
}

/** Which workloads and teams a user may see. */
export interface Visibility {
  team: (team: string) => boolean;
  workload: (name: string) => boolean;
  /** False for a user of every team: nothing needs filtering. */
  scoped: boolean;
}

/** From the user's teams and the catalog's workload → team. */
export function visibility(teams: Teams, teamOf: Map<string, string>): Visibility {
  if (teams === "all") return { team: () => true, workload: () => true, scoped: false };
  const set = new Set(teams);
  return {
    team: (t) => set.has(t),
    workload: (w) => {
      const t = teamOf.get(w);
      return t !== undefined && set.has(t);
    },
    scoped: true,
  };
}

export function scopeOverview(o: Overview, v: Visibility): Overview {
  if (!v.scoped) return o;
  const rows = <R extends { workload: string }>(list: R[]) =>
    list.filter((r) => v.workload(r.workload));
  return {
    ...o,
    indicators: mapPanel(o.indicators, (d) => ({ ...d, rows: rows(d.rows) })),
    longIndicators: mapPanel(o.longIndicators, (d) => ({ ...d, rows: rows(d.rows) })),
    usage: mapPanel(o.usage, (d) => ({ ...d, rows: rows(d.rows) })),
    slos: mapPanel(o.slos, rows),
    sparklines: mapPanel(o.sparklines, (d) =>
      Object.fromEntries(Object.entries(d).filter(([w]) => v.workload(w))),
    ),
  };
}

/** The visible keys of a stack; "other" (which may sum hidden keys) is dropped. */
function scopeStack(s: StackedCost, keep: (key: string) => boolean): StackedCost {
  return { ...s, series: s.series.filter((x) => x.key !== OTHER && keep(x.key)) };
}

const sum = (xs: (number | null)[]) =>
  xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + (b ?? 0), 0);

/**
 * The all-workloads row of the visible teams, from their rows: sums of what adds up,
 * efficiency from the summed core- and GiB-hours (lib/cost/summary.ts does the same from
 * the hourly sums), replicas unknown (their hours overlap).
 */
export function totalOf(teams: CostRow[]): CostRow | null {
  if (teams.length === 0) return null;
  const add = (f: (r: CostRow) => number) => teams.reduce((a, r) => a + f(r), 0);
  const costUsd = add((r) => r.costUsd);
  const cpuCostUsd = add((r) => r.cpuCostUsd);
  const memoryCostUsd = add((r) => r.memoryCostUsd);
  const previousCostUsd = sum(teams.map((r) => r.previousCostUsd));
  const idleUsd = sum(teams.map((r) => r.idleUsd));
  const cpuRequestCoreHours = add((r) => r.cpuRequestCoreHours);
  const cpuUsageCoreHours = add((r) => r.cpuUsageCoreHours);
  const memoryRequestGibHours = add((r) => r.memoryRequestGibHours);
  const memoryUsageGibHours = add((r) => r.memoryUsageGibHours);
  const cpuEfficiency = resourceEfficiency(cpuUsageCoreHours, cpuRequestCoreHours, cpuCostUsd);
  const memoryEfficiency = resourceEfficiency(
    memoryUsageGibHours,
    memoryRequestGibHours,
    memoryCostUsd,
  );
  const withRequests = teams.filter((r) => r.requests !== null);
  const requests = withRequests.length ? withRequests.reduce((a, r) => a + r.requests!, 0) : null;
  return {
    key: "total",
    team: "total",
    hours: add((r) => r.hours),
    costUsd,
    cpuCostUsd,
    memoryCostUsd,
    previousCostUsd,
    change: previousCostUsd !== null && previousCostUsd > 0 ? costUsd / previousCostUsd - 1 : null,
    cpuEfficiency,
    memoryEfficiency,
    totalEfficiency: totalEfficiency(
      { efficiency: cpuEfficiency, cost: cpuCostUsd },
      { efficiency: memoryEfficiency, cost: memoryCostUsd },
    ),
    idleUsd,
    idleShare: idleUsd !== null && costUsd + idleUsd > 0 ? idleUsd / (costUsd + idleUsd) : null,
    cpuRequestCoreHours,
    cpuUsageCoreHours,
    memoryRequestGibHours,
    memoryUsageGibHours,
    averageReplicas: null,
    requests,
    costPerMillionRequests: requests !== null && requests > 0 ? (costUsd / requests) * 1e6 : null,
  };
}

export function scopeCost(r: CostReport, v: Visibility): CostReport {
  if (!v.scoped) return r;
  return {
    ...r,
    costs: mapPanel(r.costs, (d): CostTables => {
      const teams = d.teams.filter((t) => v.team(t.key));
      return {
        workloads: d.workloads.filter((w) => v.workload(w.key)),
        teams,
        total: totalOf(teams),
      };
    }),
    overTime: mapPanel(r.overTime, (d) => ({
      workload: scopeStack(d.workload, v.workload),
      team: scopeStack(d.team, v.team),
    })),
    performance: mapPanel(r.performance, (d) => ({
      rows: d.rows.filter((x) => v.workload(x.workload)),
    })),
  };
}

export function scopeRecommendations(
  r: RecommendationsReport,
  v: Visibility,
): RecommendationsReport {
  if (!v.scoped) return r;
  return {
    ...r,
    result: mapPanel(r.result, (d) => {
      const rows = d.rows.filter((x) => v.workload(x.workload));
      return {
        ...d,
        rows,
        missing: d.missing.filter((x) => v.workload(x.workload)),
        totalSavingsUsdPerMonth: rows.reduce((a, x) => a + (x.savingsUsdPerMonth ?? 0), 0),
      };
    }),
  };
}
