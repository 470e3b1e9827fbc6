import "server-only";
import { getEnv } from "../env";
import { recordCacheLookup } from "../metrics";
import { getResolvedCatalog } from "../prometheus/resolved-catalog";
import { cacheNamespace } from "./namespace";
import { isDegraded, rememberGood, withLastGood, type Report } from "./stale";
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
  /**
   * How long a step's report is kept, when longer than REVALIDATE_SECONDS: for a report
   * whose steps are longer than 15 s (right-sizing is evaluated every 5 minutes), so that
   * one step is computed once rather than again every REVALIDATE_SECONDS.
   */
  revalidateSeconds?: number;
  /**
   * For a report whose computation is slow by nature (right-sizing reads 14 days of every
   * container): how long a request at a new step waits before it is answered with the
   * identity's previous report, healthy or not, while the computation goes on and is cached
   * for the step. The previous report keeps its own evaluation time.
   */
  previousAfterMs?: number;
  /** Tests only: STALE_ANSWER_MS. */
  staleAnswerMs?: number;
}

/**
 * While a source is failing, how long a request waits for the new step's computation
 * before it is answered with the identity's previous report (its panels already marked
 * stale): a frozen source costs its whole deadline per step otherwise, exactly when
 * people look. The computation goes on and is cached for the step.
 */
export const STALE_ANSWER_MS = 1000;
/** Only a previous report this recent is answered in place of the new step's. */
export const STALE_ANSWER_MAX_AGE_MS = 10 * 60_000;

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
    // A miss is a lookup whose computation ran here (docs/own-metrics.md).
    let computed = false;
    const report = await store.cached(
      key,
      {
        revalidateSeconds: Math.max(def.revalidateSeconds ?? 0, getEnv().REVALIDATE_SECONDS),
        tags,
      },
      async () => {
        computed = true;
        const fresh = await compute();
        const last = await store.lastGood(goodKey);
        // What is cached for this step is the merged report: the page cache's next
        // revalidation finds the stale data too, not an error.
        const merged = withLastGood(fresh, last);
        await store.remember(goodKey, rememberGood(last, merged));
        return merged;
      },
    );
    recordCacheLookup(def.name, !computed);
    // A result another start or replica cached counts as last good data as well.
    const last = await store.lastGood(goodKey);
    if (!last || Date.parse(report.evaluatedAt) > Date.parse(last.evaluatedAt)) {
      await store.remember(goodKey, rememberGood(last, report));
    }
    return report;
  }

  /** The newest report answered per identity, and whether a source failed in it. */
  const previous = new Map<string, { report: T; degraded: boolean }>();

  return {
    load(identity, step, compute) {
      const id = identity.map(String);
      const idKey = JSON.stringify(id);
      // Keyed without the fingerprint so that the check is synchronous: a request that
      // arrives while the step is computed waits for that computation.
      const flight = JSON.stringify([def.name, ...id, step]);
      let p = inFlight.get(flight) as Promise<T> | undefined;
      if (!p) {
        p = run(id, step, compute)
          .then((report) => {
            const had = previous.get(idKey);
            if (!had || Date.parse(report.evaluatedAt) >= Date.parse(had.report.evaluatedAt)) {
              previous.set(idKey, { report, degraded: isDegraded(report) });
            }
            return report;
          })
          .finally(() => inFlight.delete(flight));
        inFlight.set(flight, p);
      }
      const prev = previous.get(idKey);
      const prevAt = prev ? Date.parse(prev.report.evaluatedAt) : NaN;
      const recent = prevAt <= step && step - prevAt <= STALE_ANSWER_MAX_AGE_MS;
      const waitMs = !prev
        ? undefined
        : prev.degraded
          ? (def.staleAnswerMs ?? STALE_ANSWER_MS)
          : def.previousAfterMs;
      if (!prev || !recent || waitMs === undefined) return p;
      const answer = prev.report;
      return Promise.race([
        p,
        new Promise<T>((resolve) => setTimeout(() => resolve(answer), waitMs).unref()),
      ]);
    },
    failed: def.failed,
  };
}
