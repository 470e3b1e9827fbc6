/**
 * What a page or an API asks of the cost the sync kept: per workload or per team over a
 * range against the previous period of the same length, and cost over time. Reads
 * ClickHouse only (the sync is what reads Prometheus).
 */
import "server-only";
import type { Catalog } from "../catalog/load";
import type { ClickHouse } from "../clickhouse/connect";
import { fetchCostSeries, fetchCostTotals } from "../clickhouse/queries/cost";
import { summarizeCost, type CostGroupBy, type CostSummary } from "./summary";

export interface CostRange {
  /** Whole hours, unix ms: [fromMs, toMs). */
  fromMs: number;
  toMs: number;
}

const teamsOf = (catalog: Catalog) => new Map(catalog.workloads.map((w) => [w.name, w.team]));

/** Cost, efficiency, idle and change per workload or team over `range`. */
export async function costReport(
  ch: ClickHouse,
  catalog: Catalog,
  range: CostRange,
  groupBy: CostGroupBy,
): Promise<CostSummary[]> {
  const names = catalog.workloads.map((w) => w.name);
  const length = range.toMs - range.fromMs;
  const [current, previous] = await Promise.all([
    fetchCostTotals(ch, names, new Date(range.fromMs), new Date(range.toMs)),
    fetchCostTotals(ch, names, new Date(range.fromMs - length), new Date(range.fromMs)),
  ]);
  return summarizeCost(current, previous, teamsOf(catalog), groupBy);
}

export interface CostSeries {
  key: string;
  /** [bucket start (unix ms), cost in $] for each bucket with rows. */
  points: [number, number][];
}

/** Cost per bucket of `bucketSeconds` per workload or team, for a stacked chart. */
export async function costOverTime(
  ch: ClickHouse,
  catalog: Catalog,
  range: CostRange,
  groupBy: CostGroupBy,
  bucketSeconds = 3600,
): Promise<CostSeries[]> {
  const teams = teamsOf(catalog);
  const points = await fetchCostSeries(
    ch,
    [...teams.keys()],
    new Date(range.fromMs),
    new Date(range.toMs),
    bucketSeconds,
  );
  const out = new Map<string, Map<number, number>>();
  for (const p of points) {
    const key = groupBy === "workload" ? p.workload : (teams.get(p.workload) ?? "");
    const series = out.get(key) ?? new Map<number, number>();
    series.set(p.tMs, (series.get(p.tMs) ?? 0) + p.costUsd);
    out.set(key, series);
  }
  return [...out]
    .map(([key, s]) => ({ key, points: [...s].sort((a, b) => a[0] - b[0]) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
