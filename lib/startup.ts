import "server-only";
import { getCatalog, CatalogError } from "./catalog";
import { UsersFileError } from "./auth/users";
import { getUsers } from "./auth/users-file";
import { ConfigError, getAuthEnv, getEmbedKeys, getEnv, isProductionServer } from "./env";

// On globalThis: instrumentation.ts and the route handlers may be separate module instances.
const VALIDATED = Symbol.for("sightline.startup-validated");
const g = globalThis as unknown as Record<typeof VALIDATED, boolean | undefined>;

/**
 * Validates configuration, the catalog and the users file (sign-in) when the server starts. A bad value stops
 * start-up with one line naming the variable or the catalog key; never a stack trace.
 */
export function validateStartup(): void {
  try {
    getEnv();
    getAuthEnv();
    getEmbedKeys();
    getCatalog();
    getUsers();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof CatalogError || e instanceof UsersFileError) {
      console.error(`sightline: cannot start: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  g[VALIDATED] = true;
}

/**
 * With sign-in on, a production server must run behind its front door (`npm start`, or
 * the standalone tree's start.mjs: docs/security.md, docs/deploying.md): bare `next start`
 * or `node server.js` would serve no security header, no nonce and no page cached per
 * scope. `next dev` is let through. Called by the server (instrumentation) only: the check
 * before it starts (scripts/check-startup.ts) runs in a process of its own.
 */
export function requireFrontDoor(): void {
  if (!getAuthEnv().enabled || !isProductionServer()) return;
  if ((globalThis as Record<symbol, unknown>)[Symbol.for("sightline.front-door")] === true) return;
  console.error(
    "sightline: cannot start: sign-in is on: start with `npm start` (standalone: `node start.mjs`), whose front door writes the security headers (bare `next start` or `node server.js` would serve none)",
  );
  process.exit(1);
}

/** Whether validateStartup has passed in this process (health answers OK only then). */
export function startupValidated(): boolean {
  return g[VALIDATED] === true;
}
