import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./processes";

/** promtool cuts blocks at 2-hour boundaries; chunks aligned to them give one block each. */
export const BLOCK_MS = 2 * 3600 * 1000;

function escapeValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Label set rendered once per series, reused for every sample line. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeValue(v)}"`)
    .join(",");
  return `${name}{${body}}`;
}

/** One OpenMetrics sample line; timestamps are in seconds. */
export function sampleLine(series: string, value: number, tsMs: number): string {
  return `${series} ${Number.isInteger(value) ? value : value.toPrecision(12)} ${tsMs / 1000}\n`;
}

/**
 * Writes TSDB blocks with promtool from OpenMetrics text, one 2-hour chunk at a time
 * (promtool re-reads its input once per block, so small inputs keep it linear).
 * `chunk(startMs, endMs)` returns the sample lines for [startMs, endMs).
 */
export function backfill(opts: {
  dataDir: string;
  tmpDir: string;
  fromMs: number;
  toMs: number;
  chunk: (startMs: number, endMs: number) => string;
  onProgress?: (doneChunks: number, totalChunks: number) => void;
}): void {
  mkdirSync(opts.tmpDir, { recursive: true });
  mkdirSync(opts.dataDir, { recursive: true });
  const first = Math.floor(opts.fromMs / BLOCK_MS) * BLOCK_MS;
  const total = Math.ceil((opts.toMs - first) / BLOCK_MS);
  const file = join(opts.tmpDir, "chunk.om");
  for (let i = 0; i < total; i++) {
    const start = Math.max(first + i * BLOCK_MS, opts.fromMs);
    const end = Math.min(first + (i + 1) * BLOCK_MS, opts.toMs);
    const text = opts.chunk(start, end);
    if (text.length > 0) {
      writeFileSync(file, text + "# EOF\n");
      run(
        "promtool",
        ["tsdb", "create-blocks-from", "openmetrics", "-q", file, opts.dataDir],
        "promtool backfill",
      );
    }
    opts.onProgress?.(i + 1, total);
  }
  rmSync(file, { force: true });
}

/** A series sampled at regular steps: counters add `inc` per step, gauges take it as is. */
export interface SteppedSeries {
  key: string;
  /** Increment (counter) or value (gauge) at the step ending at `tMs`. */
  at: (tMs: number) => number;
  gauge?: boolean;
}

/** Series sampled every `stepMs` over [startMs, endMs] (both included). */
export interface SteppedData {
  startMs: number;
  endMs: number;
  stepMs: number;
  series: SteppedSeries[];
}

/** Each series' value at every step of [startMs, endMs]: counters summed, gauges as is. */
export function steppedValues(
  series: SteppedSeries[],
  startMs: number,
  endMs: number,
  stepMs: number,
): number[][] {
  return series.map((s) => {
    const out: number[] = [];
    let total = 0;
    for (let t = startMs; t <= endMs; t += stepMs)
      out.push((total = s.gauge ? s.at(t) : total + s.at(t)));
    return out;
  });
}

/**
 * Backfills series sampled every `stepMs` over [startMs, endMs] (both included). Values
 * are precomputed per step, so each 2-hour chunk only formats lines.
 */
export function backfillStepped(opts: {
  dataDir: string;
  tmpDir: string;
  startMs: number;
  endMs: number;
  stepMs: number;
  series: SteppedSeries[];
  onProgress?: (doneChunks: number, totalChunks: number) => void;
}): number {
  const { startMs, endMs, stepMs } = opts;
  const values = steppedValues(opts.series, startMs, endMs, stepMs);
  let samples = 0;
  backfill({
    dataDir: opts.dataDir,
    tmpDir: opts.tmpDir,
    fromMs: startMs,
    toMs: endMs + 1,
    onProgress: opts.onProgress,
    chunk: (a, b) => {
      const lines: string[] = [];
      opts.series.forEach((s, i) => {
        for (
          let k = Math.ceil((a - startMs) / stepMs), t = startMs + k * stepMs;
          t < b;
          k++, t += stepMs
        ) {
          lines.push(sampleLine(s.key, values[i]![k]!, t));
        }
      });
      samples += lines.length;
      return lines.join("");
    },
  });
  return samples;
}
