import "server-only";
import { cachedPerStep } from "../cache/loader";
import { settle, type PanelResult } from "../errors/data-source-error";
import { roundEvalTime } from "../time/ranges";
import { getPrometheus } from "../prometheus";
import { getResolvedCatalog } from "../prometheus/resolved-catalog";
import { fetchSloSeries, type SloSeries } from "./history";
import { fetchSloStatuses } from "./evaluate";
import type { WorkloadSlos } from "./status";

export interface SlosReport {
  evaluatedAt: string;
  result: PanelResult<WorkloadSlos[]>;
}

/**
 * SLO figures never rest on an answer the source called incomplete: one with warnings
 * (a Thanos partial response) makes the panel an error, or its last good data, stale.
 */
export function settleSloMath<T>(load: () => Promise<T>): Promise<PanelResult<T>> {
  return settle(load, { refuseWarnings: true });
}

async function computeSlos(evalMs: number): Promise<SlosReport> {
  const time = new Date(evalMs);
  const { catalog } = await getResolvedCatalog();
  const result = await settleSloMath(() => fetchSloStatuses(getPrometheus(), catalog, time));
  return { evaluatedAt: time.toISOString(), result };
}

const slosLoader = cachedPerStep<SlosReport>({
  name: "slos",
  failed: (r) => !r.result.ok,
});

/** Every workload's SLOs at `at` (default now), cached per evaluation step like the overview. */
export function getSlos(at: number = Date.now()): Promise<SlosReport> {
  const evalMs = roundEvalTime(at).getTime();
  return slosLoader.load([], evalMs, () => computeSlos(evalMs));
}

/** No SLO figures, not even stale ones: /api/v1/slos answers 503. */
export const slosFailed = slosLoader.failed;

export interface WorkloadSloReport {
  evaluatedAt: string;
  status: PanelResult<WorkloadSlos>;
  series: PanelResult<SloSeries[]>;
}

interface SloSeriesReport {
  evaluatedAt: string;
  series: PanelResult<SloSeries[]>;
}

const sloSeriesLoader = cachedPerStep<SloSeriesReport>({
  name: "slo-series",
  tags: ([workload]) => [`workload:${workload}`],
  failed: (r) => !r.series.ok,
});

/** One workload's SLOs with burn-down and burn-rate series over `rangeMs`; null if unknown. */
export async function getWorkloadSlos(
  name: string,
  rangeMs: number,
  at: number = Date.now(),
): Promise<WorkloadSloReport | null> {
  const { catalog } = await getResolvedCatalog();
  const workload = catalog.workloads.find((w) => w.name === name);
  if (!workload) return null;
  const time = roundEvalTime(at);
  const evalMs = time.getTime();
  const [all, { series }] = await Promise.all([
    getSlos(evalMs),
    sloSeriesLoader.load([name, rangeMs], evalMs, async () => ({
      evaluatedAt: time.toISOString(),
      series: await settleSloMath(() =>
        fetchSloSeries(getPrometheus(), catalog, workload, time, rangeMs),
      ),
    })),
  ]);
  const status: PanelResult<WorkloadSlos> = all.result.ok
    ? { ...all.result, data: all.result.data.find((w) => w.workload === name)! }
    : all.result;
  return { evaluatedAt: time.toISOString(), status, series };
}

/** Neither the status nor the series, not even stale: the API answers 503. */
export function workloadSlosFailed(r: WorkloadSloReport): boolean {
  return !r.status.ok && sloSeriesLoader.failed(r);
}
