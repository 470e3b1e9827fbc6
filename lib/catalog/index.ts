import "server-only";
import { createHash } from "node:crypto";
import { getEnv } from "../env";
import { readCatalogFile } from "./file";
import type { Catalog } from "./load";

export { CatalogError, type Catalog, type Workload } from "./load";

let cached: { catalog: Catalog; hash: string } | undefined;

function load(): { catalog: Catalog; hash: string } {
  if (cached) return cached;
  const { catalog, text } = readCatalogFile(getEnv().CATALOG_FILE);
  cached = { catalog, hash: createHash("sha256").update(text).digest("hex").slice(0, 16) };
  return cached;
}

/** The workload catalog named by CATALOG_FILE, read and validated once per process. */
export function getCatalog(): Catalog {
  return load().catalog;
}

/** A hash of the catalog file's content: part of every cache key (docs/caching.md). */
export function getCatalogHash(): string {
  return load().hash;
}
