// @ts-check
/**
 * Next.js's own file-system cache (pages, route handlers and unstable_cache data), with every
 * key prefixed by the build id and the namespace lib/cache/namespace.ts sets at start: a
 * cached page or figure is only ever answered to the same build, catalog and data sources
 * that produced it (docs/caching.md). Loaded by `next start` through next.config.ts; plain
 * JavaScript because Next.js imports it as it is.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import FileSystemCacheModule from "next/dist/server/lib/incremental-cache/file-system-cache.js";

/** @type {any} */
const mod = FileSystemCacheModule;
const FileSystemCache = mod.default ?? mod;
const NAMESPACE_KEY = Symbol.for("sightline.cache-namespace");
const ROUTE_CACHE = "/route-cache/";

/** @type {Map<string, string>} build id per dist dir, read once */
const buildIds = new Map();

/** @param {string} serverDistDir */
function buildId(serverDistDir) {
  let id = buildIds.get(serverDistDir);
  if (id === undefined) {
    try {
      id = readFileSync(join(serverDistDir, "..", "BUILD_ID"), "utf8").trim();
    } catch {
      id = "dev";
    }
    buildIds.set(serverDistDir, id);
  }
  return id;
}

export default class NamespacedCache extends FileSystemCache {
  /** @param {any} ctx */
  constructor(ctx) {
    super(ctx);
    /** @type {string} */
    this.buildId = buildId(ctx.serverDistDir);
  }

  /** @param {string} key */
  scoped(key) {
    const ns = /** @type {Record<symbol, string | undefined>} */ (globalThis)[NAMESPACE_KEY];
    const prefix = `${this.buildId}-${ns ?? "unset"}`;
    // Page and route entries keep Next's scoped directory, one level deeper.
    return key.startsWith(ROUTE_CACHE)
      ? `${ROUTE_CACHE}${prefix}/${key.slice(ROUTE_CACHE.length)}`
      : `${prefix}-${key}`;
  }

  /** @param {[string, any]} args */
  get(...args) {
    const [key, ctx] = args;
    return super.get(this.scoped(key), ctx);
  }

  /** @param {string} key @param {any} data @param {any} ctx */
  set(key, data, ctx) {
    return super.set(this.scoped(key), data, ctx);
  }
}
