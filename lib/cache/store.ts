import "server-only";
import { unstable_cache } from "next/cache";
import type { LastGood } from "./stale";

/**
 * Where the loader (lib/cache/loader.ts) keeps what it computed: the seam a store shared
 * between replicas plugs into (docs/caching.md). Keys already carry the cache namespace.
 */
export interface LoaderStore {
  /**
   * The result cached under `key`, or `compute`'s, cached for `revalidateSeconds`. An
   * expired entry may be answered once more while it is recomputed.
   */
  cached<T>(
    key: string[],
    opts: { revalidateSeconds: number; tags: string[] },
    compute: () => Promise<T>,
  ): Promise<T>;
  /** The last good panels of one report identity. */
  lastGood(identity: string): Promise<LastGood | undefined>;
  remember(identity: string, good: LastGood): Promise<void>;
}

/**
 * How many identities keep their last good panels in memory; the least recently used
 * beyond it are forgotten (a custom workload range is an identity of its own).
 */
export const LAST_GOOD_IDENTITIES = 256;

// One map per process, whichever bundle asks, kept across dev reloads.
const KEY = Symbol.for("sightline.last-good");
const lastGood: Map<string, LastGood> = ((globalThis as Record<symbol, Map<string, LastGood>>)[
  KEY
] ??= new Map());

/** `compute` as a function whose source text is the same in every bundle. */
export function sharedCallback<T>(compute: () => Promise<T>): () => Promise<T> {
  return compute.bind(null);
}

/** Next.js's data cache (`unstable_cache`) for results, process memory for last good panels. */
export const nextLoaderStore: LoaderStore = {
  cached(key, { revalidateSeconds, tags }, compute) {
    // unstable_cache keys an entry by the callback's source text as well as `key`, and each
    // bundle (pages, route handlers, instrumentation) minifies `() => compute()` under its
    // own names: a page and an API asked about the same step computed it twice. A bound
    // function's text is the same everywhere, so `key` alone (it names the report, the
    // namespace, the catalog, the identity and the step) decides.
    return unstable_cache(sharedCallback(compute), key, { revalidate: revalidateSeconds, tags })();
  },
  async lastGood(identity) {
    const good = lastGood.get(identity);
    if (good) {
      lastGood.delete(identity); // most recently used last
      lastGood.set(identity, good);
    }
    return good;
  },
  async remember(identity, good) {
    lastGood.delete(identity);
    lastGood.set(identity, good);
    if (lastGood.size > LAST_GOOD_IDENTITIES) lastGood.delete(lastGood.keys().next().value!);
  },
};
