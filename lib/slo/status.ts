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
import { anyOf, assertLabelName, matcherToString } from "../prometheus/promql";
import { BURN_WINDOWS, tierStates, type BurnWindow, type TierState } from "./alert-tiers";
import { budgetConsumed, budgetRemaining, burnRate, timeToExhaustionMs } from "./budget";
import { recordedErrorRatio, recordedEvents } from "./rules";
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

/** (SLO, workload) pairs that have recorded series in Prometheus: one query, whatever the catalog's size. */
export async function recordedSlos(
  prom: PrometheusClient,
  label: string,
  time: Date,
): Promise<Set<string>> {
  const rows = await prom.instant(
    "slo:recorded",
    `group by (slo, ${assertLabelName(label)}) (${recordedErrorRatio("5m")})`,
    time,
  );
  return new Set(rows.map((r) => recordedKey(r.labels.slo ?? "", r.labels[label] ?? "")));
}

const recordedKey = (slo: string, workload: string) => `${slo}\u0000${workload}`;

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
  label: string,
  g: SloGroup,
  time: Date,
): Promise<string> {
  const rows = await prom.instant(
    `slo:${g.slo.name}:buckets`,
    bucketBoundariesQuery(label, g),
    time,
  );
  const bounds = rows
    .map((r) => Number(r.labels.le))
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

async function readGroup(
  prom: PrometheusClient,
  label: string,
  g: SloGroup,
  source: SloSource,
  time: Date,
): Promise<GroupFigures> {
  const window = g.slo.window;
  const names = g.workloads.map((w) => w.name);
  const sel = `{slo="${g.slo.name}",${matcherToString(anyOf(label, names))}}`;
  const tag = (what: string) => `slo:${g.slo.name}:${what}`;
  const useRecorded = source === "recorded" && window !== "calendar-month";
  const ratioQuery = (w: BurnWindow) =>
    source === "recorded" ? `${recordedErrorRatio(w)}${sel}` : ratioOf(eventQueries(label, g, w));
  const raw = eventQueries(label, g, sloWindowRange(window, time));
  const rawBad = raw.zeroFill ? `${raw.bad} or 0 * ${raw.total}` : raw.bad;
  const windowEvents = (recorded: boolean) =>
    Promise.all([
      prom.instant(tag("bad"), recorded ? `${recordedEvents("bad", window)}${sel}` : rawBad, time),
      prom.instant(
        tag("total"),
        recorded ? `${recordedEvents("total", window)}${sel}` : raw.total,
        time,
      ),
    ]);
  const [[bad, total], ratios] = await Promise.all([
    windowEvents(useRecorded),
    Promise.all(BURN_WINDOWS.map((w) => prom.instant(tag(w), ratioQuery(w), time))),
  ]);
  // The window group is evaluated every 5 minutes: right after the rules are loaded it has
  // no value yet, and the raw series answer instead.
  const [winBad, winTotal] =
    useRecorded && total.length === 0 ? await windowEvents(false) : [bad, total];
  const figures: GroupFigures = {
    bad: byLabel(label, winBad),
    total: byLabel(label, winTotal),
    ratios: Object.fromEntries(
      BURN_WINDOWS.map((w, i) => [w, byLabel(label, ratios[i]!)]),
    ) as GroupFigures["ratios"],
  };
  const missingBucket = [...figures.total].some(([w, n]) => n > 0 && !figures.bad.has(w));
  if (g.slo.indicator === "latency" && missingBucket) {
    figures.problem = await thresholdProblem(prom, label, g, time);
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
 * Every workload's SLOs at `time`. Queries: 1 + 9 per distinct SLO definition and
 * convention group — the same for 8 workloads as for 1,000. `force` pins the path.
 */
export async function fetchSloStatuses(
  prom: PrometheusClient,
  catalog: Catalog,
  time: Date,
  force?: SloSource,
): Promise<WorkloadSlos[]> {
  const recorded = force ? null : await recordedSlos(prom, catalog.groupingLabel, time);
  const groups = groupSlos(catalog);
  const figures = await Promise.all(
    groups.map(async (g) => {
      const covered = g.workloads.every((w) => recorded?.has(recordedKey(g.slo.name, w.name)));
      const source: SloSource = force ?? (covered ? "recorded" : "raw");
      return { g, source, f: await readGroup(prom, catalog.groupingLabel, g, source, time) };
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
