import "server-only";
import { cachedPerStep } from "../cache/loader";
import { getClickHouse } from "../clickhouse";
import { settle, type PanelResult } from "../errors/data-source-error";
import { fetchErrorSparklines } from "../prometheus/sparklines";
import { getSlos } from "../slo";
import type { WorkloadSlos } from "../slo/status";
import { getPrometheus } from "../prometheus";
import { getResolvedCatalog } from "../prometheus/resolved-catalog";
import { loadIndicatorPanel, loadUsagePanel, type IndicatorPanel, type UsagePanel } from "./panels";
import { roundEvalTime, type RangeKey } from "../time/ranges";
import { LONG_RANGE } from "./ranges";

export type { IndicatorPanel, IndicatorRow, UsagePanel } from "./panels";

export interface Overview {
  /** When the numbers were evaluated (ISO 8601); every view shows it. */
  evaluatedAt: string;
  range: RangeKey;
  indicators: PanelResult<IndicatorPanel>;
  longIndicators: PanelResult<IndicatorPanel>;
  usage: PanelResult<UsagePanel>;
  slos: PanelResult<WorkloadSlos[]>;
  /** 5xx ratio per workload over the last 24 hours. */
  sparklines: PanelResult<Record<string, [number, number][]>>;
}

async function computeOverview(range: RangeKey, evalMs: number): Promise<Overview> {
  const { catalog, report } = await getResolvedCatalog();
  const prom = getPrometheus();
  const time = new Date(evalMs);
  const [indicators, longIndicators, usage, slos, sparklines] = await Promise.all([
    loadIndicatorPanel(prom, catalog, range, time, report),
    loadIndicatorPanel(prom, catalog, LONG_RANGE, time, report),
    loadUsagePanel(getClickHouse, catalog, LONG_RANGE, time),
    getSlos(evalMs).then((r) => r.result), // shared with /api/v1/slos: same step, same numbers
    settle(() => fetchErrorSparklines(prom, catalog, time)),
  ]);
  return {
    evaluatedAt: time.toISOString(),
    range,
    indicators,
    longIndicators,
    usage,
    slos,
    sparklines,
  };
}

const overviewLoader = cachedPerStep<Overview>({
  name: "overview",
  failed: (o) => !o.indicators.ok && !o.longIndicators.ok && !o.usage.ok && !o.slos.ok,
});

/**
 * The overview's data at `at` (default now), rounded to the evaluation step. Cached per
 * (range, time): the ISR page and /api/v1/workloads asked for the same moment get the
 * same numbers, and the page's revalidation period follows REVALIDATE_SECONDS.
 */
export function getOverview(range: RangeKey, at: number = Date.now()): Promise<Overview> {
  const evalMs = roundEvalTime(at).getTime();
  return overviewLoader.load([range], evalMs, () => computeOverview(range, evalMs));
}

/**
 * True when no panel has data, not even stale: the page must not be cached as good
 * (docs/architecture.md, "Every panel fails on its own").
 */
export const allPanelsFailed = overviewLoader.failed;
