import { smooth } from "./noise";
import type { Profile } from "./profiles";

/**
 * What happened to the demo estate, and its traffic shape. Times are epoch minutes,
 * anchored on the first run's start (T0) so the story does not move on re-runs.
 */
export const MINUTES_PER_DAY = 1440;
export const HISTORY_DAYS = 30;

/** A spike replayed live with `npm run demo -- --incident NAME`: [start, end) in epoch minutes. */
export interface Incident {
  workload: string;
  start: number;
  end: number;
}

/** An incident's error ratio: half of all requests fail. */
export const INCIDENT_ERROR_RATIO = 0.5;

/** Key instants of the story, in epoch minutes, derived from T0 (and replayed incidents). */
export interface Timeline {
  t0: number;
  origin: number;
  launchStart: number;
  launchFixed: number;
  cachingChange: number;
  searchDegradedFrom: number;
  searchDegradedUntil: number;
  /** Checkout pool saturation episodes: [start, end). */
  saturations: [number, number][];
  /** Releases the story is about, besides each workload's regular ones (scripts/demo/cluster.ts). */
  releases: { workload: string; minute: number }[];
  /** Search's nightly index rebuild: its minute of the day and how long it takes. */
  reindex: { minuteOfDay: number; minutes: number };
  incidents: Incident[];
}

export function timeline(t0: number, incidents: Incident[] = []): Timeline {
  const day0 = Math.floor(t0 / MINUTES_PER_DAY) * MINUTES_PER_DAY;
  const at = (daysAgo: number, h: number, m = 0) => day0 - daysAgo * MINUTES_PER_DAY + h * 60 + m;
  const launchStart = at(18, 13);
  const launchFixed = launchStart + 4 * 60;
  const cachingChange = at(10, 10);
  return {
    t0,
    origin: t0 - HISTORY_DAYS * MINUTES_PER_DAY,
    launchStart,
    launchFixed,
    cachingChange,
    searchDegradedFrom: t0 - 3 * 60,
    searchDegradedUntil: t0 + 12 * 60,
    saturations: [
      [at(26, 19, 10), at(26, 19, 50)],
      [at(20, 12, 30), at(20, 12, 55)],
      [at(13, 18, 0), at(13, 19, 0)],
      [at(5, 20, 15), at(5, 20, 50)],
    ],
    // The caching change and the launch-day fix were deployed: new ReplicaSets, new pods.
    releases: [
      { workload: "checkout", minute: cachingChange },
      { workload: "tracking-api", minute: launchFixed },
    ],
    reindex: { minuteOfDay: 3 * 60, minutes: 25 },
    incidents,
  };
}

/** Daily (trough 35 % at 04:00 UTC) times weekly (weekends 70 %) shape in [0.245, 1]. */
export function trafficShape(minute: number): number {
  const hour = (minute % MINUTES_PER_DAY) / 60;
  const daily = 0.35 + 0.65 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24));
  const weekday = (Math.floor(minute / MINUTES_PER_DAY) + 4) % 7; // 1970-01-01 was a Thursday
  return daily * (weekday === 0 || weekday === 6 ? 0.7 : 1);
}

/** The expected state of one workload in one minute, before per-minute noise. */
export interface Conditions {
  rpm: number;
  errorRatio: number;
  /** Share of 500 among 5xx (the rest are 503). */
  share500: number;
  p50: number;
  p95: number;
  hitRatio: number;
  poolInUse: number;
  poolSaturated: boolean;
  /** CPU per request, relative to the profile's (checkout's cache hits skip the database). */
  cpuFactor: number;
  /** Memory each pod holds beyond its usual working set (search's nightly index rebuild). */
  memExtraGiB: number;
}

export function conditions(p: Profile, w: number, minute: number, tl: Timeline): Conditions {
  const shape = trafficShape(minute);
  const c: Conditions = {
    rpm: p.peakRpm * shape,
    errorRatio: p.errorRatio,
    share500: 0.6,
    p50: p.p50 * (1 + 0.12 * (shape - 0.6)),
    p95: p.p95 * (1 + 0.2 * (shape - 0.6)),
    hitRatio: p.hitRatio ?? 0,
    poolInUse: 0,
    poolSaturated: false,
    cpuFactor: 1,
    memExtraGiB: 0,
  };
  if (p.name === "tracking-api") trackingLaunch(c, minute, shape, tl);
  if (p.name === "checkout") checkoutChanges(c, minute, tl);
  if (p.name === "search" && minute >= tl.searchDegradedFrom && minute < tl.searchDegradedUntil) {
    const ramp = Math.min(1, (minute - tl.searchDegradedFrom) / 20);
    c.errorRatio = 0.002 + 0.019 * ramp * (1 + 0.25 * smooth(w, minute, 9, 7));
    c.share500 = 0.2;
    c.p95 *= 1 + 1.6 * ramp;
  }
  if (p.name === "search") {
    // The nightly rebuild holds a second index in memory for a few minutes: a peak that an
    // average or a p95 of the working set misses, and a memory request sized by them would not hold.
    const into = (minute % MINUTES_PER_DAY) - tl.reindex.minuteOfDay;
    if (into >= 0 && into < tl.reindex.minutes) {
      c.memExtraGiB = 1.3 * Math.min(1, (into + 1) / 5) * (1 + 0.1 * smooth(w, minute, 14, 3));
    }
  }
  if (tl.incidents.some((i) => i.workload === p.name && minute >= i.start && minute < i.end)) {
    c.errorRatio = INCIDENT_ERROR_RATIO;
    c.share500 = 0.5;
    c.p50 *= 4;
    c.p95 *= 5;
  }
  if (p.poolMax) {
    const load = Math.min(1, (c.rpm / p.peakRpm) * (0.5 + 0.08 * smooth(w, minute, 5, 11)));
    c.poolInUse = c.poolSaturated ? p.poolMax : Math.max(1, Math.round(load * p.poolMax));
  }
  return c;
}

function trackingLaunch(c: Conditions, minute: number, shape: number, tl: Timeline): void {
  if (minute >= tl.launchFixed) {
    c.rpm = 40_000 * shape;
    c.p50 = 0.12;
    c.p95 = 0.3;
    return;
  }
  if (minute < tl.launchStart) return;
  const progress = (minute - tl.launchStart) / (tl.launchFixed - tl.launchStart);
  const rampUp = Math.min(1, (minute - tl.launchStart) / 15);
  c.rpm = c.rpm + (30_000 - c.rpm) * rampUp;
  c.errorRatio = 0.31 + 0.09 * progress;
  c.share500 = 0.35;
  c.p50 = 0.15 * Math.pow(2.5 / 0.15, progress);
  c.p95 = c.p50 * 2.4;
}

function checkoutChanges(c: Conditions, minute: number, tl: Timeline): void {
  if (minute >= tl.cachingChange) {
    c.hitRatio = 0.92;
    // Cache hits skip the database and the template: less CPU per request, fewer pods.
    c.cpuFactor = 0.55;
    c.p50 = 0.06 * (c.p50 / 0.25);
    c.p95 = 0.18 * (c.p95 / 0.8);
  }
  if (tl.saturations.some(([s, e]) => minute >= s && minute < e)) {
    c.poolSaturated = true;
    c.p50 *= 2.5;
    c.p95 *= 3.5;
    c.errorRatio += 0.04;
    c.share500 = 0.25;
  }
}
