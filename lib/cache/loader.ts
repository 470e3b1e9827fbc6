import "server-only";
import { getEnv } from "../env";
import { getResolvedCatalog } from "../prometheus/resolved-catalog";
import { cacheNamespace } from "./namespace";
import { rememberGood, withLastGood, type Report } from "./stale";
import { nextLoaderStore, type LoaderStore } from "./store";

/** The cached loader of one report type (docs/caching.md). */
export interface ReportLoader<T extends Report> {
  /**
   * The report of `identity` (what it is about, e.g. a range) at evaluation step `step`
   * (ms): cached per step, one computation shared by concurrent requests, failed panels
   * replaced by their last good data marked stale.
   */
  load(identity: readonly (string | number)[], step: number, compute: () => Promise<T>): Promise<T>;
  /**
   * Nothing usable (every main panel failed, and none has last good data): a page throws,
   * so Next.js keeps serving its last good render; an API answers 503.
   */
  failed(report: T): boolean;
}

export interface ReportLoaderDefinition<T extends Report> {
  /** Names the report in cache keys and tags ("overview"). */
  name: string;
  /** Tags beyond the name, e.g. the workload's. */
  tags?: (identity: readonly string[]) => string[];
  failed: (report: T) => boolean;
}

// One map per process, whichever bundle (pages, route handlers) asks.
const KEY = Symbol.for("sightline.loader.in-flight");
const inFlight: Map<string, Promise<unknown>> = ((
  globalThis as Record<symbol, Map<string, Promise<unknown>>>
)[KEY] ??= new Map());

/**
 * Defines the loader of one report type. Every cached figure goes through one: pages and
 * APIs asked about the same step answer the same result, and a failing source is answered
 * with the last good data of each panel it had, marked stale, rather than an error.
 */
export function cachedPerStep<T extends Report>(
  def: ReportLoaderDefinition<T>,
  store: LoaderStore = nextLoaderStore,
): ReportLoader<T> {
  async function run(identity: string[], step: number, compute: () => Promise<T>): Promise<T> {
    const { fingerprint } = await getResolvedCatalog();
    // Last good data is kept per namespace, not per fingerprint: the metric names in use
    // change when Prometheus cannot be asked, which is when the last good data is needed.
    const goodKey = JSON.stringify([cacheNamespace(), def.name, ...identity]);
    const key = [def.name, cacheNamespace(), fingerprint, JSON.stringify(identity), String(step)];
    const tags = [def.name, ...(def.tags?.(identity) ?? [])];
    const report = await store.cached(
      key,
      { revalidateSeconds: getEnv().REVALIDATE_SECONDS, tags },
      async () => {
        const fresh = await compute();
        const last = await store.lastGood(goodKey);
        // What is cached for this step is the merged report: the page cache's next
        // revalidation finds the stale data too, not an error.
        const merged = withLastGood(fresh, last);
        await store.remember(goodKey, rememberGood(last, merged));
        return merged;
      },
    );
    // A result another start or replica cached counts as last good data as well.
    const last = await store.lastGood(goodKey);
    if (!last || Date.parse(report.evaluatedAt) > Date.parse(last.evaluatedAt)) {
      await store.remember(goodKey, rememberGood(last, report));
    }
    return report;
  }

  return {
    load(identity, step, compute) {
      const id = identity.map(String);
      // Keyed without the fingerprint so that the check is synchronous: a request that
      // arrives while the step is computed waits for that computation.
      const flight = JSON.stringify([def.name, ...id, step]);
      const pending = inFlight.get(flight);
      if (pending) return pending as Promise<T>;
      const p = run(id, step, compute).finally(() => inFlight.delete(flight));
      inFlight.set(flight, p);
      return p;
    },
    failed: def.failed,
  };
}
