import { AsyncLocalStorage } from "node:async_hooks";

/** The data sources Sightline reads; named in every error a panel shows. */
export type SourceName = "Prometheus" | "ClickHouse";

/**
 * A failed query: carries the source, the query's tag and the cause so the panel that
 * asked can say what failed. Never turned into empty data.
 */
export class DataSourceError extends Error {
  override name = "DataSourceError";
  constructor(
    readonly source: SourceName,
    readonly tag: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${source} (${tag}): ${message}`, options);
  }
}

/** Why a panel has no fresh data: the source, the query's tag and the cause. */
export interface PanelError {
  source: SourceName;
  tag: string;
  message: string;
}

/**
 * Set on a panel that shows its last good data because its latest refresh failed
 * (lib/cache/stale.ts, docs/caching.md): when that data was evaluated, and why it is stale.
 */
export interface StaleMark {
  /** When the data was evaluated (ISO 8601); kept across several failed refreshes. */
  asOf: string;
  error: PanelError;
}

/**
 * A warning a data source attached to an answer the panel was computed from: Prometheus's
 * `warnings` field, which Thanos uses for partial responses and Mimir for limits it applied.
 */
export interface PanelWarning {
  source: SourceName;
  tag: string;
  message: string;
}

/**
 * What a panel receives: data, or the error that stands in its place. Serialisable. Data
 * with `stale` is the last good data of a panel whose source failed since; data with
 * `warnings` was computed from answers the source said may be incomplete.
 */
export type PanelResult<T> =
  | { ok: true; data: T; stale?: StaleMark; warnings?: PanelWarning[] }
  | { ok: false; error: PanelError };

/** The warnings of the panel being settled, in the async context of its loader. */
const panelWarnings = new AsyncLocalStorage<PanelWarning[]>();

/** Called by a client when an answer carries warnings: they go to the panel being settled. */
export function reportWarnings(source: SourceName, tag: string, messages: string[]): void {
  panelWarnings.getStore()?.push(...messages.map((message) => ({ source, tag, message })));
}

/**
 * Runs `load` with warnings collected apart, for an answer several panels share: each
 * panel that reads it passes them on with `passWarnings`.
 */
export async function collectWarnings<T>(
  load: () => Promise<T>,
): Promise<{ value: T; warnings: PanelWarning[] }> {
  const warnings: PanelWarning[] = [];
  const value = await panelWarnings.run(warnings, load);
  return { value, warnings };
}

/** Adds warnings collected apart to the panel being settled. */
export function passWarnings(warnings: PanelWarning[]): void {
  panelWarnings.getStore()?.push(...warnings);
}

/** At most a few distinct warnings, each said once. */
function distinct(warnings: PanelWarning[]): PanelWarning[] {
  const seen = new Set<string>();
  return warnings
    .filter((w) => !seen.has(w.message) && (seen.add(w.message), true))
    .slice(0, 5)
    .map((w) => ({ ...w, message: w.message.slice(0, 500) }));
}

/**
 * Runs a loader and turns a DataSourceError into a panel error; other errors propagate.
 * Warnings attached to any answer the loader read are kept on the result; with
 * `refuseWarnings` (SLO math, docs/numbers.md) such a result becomes an error instead, so
 * figures from a possibly incomplete answer are never shown as if they were whole.
 */
export async function settle<T>(
  load: () => Promise<T>,
  opts: { refuseWarnings?: boolean } = {},
): Promise<PanelResult<T>> {
  const warnings: PanelWarning[] = [];
  try {
    const data = await panelWarnings.run(warnings, load);
    if (warnings.length === 0) return { ok: true, data };
    const kept = distinct(warnings);
    if (!opts.refuseWarnings) return { ok: true, data, warnings: kept };
    const { source, tag } = kept[0]!;
    const said = kept.map((w) => w.message).join("; ");
    return {
      ok: false,
      error: { source, tag, message: `${source} (${tag}): answer may be incomplete: ${said}` },
    };
  } catch (e) {
    if (e instanceof DataSourceError) {
      return { ok: false, error: { source: e.source, tag: e.tag, message: e.message } };
    }
    throw e;
  }
}

/** A short, secret-free description of an unknown thrown value. */
export function describeCause(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === "string" && !e.message.includes(code)
      ? `${e.message} (${code})`
      : e.message;
  }
  return String(e);
}
