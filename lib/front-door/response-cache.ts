/**
 * A cache of whole responses kept by the front door and served without Next.js, as a
 * reverse proxy's cache would. Pure: a bounded map with expiry. Two are kept:
 * - responses the app marks `Cache-Control: public, max-age=N` (embeds: docs/embeds.md,
 *   "Caching"), for N seconds. Embeds answer no one in particular (no cookie, no session):
 *   the same bytes for whoever asks for the same URL, which is what `public` says;
 * - pages Next.js served from its cache per scope, for a second, by the scope
 *   (docs/caching.md, "The front door's page cache").
 */
export interface CachedResponse<Body extends Buffer | string = Buffer> {
  status: number;
  headers: [string, string | string[]][];
  body: Body;
  /** Request headers the response varies on that a request served from here must lack. */
  lacking?: string[];
}

export interface ResponseCache<Body extends Buffer | string = Buffer> {
  get(
    key: string,
    now?: number,
  ): { response: CachedResponse<Body>; secondsLeft: number } | undefined;
  /** Keeps a response for `maxAgeSeconds`; too large, or zero seconds, is not kept. */
  put(key: string, response: CachedResponse<Body>, maxAgeSeconds: number, now?: number): void;
  clear(): void;
  size(): number;
  /** Goes up at each clear: a response read before one is not kept after it. */
  generation(): number;
}

export const MAX_ENTRIES = 2_000;
export const MAX_BODY_BYTES = 64 * 1024;

/** The max-age of a response a shared cache may keep, or null (private, no-store, none). */
export function publicMaxAge(cacheControl: string | undefined): number | null {
  if (!cacheControl) return null;
  const d = cacheControl
    .toLowerCase()
    .split(",")
    .map((s) => s.trim());
  if (!d.includes("public") || d.some((x) => x === "no-store" || x === "private")) return null;
  const age = d.map((x) => /^(?:s-maxage|max-age)=(\d+)$/.exec(x)?.[1]).find(Boolean);
  return age === undefined ? null : Number(age);
}

/** Cached pages (docs/caching.md, "The front door's page cache"): fewer, and larger, than embeds. */
export const PAGE_LIMITS = { maxEntries: 200, maxBodyBytes: 256 * 1024 };

export function createResponseCache<Body extends Buffer | string = Buffer>({
  maxEntries = MAX_ENTRIES,
  maxBodyBytes = MAX_BODY_BYTES,
} = {}): ResponseCache<Body> {
  const entries = new Map<string, { response: CachedResponse<Body>; until: number }>();
  let cleared = 0;
  return {
    get(key, now = Date.now()) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.until <= now) {
        entries.delete(key);
        return undefined;
      }
      return {
        response: hit.response,
        secondsLeft: Math.max(0, Math.floor((hit.until - now) / 1000)),
      };
    },
    put(key, response, maxAgeSeconds, now = Date.now()) {
      if (maxAgeSeconds <= 0 || Buffer.byteLength(response.body) > maxBodyBytes) return;
      if (entries.size >= maxEntries) {
        // The oldest entry goes first (a Map keeps insertion order).
        const first = entries.keys().next().value;
        if (first !== undefined) entries.delete(first);
      }
      entries.set(key, { response, until: now + maxAgeSeconds * 1000 });
    },
    clear: () => {
      cleared += 1;
      entries.clear();
    },
    size: () => entries.size,
    generation: () => cleared,
  };
}

/**
 * Where the app finds the front door's cache to drop it (a revoked embed must stop being
 * served at once): one per process, on globalThis, as the front door and the app's bundles
 * are separate module instances.
 */
export const RESPONSE_CACHE_KEY = Symbol.for("sightline.front-door.response-cache");

/** Drops every cached response, if a front door runs in this process. */
export function dropCachedResponses(): void {
  (globalThis as Record<symbol, ResponseCache | undefined>)[RESPONSE_CACHE_KEY]?.clear();
}
