/**
 * Every workload's SLO status at a time: reads the figures (lib/prometheus/slo-reads.ts),
 * from recording rules where they exist, and computes each status (./status.ts).
 */
import "server-only";
import type { Catalog } from "../catalog/load";
import type { PrometheusClient } from "../prometheus/client";
import {
  groupSlos,
  recordedErrorRatio,
  recordedEvents,
  type SloGroup,
} from "../prometheus/slo-queries";
import {
  readBucketBounds,
  readErrorRatios,
  readRecorded,
  readWindowEvents,
  recordedKey,
  type Recorded,
} from "../prometheus/slo-reads";
import { BURN_WINDOWS } from "./alert-tiers";
import {
  sloStatus,
  thresholdMessage,
  type GroupFigures,
  type SloSource,
  type WorkloadSlos,
} from "./status";
import { sloWindowRange } from "./windows";

/**
 * Why a latency SLO with traffic has no bad-event figure: its threshold is not a bucket
 * boundary. Asked only then, so a healthy catalog costs no query.
 */
export async function thresholdProblem(
  prom: PrometheusClient,
  g: SloGroup,
  time: Date,
): Promise<string> {
  const bounds = await readBucketBounds(prom, g, time);
  return thresholdMessage(g.slo.threshold!, g.group.convention.latency, bounds);
}

/** The group's figures from the recorded series, or null when one of its workloads lacks them. */
function fromRecorded(
  rec: Recorded,
  g: SloGroup,
  series: (w: string) => string,
): Map<string, number> | null {
  const out = new Map<string, number>();
  for (const w of g.workloads) {
    const v = rec.get(recordedKey(g.slo.name, w.name))?.get(series(w.name));
    if (v === undefined) return null;
    out.set(w.name, v);
  }
  return out;
}

/**
 * One SLO group's figures. From the recorded series when `rec` is given (no query), else
 * from raw series: 2 window queries + 7 burn-window queries.
 */
async function readGroup(
  prom: PrometheusClient,
  label: string,
  g: SloGroup,
  rec: Recorded | null,
  time: Date,
): Promise<GroupFigures> {
  const window = g.slo.window;
  const rawWindowEvents = () =>
    readWindowEvents(prom, label, g, sloWindowRange(window, time), time);
  let figures: GroupFigures;
  if (rec) {
    const ratios = Object.fromEntries(
      BURN_WINDOWS.map((w) => [w, fromRecorded(rec, g, () => recordedErrorRatio(w)) ?? new Map()]),
    ) as GroupFigures["ratios"];
    // Calendar months are not recorded (a moving range), and the window group runs every
    // 5 minutes: right after the rules are loaded it has no value yet. Raw series answer.
    const bad =
      window === "calendar-month"
        ? null
        : fromRecorded(rec, g, () => recordedEvents("bad", window));
    const total =
      window === "calendar-month"
        ? null
        : fromRecorded(rec, g, () => recordedEvents("total", window));
    figures = { ratios, ...(bad && total ? { bad, total } : await rawWindowEvents()) };
  } else {
    const [events, ratios] = await Promise.all([
      rawWindowEvents(),
      readErrorRatios(prom, label, g, BURN_WINDOWS, time),
    ]);
    figures = { ...events, ratios };
  }
  const missingBucket = [...figures.total].some(([w, n]) => n > 0 && !figures.bad.has(w));
  if (g.slo.indicator === "latency" && missingBucket) {
    figures.problem = await thresholdProblem(prom, g, time);
  }
  return figures;
}

/**
 * Every workload's SLOs at `time`. Queries: 2 for every SLO that has recording rules,
 * whatever the number of workloads and SLOs, plus 9 per distinct SLO definition and
 * convention group without them. `force` pins the path.
 */
export async function fetchSloStatuses(
  prom: PrometheusClient,
  catalog: Catalog,
  time: Date,
  force?: SloSource,
): Promise<WorkloadSlos[]> {
  const label = catalog.groupingLabel;
  const names = catalog.workloads.map((w) => w.name);
  const recorded =
    force === "raw" ? null : await readRecorded(prom, label, names, BURN_WINDOWS, time);
  const figures = await Promise.all(
    groupSlos(catalog).map(async (g) => {
      // A group is read from recordings when every workload of it has its 5-minute ratio.
      const covered =
        recorded !== null &&
        (force === "recorded" ||
          fromRecorded(recorded, g, () => recordedErrorRatio("5m")) !== null);
      const source: SloSource = covered ? "recorded" : "raw";
      return { g, source, f: await readGroup(prom, label, g, covered ? recorded : null, time) };
    }),
  );
  return catalog.workloads.map((w) => ({
    workload: w.name,
    team: w.team,
    tier: w.tier,
    slos: w.slos.map((slo) => {
      const hit = figures.find((x) => x.g.slo.name === slo.name && x.g.workloads.includes(w))!;
      return sloStatus(slo, hit.source, hit.f, w.name, time);
    }),
  }));
}
