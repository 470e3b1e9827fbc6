import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Accumulator, type Estate } from "./model";
import type { Incident } from "./story";

/** Where the demo keeps its data; relative to the repository root. */
export const DATA = {
  root: ".data",
  demo: ".data/demo",
  prometheus: ".data/prometheus",
  clickhouse: ".data/clickhouse",
  state: ".data/demo/state.json",
  counters: ".data/demo/counters.json",
};

export interface DemoState {
  version: 1;
  /** The first run's start, epoch minute: the story is anchored on it. */
  t0Minute: number;
  /** History (Prometheus backfill and ClickHouse rows) covers [origin, historyEndMs). */
  historyEndMs: number;
  /** Incidents replayed with --incident: part of the story from then on. */
  incidents?: Incident[];
}

export function readState(file = DATA.state): DemoState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, "utf8")) as Partial<DemoState>;
    if (s.version === 1 && Number.isInteger(s.t0Minute) && Number.isFinite(s.historyEndMs)) {
      return s as DemoState;
    }
  } catch {
    // unreadable state means a fresh start
  }
  return undefined;
}

export function writeState(state: DemoState, file = DATA.state): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state, null, 2) + "\n");
}

/** Bumped when the model's series change in ways the layout below does not show. */
const MODEL_VERSION = "2: cluster series as kube-state-metrics and cAdvisor write them";

/** Identifies the model's series layout, so a checkpoint from another layout is ignored. */
export function layoutSignature(estate: Estate): string {
  const h = createHash("sha256");
  h.update(MODEL_VERSION);
  h.update(String(estate.origin));
  for (const s of estate.series) h.update(`${s.name}${JSON.stringify(s.labels)}\n`);
  return h.digest("hex").slice(0, 16);
}

interface Checkpoint {
  signature: string;
  minute: number;
  totals: number[];
  /** The cluster's counters alive at the checkpoint (container CPU seconds), by series key. */
  cluster: [string, number][];
}

/** Counter totals saved at the end of history, so later runs need not replay 30 days. */
export function saveCheckpoint(acc: Accumulator, file = DATA.counters): void {
  const cp: Checkpoint = {
    signature: layoutSignature(acc.estate),
    minute: acc.minute,
    totals: Array.from(acc.totals),
    cluster: [...acc.cluster],
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(cp));
}

/**
 * An accumulator at `minute`: from the checkpoint when it is usable, otherwise
 * replayed from the origin (a second or two for 30 days).
 */
export function accumulatorAt(estate: Estate, minute: number, file = DATA.counters): Accumulator {
  if (existsSync(file)) {
    try {
      const cp = JSON.parse(readFileSync(file, "utf8")) as Checkpoint;
      if (
        cp.signature === layoutSignature(estate) &&
        cp.minute <= minute &&
        cp.totals.length === estate.series.length &&
        Array.isArray(cp.cluster)
      ) {
        const acc = new Accumulator(
          estate,
          cp.minute,
          Float64Array.from(cp.totals),
          new Map(cp.cluster),
        );
        acc.advanceTo(minute);
        return acc;
      }
    } catch {
      // fall through to a replay
    }
  }
  const acc = new Accumulator(estate);
  acc.advanceTo(minute);
  return acc;
}

export function demoPath(...parts: string[]): string {
  return join(DATA.demo, ...parts);
}
