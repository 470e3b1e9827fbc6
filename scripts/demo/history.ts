import { backfill, sampleLine, seriesKey } from "../lib/backfill";
import type { Accumulator } from "./model";

export interface HistoryResult {
  samples: number;
  chunks: number;
  seconds: number;
}

/**
 * Writes the model to Prometheus TSDB blocks at 60 s resolution for [fromMs, toMs)
 * (both whole minutes). `acc` must stand at fromMs; it ends at toMs. Counters carry
 * the totals of the minutes before each sample, gauges the minute's level.
 */
export function writeHistory(opts: {
  acc: Accumulator;
  dataDir: string;
  tmpDir: string;
  fromMs: number;
  toMs: number;
  log: (line: string) => void;
}): HistoryResult {
  const { acc } = opts;
  const series = acc.estate.series;
  if (acc.minute * 60_000 !== opts.fromMs) {
    throw new Error(`history: accumulator at minute ${acc.minute}, range starts at ${opts.fromMs}`);
  }
  const keys = series.map((s) => seriesKey(s.name, s.labels));
  const started = Date.now();
  let samples = 0;
  let chunks = 0;
  let lastReport = 0;
  const chunk = (startMs: number, endMs: number): string => {
    const first = startMs / 60_000;
    const minutes = endMs / 60_000 - first;
    const n = series.length;
    const matrix = new Float64Array(minutes * n);
    // The cluster's series come and go: their samples per series, in time order.
    const cluster = new Map<string, { key: string; samples: [number, number][] }>();
    acc.advanceTo(first + minutes, (m, values, dynamic) => {
      const row = (m - first) * n;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        matrix[row + i] = Number.isNaN(v) ? NaN : series[i]!.counter ? acc.totals[i]! : v;
      }
      for (const { def, value } of dynamic) {
        let c = cluster.get(def.key);
        if (!c) cluster.set(def.key, (c = { key: seriesKey(def.name, def.labels), samples: [] }));
        c.samples.push([m * 60_000, def.counter ? acc.clusterTotal(def) : value]);
      }
    });
    // series-major: each series' samples in time order, as promtool appends them
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < minutes; r++) {
        const v = matrix[r * n + i]!;
        if (Number.isNaN(v)) continue;
        parts.push(sampleLine(keys[i]!, v, (first + r) * 60_000));
        samples++;
      }
    }
    for (const c of cluster.values()) {
      for (const [t, v] of c.samples) parts.push(sampleLine(c.key, v, t));
      samples += c.samples.length;
    }
    return parts.join("");
  };
  backfill({
    dataDir: opts.dataDir,
    tmpDir: opts.tmpDir,
    fromMs: opts.fromMs,
    toMs: opts.toMs,
    chunk,
    onProgress: (done, total) => {
      chunks = total;
      const now = Date.now();
      if (done === total || now - lastReport > 3000) {
        lastReport = now;
        const pct = ((100 * done) / total).toFixed(0).padStart(3);
        opts.log(
          `  history ${pct} %  chunk ${done}/${total}  ${(samples / 1e6).toFixed(1)}M samples`,
        );
      }
    },
  });
  return { samples, chunks, seconds: (Date.now() - started) / 1000 };
}
