import type { RangeSeries } from "../prometheus/client";
import type { Incident } from "./types";

interface Run {
  tier: string;
  startMs: number;
  lastMs: number;
}

/**
 * Page incidents from a range query of `ALERTS{alertstate="firing",severity="page"}`: each
 * series' runs of consecutive samples (a gap longer than one step ends a run), then runs of
 * the same workload and SLO that overlap or touch merged into one incident (the fast and the
 * slow tier usually page together). An incident whose last sample is the range's last step
 * is ongoing. Times are as precise as the step. Most recent first.
 */
export function extractIncidents(
  series: RangeSeries[],
  opts: { groupingLabel: string; stepMs: number; endMs: number },
): Incident[] {
  const { stepMs, endMs } = opts;
  const byKey = new Map<string, { workload: string; slo: string; runs: Run[] }>();
  for (const s of series) {
    const workload = s.labels[opts.groupingLabel] ?? "(unknown)";
    const slo = s.labels.slo ?? s.labels.alertname ?? "(unknown)";
    const tier = s.labels.tier ?? "";
    const key = `${workload}\u0000${slo}`;
    const entry = byKey.get(key) ?? { workload, slo, runs: [] };
    byKey.set(key, entry);
    let run: Run | null = null;
    for (const [t] of [...s.points].sort((a, b) => a[0] - b[0])) {
      if (run && t - run.lastMs <= stepMs * 1.5) {
        run.lastMs = t;
      } else {
        run = { tier, startMs: t, lastMs: t };
        entry.runs.push(run);
      }
    }
  }
  const out: Incident[] = [];
  for (const { workload, slo, runs } of byKey.values()) {
    runs.sort((a, b) => a.startMs - b.startMs);
    let cur: { startMs: number; lastMs: number; tiers: Set<string> } | null = null;
    const flush = () => {
      if (!cur) return;
      const ongoing = cur.lastMs >= endMs - stepMs;
      const endAt = ongoing ? null : cur.lastMs;
      out.push({
        workload,
        slo,
        tiers: [...cur.tiers].filter(Boolean).sort(),
        startMs: cur.startMs,
        endMs: endAt,
        durationMs: (endAt ?? endMs) - cur.startMs,
      });
    };
    for (const r of runs) {
      if (cur && r.startMs <= cur.lastMs + stepMs * 1.5) {
        cur.lastMs = Math.max(cur.lastMs, r.lastMs);
        cur.tiers.add(r.tier);
      } else {
        flush();
        cur = { startMs: r.startMs, lastMs: r.lastMs, tiers: new Set([r.tier]) };
      }
    }
    flush();
  }
  return out.sort(
    (a, b) =>
      Number(a.endMs !== null) - Number(b.endMs !== null) ||
      b.startMs - a.startMs ||
      a.workload.localeCompare(b.workload),
  );
}
