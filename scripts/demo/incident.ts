import type { Catalog } from "../../lib/catalog/load";
import { BURN_WINDOW_MS, tierFactor, TIERS } from "../../lib/slo/alert-tiers";
import { errorBudget } from "../../lib/slo/budget";
import { sloWindowMs } from "../../lib/slo/windows";
import type { Estate } from "./model";
import { writeState, type DemoState } from "./state";
import { INCIDENT_ERROR_RATIO } from "./story";

const INCIDENT_MINUTES = 20;
/** Scrape (15 s) + recording group (30 s) + alerting group (30 s): the most the pipeline adds. */
const PIPELINE_S = 75;

/**
 * Seconds of an error ratio e1 (after a baseline e0) until the error ratio over a window of
 * `windowMs` passes `threshold` — with constant traffic, e_w(t) = (e1·t + e0·(w − t)) / w.
 */
export function secondsToCross(
  windowMs: number,
  threshold: number,
  e0: number,
  e1: number,
): number {
  if (e0 >= threshold) return 0;
  return ((windowMs / 1000) * (threshold - e0)) / (e1 - e0);
}

async function query(
  url: string,
  promql: string,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as {
    data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  return body.data?.result ?? [];
}

async function pageFiring(url: string, workload: string, label: string): Promise<boolean> {
  const res = await fetch(`${url}/api/v1/alerts`);
  const body = (await res.json()) as {
    data: { alerts: { labels: Record<string, string>; state: string }[] };
  };
  return body.data.alerts.some(
    (a) => a.state === "firing" && a.labels[label] === workload && a.labels.tier === "page-fast",
  );
}

/**
 * Replays a spike of 50 % errors on one workload, live, from the next whole minute for 20
 * minutes, and reports when Prometheus fires the fast page alert against the time the
 * burn-rate math predicts. The incident is saved in the story: later runs keep it.
 */
export async function replayIncident(opts: {
  workload: string;
  catalog: Catalog;
  estate: Estate;
  state: DemoState;
  prometheusUrl: string;
  log: (s: string) => void;
}): Promise<void> {
  const { workload, catalog, log } = opts;
  const slo = catalog.workloads
    .find((w) => w.name === workload)!
    .slos.find((s) => s.indicator === "availability");
  if (!slo) {
    log(`incident: ${workload} has no availability SLO, so no alert to wait for`);
    return;
  }
  const label = catalog.groupingLabel;
  const start = Math.floor(Date.now() / 60_000) + 1;
  const incident = { workload, start, end: start + INCIDENT_MINUTES };
  opts.estate.timeline.incidents.push(incident);
  opts.state.incidents = [...(opts.state.incidents ?? []), incident];
  writeState(opts.state);

  const tier = TIERS[0]!; // page-fast: 1 h and 5 m
  const factor =
    slo.alertFactors[tier.name] ??
    tierFactor(tier, sloWindowMs(slo.window === "calendar-month" ? "30d" : slo.window, new Date()));
  const threshold = factor * errorBudget(slo.objective);
  const [baseline] = await query(
    opts.prometheusUrl,
    `sightline:slo_error_ratio:rate1h{${label}="${workload}",slo="${slo.name}"}`,
  );
  const e0 = baseline ? Number(baseline.value[1]) : 0;
  const cross = Math.max(
    secondsToCross(BURN_WINDOW_MS[tier.long], threshold, e0, INCIDENT_ERROR_RATIO),
    secondsToCross(BURN_WINDOW_MS[tier.short], threshold, e0, INCIDENT_ERROR_RATIO),
  );
  const startMs = start * 60_000;
  log(
    `incident: ${workload} fails ${INCIDENT_ERROR_RATIO * 100} % of requests from ${new Date(startMs).toISOString().slice(11, 19)} UTC for ${INCIDENT_MINUTES} min`,
  );
  log(
    `incident: the math: burn over 1h passes ${factor.toFixed(1)}× (error ratio ${threshold.toFixed(4)}, baseline ${e0.toFixed(4)}) after ${cross.toFixed(0)} s; ` +
      `with scrape and rule evaluation the page alert should fire within ${(cross + PIPELINE_S).toFixed(0)} s`,
  );
  const deadline = startMs + (cross + PIPELINE_S) * 1000 + 5 * 60_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5000));
    if (Date.now() < startMs) continue;
    if (await pageFiring(opts.prometheusUrl, workload, label)) {
      const after = (Date.now() - startMs) / 1000;
      const verdict = after <= cross + PIPELINE_S + 5 ? "within" : "later than";
      log(
        `incident: Prometheus fired the page alert (page-fast) after ${after.toFixed(0)} s: ${verdict} the predicted ${(cross + PIPELINE_S).toFixed(0)} s`,
      );
      return;
    }
  }
  log("incident: the page alert did not fire in time: see http://127.0.0.1:9090/alerts");
}
