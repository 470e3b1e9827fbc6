import "server-only";
import { unstable_cache } from "next/cache";
import { onCallAt } from "../catalog/roster";
import { getEnv } from "../env";
import { settle, type PanelResult } from "../errors/data-source-error";
import { roundEvalTime } from "../time/ranges";
import { getSlos } from "../slo";
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

/** Requests of the same step waiting on one computation: a cache miss is paid once, not per viewer. */
const inFlight = new Map<number, Promise<OnCallReport>>();

/**
 * The on-call report at `at` (default now), rounded to the 15-s evaluation step and cached
 * per step for every viewer, like the overview: the query count per refresh does not grow
 * with the number of screens polling.
 */
export function getOnCall(at: number = Date.now()): Promise<OnCallReport> {
  const evalMs = roundEvalTime(at).getTime();
  const pending = inFlight.get(evalMs);
  if (pending) return pending;
  const p = getResolvedCatalog()
    .then(({ fingerprint }) =>
      unstable_cache(computeOnCall, ["oncall", fingerprint, String(evalMs)], {
        revalidate: getEnv().REVALIDATE_SECONDS,
        tags: ["oncall"],
      })(evalMs),
    )
    .finally(() => inFlight.delete(evalMs));
  inFlight.set(evalMs, p);
  return p;
}
