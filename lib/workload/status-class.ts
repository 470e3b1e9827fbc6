/** Grouping of per-status request rates into status classes. Pure. */

export type Point = [number, number];

export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx", "other"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** "200" → "2xx", "503" → "5xx"; anything that is not a 1xx–5xx code → "other" (1xx too). */
export function statusClass(status: string): StatusClass {
  const m = /^([2-5])\d\d$/.exec(status.trim());
  return m ? (`${m[1]}xx` as StatusClass) : "other";
}

/**
 * Sums series of `{status: …}` rates into one series per class, point by point.
 * 2xx, 4xx and 5xx are always present (an absent class is shown as no line, not zero:
 * the class simply had no series); 3xx and other only when some series fell in them.
 */
export function groupByStatusClass(
  series: { labels: Record<string, string>; points: Point[] }[],
  statusLabel: string,
): Record<StatusClass, Point[]> {
  const sums = new Map<StatusClass, Map<number, number>>();
  for (const s of series) {
    const cls = statusClass(s.labels[statusLabel] ?? "");
    const acc = sums.get(cls) ?? new Map<number, number>();
    for (const [t, v] of s.points) {
      if (Number.isFinite(v)) acc.set(t, (acc.get(t) ?? 0) + v);
    }
    sums.set(cls, acc);
  }
  const out = {} as Record<StatusClass, Point[]>;
  for (const cls of STATUS_CLASSES) {
    const acc = sums.get(cls);
    if (!acc && !["2xx", "4xx", "5xx"].includes(cls)) continue;
    out[cls] = [...(acc ?? new Map<number, number>()).entries()].sort((a, b) => a[0] - b[0]);
  }
  return out;
}
