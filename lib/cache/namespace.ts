import "server-only";
import { createHash } from "node:crypto";
import { getCatalogHash } from "../catalog";
import { getEnv } from "../env";

/** Where lib/cache/handler.mjs reads the namespace: one process, several bundles. */
export const NAMESPACE_KEY = Symbol.for("sightline.cache-namespace");

/**
 * What every cached page and figure depends on besides the build: the catalog's content
 * and which data sources answer (never their secrets). The cache handler prefixes every
 * key with it and with the build id, so a restart with another catalog, another tenant or
 * a new build never serves what the old one rendered, on one replica or many.
 */
export function cacheNamespace(): string {
  const env = getEnv();
  const sources = [
    env.PROMETHEUS_URL,
    JSON.stringify(env.PROMETHEUS_HEADERS),
    env.CLICKHOUSE_URL ?? "",
    env.CLICKHOUSE_DATABASE,
    env.CLICKHOUSE_URL ? "" : env.CLICKHOUSE_DATA_DIR,
  ];
  return createHash("sha256")
    .update(getCatalogHash())
    .update(JSON.stringify(sources))
    .digest("hex")
    .slice(0, 12);
}

/** Called once at start (instrumentation.ts), after the catalog is validated. */
export function setCacheNamespace(): void {
  (globalThis as Record<symbol, string>)[NAMESPACE_KEY] = cacheNamespace();
}
