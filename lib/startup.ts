import "server-only";
import { getCatalog, CatalogError } from "./catalog";
import { ConfigError, getEnv } from "./env";

/**
 * Validates configuration and the catalog when the server starts. A bad value stops
 * start-up with one line naming the variable or the catalog key; never a stack trace.
 */
export function validateStartup(): void {
  try {
    getEnv();
    getCatalog();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof CatalogError) {
      console.error(`sightline: cannot start: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}
