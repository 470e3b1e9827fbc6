import "server-only";
import { getEnv } from "../env";
import { loadCatalogFile, type Catalog } from "./load";

export { CatalogError, type Catalog, type Workload } from "./load";

let cached: Catalog | undefined;

/** The workload catalog named by CATALOG_FILE, read and validated once per process. */
export function getCatalog(): Catalog {
  cached ??= loadCatalogFile(getEnv().CATALOG_FILE);
  return cached;
}
