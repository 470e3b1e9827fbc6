/**
 * A cache of whole responses the app marks `Cache-Control: public, max-age=N` (embeds:
 * docs/embeds.md, "Caching"), kept by the front door for N seconds and served without
 * Next.js, as a reverse proxy's cache would. Pure: a bounded map with expiry.
 * Embeds answer no one in particular (no cookie, no session): the same bytes for whoever
 * asks for the same URL, which is what `public` says.
 */
export interface CachedResponse {
  status: number;
  headers: [string, string | string[]][];
  body: Buffer;
}

export interface ResponseCache {
  get(key: string, now?: number): { response: CachedResponse; secondsLeft: number } | undefined;
  /** Keeps a response for `maxAgeSeconds`; too large, or zero seconds, is not kept. */
  put(key: string, response: CachedResponse, maxAgeSeconds: number, now?: number): void;
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

export function createResponseCache(): ResponseCache {
  const entries = new Map<string, { response: CachedResponse; until: number }>();
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
      if (maxAgeSeconds <= 0 || response.body.length > MAX_BODY_BYTES) return;
      if (entries.size >= MAX_ENTRIES) {
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
