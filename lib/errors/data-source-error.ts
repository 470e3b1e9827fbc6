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
 * What a panel receives: data, or the error that stands in its place. Serialisable. Data
 * with `stale` is the last good data of a panel whose source failed since.
 */
export type PanelResult<T> =
  { ok: true; data: T; stale?: StaleMark } | { ok: false; error: PanelError };

/** Runs a loader and turns a DataSourceError into a panel error; other errors propagate. */
export async function settle<T>(load: () => Promise<T>): Promise<PanelResult<T>> {
  try {
    return { ok: true, data: await load() };
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
