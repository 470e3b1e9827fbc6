import "server-only";
import { unstable_cache } from "next/cache";
import { getEnv } from "../env";
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

async function computeSlos(evalMs: number): Promise<SlosReport> {
  const time = new Date(evalMs);
  const { catalog } = await getResolvedCatalog();
  const result = await settle(() => fetchSloStatuses(getPrometheus(), catalog, time));
  return { evaluatedAt: time.toISOString(), result };
}

/** Every workload's SLOs at `at` (default now), cached per evaluation step like the overview. */
export async function getSlos(at: number = Date.now()): Promise<SlosReport> {
  const evalMs = roundEvalTime(at).getTime();
  const { fingerprint } = await getResolvedCatalog();
  return unstable_cache(computeSlos, ["slos", fingerprint, String(evalMs)], {
    revalidate: getEnv().REVALIDATE_SECONDS,
    tags: ["slos"],
  })(evalMs);
}

export interface WorkloadSloReport {
  evaluatedAt: string;
  status: PanelResult<WorkloadSlos>;
  series: PanelResult<SloSeries[]>;
}

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
  const prom = getPrometheus();
  const [all, series] = await Promise.all([
    getSlos(time.getTime()),
    settle(() => fetchSloSeries(prom, catalog, workload, time, rangeMs)),
  ]);
  const status: PanelResult<WorkloadSlos> = all.result.ok
    ? { ok: true, data: all.result.data.find((w) => w.workload === name)! }
    : all.result;
  return { evaluatedAt: time.toISOString(), status, series };
}
