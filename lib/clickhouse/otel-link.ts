/**
 * Links Sightline to an OpenTelemetry traces table (docs/request-data.md): materialized
 * views derive request-log rows from the server spans written from now on, and the spans
 * already there are backfilled in bounded batches (one UTC day each, oldest first), with
 * progress, resumed where it stopped after a restart. Without a table configured nothing
 * is touched: every process that opens ClickHouse (the cost sync's CronJob, say) may run
 * without the variable, so views are dropped only by hand (docs/request-data.md).
 */
import "server-only";
import { runCommand, type ClickHouse } from "./connect";
import {
  backfillWindow,
  createViews,
  dropViews,
  EXPECTED_COLUMNS,
  existingViews,
  readLink,
  sourceColumns,
  sourceSpan,
  writeLink,
  type OtelLink,
  type OtelSource,
} from "./queries/otel";

const DAY_NS = 86_400n * 1_000_000_000n;

export interface OtelLinkStatus {
  state: "off" | "backfilling" | "ready" | "failed";
  source?: string;
  /** Backfilled share of the spans before the link, 0 to 1. */
  progress?: number;
  message?: string;
}

/** What is wrong with the source's columns for Sightline to read it; null: nothing. */
export function columnProblem(table: string, columns: Map<string, string>): string | null {
  if (columns.size === 0) return `the traces table ${table} does not exist`;
  for (const [name, type] of Object.entries(EXPECTED_COLUMNS)) {
    const found = columns.get(name);
    if (found === undefined) {
      return `the traces table ${table} has no column ${name}: expected the OpenTelemetry Collector ClickHouse exporter's table`;
    }
    if (!type.test(found)) {
      return `the traces table ${table}: column ${name} is ${found}, expected ${type.source.replace(/[\\^$]/g, "")}`;
    }
  }
  return null;
}

/**
 * Creates the views (or keeps those of the same source) and answers the link; nothing
 * without a source. Throws with a message naming the table when it cannot be read.
 */
export async function linkTraces(
  ch: ClickHouse,
  src: OtelSource | null,
  nowNs: bigint = BigInt(Date.now()) * 1_000_000n,
  log: (line: string) => void = () => {},
): Promise<OtelLink | null> {
  if (!src) return null;
  const views = await existingViews(ch);
  const problem = columnProblem(src.table, await sourceColumns(ch, src, ch.database));
  if (problem) throw new Error(problem);
  const kept = await readLink(ch, linkKey(src));
  if (kept && views.length === 2) return kept;
  for (const q of dropViews(ch.database)) await runCommand(ch, { tag: "otel:drop", query: q });
  if (kept) {
    // This source's views were dropped by hand: they count from now again. What they
    // counted before stays; the spans written while they were gone are not counted
    // (backfilling them again would count the views' own spans twice).
    const link = { ...kept, cutoffNs: nowNs, backfilledToNs: nowNs };
    await writeLink(ch, link);
    for (const q of createViews(src, ch.database, nowNs)) {
      await runCommand(ch, { tag: "otel:views", query: q });
    }
    log(`the views on ${src.table} were missing: made again, counting from now`);
    return link;
  }
  // A new source: from now on through the views, before now by backfill.
  const before = await sourceSpan(ch, src, ch.database, nowNs);
  const link: OtelLink = {
    source: linkKey(src),
    cutoffNs: nowNs,
    minNs: before.minNs ?? nowNs,
    backfilledToNs: before.minNs ?? nowNs,
    spansBefore: before.spans,
  };
  await writeLink(ch, link);
  for (const q of createViews(src, ch.database, nowNs)) {
    await runCommand(ch, { tag: "otel:views", query: q });
  }
  return link;
}

/** The windows of a backfill still to do: UTC days, the first and last cut to the range. */
export function backfillWindows(fromNs: bigint, toNs: bigint): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (let at = fromNs; at < toNs;) {
    const next = (at / DAY_NS + 1n) * DAY_NS;
    const end = next < toNs ? next : toNs;
    out.push([at, end]);
    at = end;
  }
  return out;
}

/**
 * Backfills what the link has not yet, one window at a time, recording each; `progress`
 * hears after every window. Spans that start before the link and reach the table after
 * their window was backfilled are not counted (docs/request-data.md).
 */
export async function backfill(
  ch: ClickHouse,
  src: OtelSource,
  link: OtelLink,
  progress: (done: number, total: number, link: OtelLink) => void = () => {},
): Promise<OtelLink> {
  const windows = backfillWindows(link.backfilledToNs, link.cutoffNs);
  const total = backfillWindows(link.minNs, link.cutoffNs).length;
  let current = link;
  for (const [from, to] of windows) {
    for (const q of backfillWindow(src, ch.database, from, to)) {
      await runCommand(ch, { tag: "otel:backfill", query: q });
    }
    current = { ...current, backfilledToNs: to };
    await writeLink(ch, current);
    progress(total - backfillWindows(to, link.cutoffNs).length, total, current);
  }
  return current;
}

/** The key a link is recorded under: the table and the workload mapping. */
export const linkKey = (src: OtelSource) =>
  `${src.table}${src.workloadAttribute ? `#${src.workloadAttribute}` : ""}`;

const STATUS = Symbol.for("sightline.otel-link");
const g = globalThis as unknown as Record<typeof STATUS, OtelLinkStatus | undefined>;

/** The link's state in this process, for the route panel and the health route. */
export function otelLinkStatus(): OtelLinkStatus {
  return g[STATUS] ?? { state: "off" };
}

/** A backfill window may take longer than one query's deadline. */
const BACKFILL_TIMEOUT_MS = 10 * 60_000;

/**
 * At start, after the migrations: the link made (or dropped) before the first query, the
 * backfill then run in the background. Never throws: a table that cannot be read is a
 * state, logged and shown, and everything else works.
 */
export async function startOtelLink(
  ch: ClickHouse,
  src: OtelSource | null,
  log: (line: string) => void = (line) => console.log(line),
): Promise<void> {
  let link: OtelLink | null;
  try {
    link = await linkTraces(ch, src, undefined, (line) =>
      log(`sightline: requests from spans: ${line}`),
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    g[STATUS] = { state: "failed", source: src?.table, message };
    log(`sightline: requests from spans: ${message}`);
    return;
  }
  if (!src || !link) {
    g[STATUS] = { state: "off" };
    return;
  }
  const share = (l: OtelLink) => {
    const all = l.cutoffNs - l.minNs;
    return all > 0n ? Number(((l.backfilledToNs - l.minNs) * 1000n) / all) / 1000 : 1;
  };
  g[STATUS] = { state: "backfilling", source: src.table, progress: share(link) };
  const slow = { ...ch, timeoutMs: Math.max(ch.timeoutMs, BACKFILL_TIMEOUT_MS) };
  void backfill(slow, src, link, (done, total, l) => {
    g[STATUS] = { state: "backfilling", source: src.table, progress: share(l) };
    log(`sightline: requests from spans: backfill ${done}/${total} days of ${src.table}`);
  }).then(
    () => {
      g[STATUS] = { state: "ready", source: src.table, progress: 1 };
    },
    (e: unknown) => {
      const message = `backfill stopped: ${e instanceof Error ? e.message : String(e)}`;
      g[STATUS] = { state: "failed", source: src.table, message };
      log(`sightline: requests from spans: ${message}`);
    },
  );
}
