/**
 * What `next start` caches at run time under its dist directory: ISR pages and route
 * handler responses (server/route-cache) and unstable_cache data (cache/fetch-cache).
 * Pure file-system helpers, shared by the server's start (lib/cache/namespace.ts) and the
 * demo and test tooling.
 */
import "server-only";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const RUNTIME_CACHE_DIRS = ["server/route-cache", "cache/fetch-cache"] as const;

/** Drops every page and figure `next start` cached in `distDir`. */
export function clearRuntimeCache(distDir = ".next"): void {
  for (const sub of RUNTIME_CACHE_DIRS) {
    rmSync(join(/* turbopackIgnore: true */ distDir, sub), { recursive: true, force: true });
  }
}

/**
 * Makes `namespace` the owner of `distDir`'s runtime cache: when the cache was written
 * under another namespace (or none is recorded), it is dropped first. True when dropped.
 */
export function claimRuntimeCache(distDir: string, namespace: string): boolean {
  const stamp = join(/* turbopackIgnore: true */ distDir, "cache", "sightline-namespace");
  let owner: string | null = null;
  try {
    owner = readFileSync(stamp, "utf8").trim();
  } catch {
    // no stamp: a cache of unknown origin, dropped below
  }
  if (owner === namespace) return false;
  clearRuntimeCache(distDir);
  mkdirSync(join(/* turbopackIgnore: true */ distDir, "cache"), { recursive: true });
  writeFileSync(stamp, `${namespace}\n`);
  return true;
}
