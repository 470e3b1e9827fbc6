/**
 * Every workload's SLO status at a time: reads the figures (lib/prometheus/slo-reads.ts),
 * from recording rules where they exist, and computes each status (./status.ts).
 */
import "server-only";
import type { Catalog, Workload } from "../catalog/load";
import type { PrometheusClient } from "../prometheus/client";
import {
  groupSlos,
  recordedErrorRatio,
  recordedEvents,
  subgroup,
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
 * convention group with workloads that lack them, over those workloads' series alone.
 * `force` pins the path.
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
  // A workload is read from recordings when it has its 5-minute ratio; the rest of its
  // group from raw series of those workloads alone, so one workload without recordings
  // (new, or idle since the rules were loaded) does not send its whole group raw.
  const parts = groupSlos(catalog).flatMap((g): { g: SloGroup; source: SloSource }[] => {
    if (recorded === null) return [{ g, source: "raw" }];
    if (force === "recorded") return [{ g, source: "recorded" }];
    const has = (w: Workload) =>
      recorded.get(recordedKey(g.slo.name, w.name))?.get(recordedErrorRatio("5m")) !== undefined;
    const covered = g.workloads.filter(has);
    const rest = g.workloads.filter((w) => !has(w));
    return [
      ...(covered.length ? [{ g: subgroup(label, g, covered), source: "recorded" as const }] : []),
      ...(rest.length ? [{ g: subgroup(label, g, rest), source: "raw" as const }] : []),
    ];
  });
  const figures = await Promise.all(
    parts.map(async ({ g, source }) => ({
      g,
      source,
      f: await readGroup(prom, label, g, source === "recorded" ? recorded : null, time),
    })),
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
