import "server-only";
import { cachedPerStep } from "../cache/loader";
import { onCallAt } from "../catalog/roster";
import { settle, type PanelResult } from "../errors/data-source-error";
import { roundEvalTime } from "../time/ranges";
import { getSlos, type SlosReport } from "../slo";
import { alertRows } from "./alerts";
import { burningSlos } from "./burning";
import { extractIncidents } from "./incidents";
import { getPrometheus } from "../prometheus";
import { readActiveAlerts, readPageAlertSeries } from "../prometheus/alerts";
import { getResolvedCatalog } from "../prometheus/resolved-catalog";
import type { BurningSlo, OnCallReport } from "./types";

const DAY_MS = 86_400_000;
/** The rules' evaluation interval: incidents located to 30 s, 2,881 points per series over 24 h. */
const INCIDENT_STEP_S = 30;

async function computeOnCall(evalMs: number): Promise<OnCallReport> {
  const { catalog } = await getResolvedCatalog();
  const prom = getPrometheus();
  const time = new Date(evalMs);
  const label = catalog.groupingLabel;
  const [slos, alerts, incidents] = await Promise.all([
    // The same cached figures as /api/v1/slos at this evaluation step.
    getSlos(evalMs),
    settle(async () => alertRows(await readActiveAlerts(prom), label)),
    settle(async () => {
      const start = new Date(evalMs - DAY_MS);
      const series = await readPageAlertSeries(prom, start, time, INCIDENT_STEP_S);
      return extractIncidents(series, {
        groupingLabel: label,
        stepMs: INCIDENT_STEP_S * 1000,
        endMs: evalMs,
      });
    }),
  ]);
  const burning: PanelResult<BurningSlo[]> = slos.result.ok
    ? { ok: true, data: burningSlos(slos.result.data, time) }
    : slos.result;
  return {
    evaluatedAt: time.toISOString(),
    burning,
    alerts,
    incidents,
    roster: (catalog.oncall?.rotations ?? []).map((r) => onCallAt(r, evalMs)),
  };
}

const onCallLoader = cachedPerStep<OnCallReport>({
  name: "oncall",
  // The roster comes from the catalog, so the report always has something to show: a
  // failed source is a panel error in the body, never a 5xx.
  failed: () => false,
});

/** Burning SLOs derived from stale SLO figures are as stale as those figures. */
function burningAsStaleAsSlos(report: OnCallReport, slos: SlosReport["result"]): OnCallReport {
  if (!report.burning.ok || !slos.ok || !slos.stale) return report;
  return { ...report, burning: { ...report.burning, stale: slos.stale } };
}

/**
 * The on-call report at `at` (default now), rounded to the 15-s evaluation step and cached
 * per step for every viewer, like the overview: the query count per refresh does not grow
 * with the number of screens polling.
 */
export function getOnCall(at: number = Date.now()): Promise<OnCallReport> {
  const evalMs = roundEvalTime(at).getTime();
  return onCallLoader.load([], evalMs, async () => {
    // The SLO figures are asked first, so computeOnCall's own request shares them.
    const [slos, report] = await Promise.all([getSlos(evalMs), computeOnCall(evalMs)]);
    return burningAsStaleAsSlos(report, slos.result);
  });
}

/** Never true: see the loader's definition. */
export const onCallFailed = onCallLoader.failed;
