import "server-only";
import type { Catalog } from "../catalog/load";
import type { Slo } from "../catalog/slo-schema";
import type { PrometheusClient, Sample } from "../prometheus/client";
import {
  bucketBoundariesQuery,
  eventQueries,
  groupSlos,
  ratioOf,
  type SloGroup,
} from "../prometheus/slo-queries";
import { anyOf, assertLabelName, matcherToString, parseBound } from "../promql";
import { BURN_WINDOWS, tierStates, type BurnWindow, type TierState } from "./alert-tiers";
import { budgetConsumed, budgetRemaining, burnRate, timeToExhaustionMs } from "./budget";
import {
  recordedErrorRatio,
  recordedEvents,
  recordedEventsPattern,
  recordedRatioPattern,
} from "./rules";
import { sloWindowMs, sloWindowRange } from "./windows";

/** Where the figures came from: recording rules when they exist, else raw series. */
export type SloSource = "recorded" | "raw";

export interface SloStatus extends Omit<Slo, "alertFactors"> {
  source: SloSource;
  /** Bad and total events (or one-minute slices) over the SLO window. */
  events: { bad: number; total: number } | null;
  /** 1 − bad/total over the SLO window; null without traffic. */
  sli: number | null;
  budgetConsumed: number | null;
  budgetRemaining: number | null;
  burnRates: Record<BurnWindow, number | null>;
  /** At the 1-hour burn; null means never (nothing burns). */
  timeToExhaustionMs: number | null;
  alerts: TierState[];
  /** Why the SLO cannot be computed, e.g. a latency threshold that is not a bucket boundary. */
  problem?: string;
}

export interface WorkloadSlos {
  workload: string;
  team: string;
  tier: number;
  slos: SloStatus[];
}

const byLabel = (label: string, samples: Sample[]) =>
  new Map(samples.map((s) => [s.labels[label] ?? "", s.value] as const));
const finite = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);

const recordedKey = (slo: string, workload: string) => `${slo}\u0000${workload}`;

const SERIES_LABEL = "sightline_series";

/** Every recorded figure of the catalog's workloads, by (SLO, workload) and series name. */
type Recorded = Map<string, Map<string, number>>;

/**
 * All recorded burn-window ratios and window events of the catalog's workloads: two
 * queries, whatever the number of workloads and SLOs. A (SLO, workload) pair is recorded
 * when its 5-minute ratio is.
 */
export async function readRecorded(
  prom: PrometheusClient,
  label: string,
  names: string[],
  time: Date,
): Promise<Recorded> {
  const L = assertLabelName(label);
  const workloads = matcherToString(anyOf(L, names));
  // The series name travels as a label: the client keeps labels, not names.
  const named = (names: string) =>
    `label_replace({__name__=~"${names}",${workloads}}, "${SERIES_LABEL}", "$1", "__name__", "(.+)")`;
  const [ratios, events] = await Promise.all([
    prom.instant("slo:recorded:ratios", named(recordedRatioPattern()), time),
    prom.instant("slo:recorded:events", named(recordedEventsPattern()), time),
  ]);
  const out: Recorded = new Map();
  for (const s of [...ratios, ...events]) {
    const key = recordedKey(s.labels.slo ?? "", s.labels[L] ?? "");
    const series = out.get(key) ?? new Map<string, number>();
    series.set(s.labels[SERIES_LABEL] ?? "", s.value);
    out.set(key, series);
  }
  return out;
}

interface GroupFigures {
  ratios: Record<BurnWindow, Map<string, number>>;
  bad: Map<string, number>;
  total: Map<string, number>;
  problem?: string;
}

const fmtSeconds = (s: number) => (s < 1 ? `${Number((s * 1000).toPrecision(6))} ms` : `${s} s`);

/**
 * "0.25 s is not a bucket boundary …; nearest: 200 ms, 300 ms". Asked only when a latency
 * SLO has traffic but no bucket at its threshold, so a healthy catalog costs no query.
 */
