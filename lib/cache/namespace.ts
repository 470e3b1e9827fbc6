import "server-only";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getCatalogHash } from "../catalog";
import { getAuthEnv, getEnv } from "../env";
import { claimRuntimeCache } from "./runtime-cache";

/** `next start`'s dist directory (next.config.ts sets no other). */
const DIST_DIR = join(/* turbopackIgnore: true */ process.cwd(), ".next");

let cached: string | undefined;

/**
 * What every cached page and figure depends on besides the request: the build, the
 * catalog's content, which data sources answer (never their secrets in clear), whether
 * sign-in is on and the front door's nonce placeholder.
 * docs/caching.md.
 */
export function cacheNamespace(): string {
  if (cached) return cached;
  const env = getEnv();
  let buildId = "";
  try {
    buildId = readFileSync(join(/* turbopackIgnore: true */ DIST_DIR, "BUILD_ID"), "utf8").trim();
  } catch {
    // `next dev`: no build id, and nothing persists across restarts anyway
  }
  const sources = [
    env.PROMETHEUS_URL,
    JSON.stringify(env.PROMETHEUS_HEADERS),
    env.CLICKHOUSE_URL ?? "",
    env.CLICKHOUSE_DATABASE,
    env.CLICKHOUSE_URL ? "" : env.CLICKHOUSE_DATA_DIR,
  ];
  // Pages carry the front door's nonce placeholder (lib/front-door/from-env.ts): a page
  // cached under another one would keep scripts the browser refuses. Hashed, never kept.
  let placeholder = "";
  try {
    placeholder = readFileSync(
      join(/* turbopackIgnore: true */ DIST_DIR, "cache", "sightline-csp-placeholder"),
      "utf8",
    ).trim();
  } catch {
    // no front door (bare `next start`): pages carry no nonce
  }
  const parts = [
    buildId,
    getCatalogHash(),
    sources,
    ...(getAuthEnv().enabled ? ["sign-in"] : []),
    placeholder,
  ];
  cached = createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
  return cached;
}

/**
 * At start (instrumentation.ts), after the catalog is validated: pages and figures that
 * an earlier start cached under another build, catalog or data sources are dropped, so
 * the first request is rendered anew. Data entries carry the namespace in their keys too
 * (lib/prometheus/resolved-catalog.ts), so a shared data store stays right as well.
 */
export function claimCacheNamespace(): void {
  claimRuntimeCache(DIST_DIR, cacheNamespace());
}
