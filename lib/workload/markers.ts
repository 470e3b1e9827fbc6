/** Events drawn on the time axis: scaling events and alerts that fired. Pure. */

export type Point = [number, number];

export interface ScalingEvent {
  at: number;
  from: number;
  to: number;
}

/**
 * Changes of the replica count between consecutive points of a replica series. A gap
 * (no sample) is not a change: the count after the gap is compared with the one before.
 */
export function scalingEvents(points: Point[]): ScalingEvent[] {
  const out: ScalingEvent[] = [];
  let prev: number | undefined;
  for (const [at, v] of [...points].sort((a, b) => a[0] - b[0])) {
    if (!Number.isFinite(v)) continue;
    const replicas = Math.round(v);
    if (prev !== undefined && replicas !== prev) out.push({ at, from: prev, to: replicas });
    prev = replicas;
  }
  return out;
}

export interface AlertEvent {
  /** First point at which the alert was seen firing. */
  at: number;
  /** Last point at which it was still firing. */
  until: number;
  name: string;
}

/**
 * Firing episodes from `ALERTS{alertstate="firing"}` range series: a series' points
 * more than one step apart start a new episode. `describe` names an alert from its labels.
 */
export function alertEpisodes(
  series: { labels: Record<string, string>; points: Point[] }[],
  stepMs: number,
  describe: (labels: Record<string, string>) => string,
): AlertEvent[] {
  const out: AlertEvent[] = [];
  for (const s of series) {
    const name = describe(s.labels);
    let current: AlertEvent | undefined;
    for (const [t, v] of [...s.points].sort((a, b) => a[0] - b[0])) {
      if (!(v > 0)) continue;
      if (current && t - current.until <= stepMs) {
        current.until = t;
      } else {
        current = { at: t, until: t, name };
        out.push(current);
      }
    }
  }
  return out.sort((a, b) => a.at - b.at || a.name.localeCompare(b.name));
}