export async function thresholdProblem(
  prom: PrometheusClient,
  g: SloGroup,
  time: Date,
): Promise<string> {
  const rows = await prom.instant(`slo:${g.slo.name}:buckets`, bucketBoundariesQuery(g), time);
  // By value: `1` and `1.0` are one boundary, however each series spells it.
  const bounds = [
    ...new Set(rows.map((r) => parseBound(r.labels.le ?? "")).filter((b) => b !== null)),
  ]
    .filter((b) => Number.isFinite(b))
    .sort((a, b) => a - b);
  const t = g.slo.threshold!;
  const below = bounds.filter((b) => b < t).at(-1);
  const above = bounds.find((b) => b > t);
  const nearest = [below, above].filter((b): b is number => b !== undefined).map(fmtSeconds);
  return (
    `${fmtSeconds(t)} is not a bucket boundary of ${g.group.convention.latency}` +
    (nearest.length ? `; nearest: ${nearest.join(", ")}` : "; it has no finite buckets")
  );
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
  const tag = (what: string) => `slo:${g.slo.name}:${what}`;
  const rawWindowEvents = async () => {
    const raw = eventQueries(label, g, sloWindowRange(window, time));
    const rawBad = raw.zeroFill ? `${raw.bad} or 0 * ${raw.total}` : raw.bad;
    const [bad, total] = await Promise.all([
      prom.instant(tag("bad"), rawBad, time),
      prom.instant(tag("total"), raw.total, time),
    ]);
    return { bad: byLabel(label, bad), total: byLabel(label, total) };
  };
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
      Promise.all(
        BURN_WINDOWS.map((w) => prom.instant(tag(w), ratioOf(eventQueries(label, g, w)), time)),
      ),
    ]);
    figures = {
      ...events,
      ratios: Object.fromEntries(
        BURN_WINDOWS.map((w, i) => [w, byLabel(label, ratios[i]!)]),
      ) as GroupFigures["ratios"],
    };
  }
  const missingBucket = [...figures.total].some(([w, n]) => n > 0 && !figures.bad.has(w));
  if (g.slo.indicator === "latency" && missingBucket) {
    figures.problem = await thresholdProblem(prom, g, time);
  }
  return figures;
}

/** Budget, burn and alert state of one workload's SLO from its figures (pure). */
export function sloStatus(
  slo: Slo,
  source: SloSource,
  f: GroupFigures,
  workload: string,
  time: Date,
): SloStatus {
  const bad = finite(f.bad.get(workload));
  const total = finite(f.total.get(workload));
  const e = bad !== null && total !== null && total > 0 ? bad / total : null;
  const burnRates = Object.fromEntries(
    BURN_WINDOWS.map((w) => {
      const r = finite(f.ratios[w].get(workload));
      return [w, r === null ? null : burnRate(r, slo.objective)];
    }),
  ) as Record<BurnWindow, number | null>;
  const windowMs = sloWindowMs(slo.window, time);
  const remaining = e === null ? null : budgetRemaining(e, slo.objective);
  const tte =
    remaining === null ? null : timeToExhaustionMs(remaining, windowMs, burnRates["1h"] ?? 0);
  const { alertFactors, ...definition } = slo;
  return {
    ...definition,
    source,
    events: bad !== null && total !== null ? { bad, total } : null,
    sli: e === null ? null : 1 - e,
    budgetConsumed: e === null ? null : budgetConsumed(e, slo.objective),
    budgetRemaining: remaining,
    burnRates,
    timeToExhaustionMs: tte === null || tte === Infinity ? null : tte,
    alerts: tierStates(
      burnRates,
      slo.window === "calendar-month" ? 30 * 86_400_000 : windowMs,
      alertFactors,
    ),
    ...(f.problem && bad === null && { problem: f.problem }),
  };
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
  const recorded = force === "raw" ? null : await readRecorded(prom, label, names, time);
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
