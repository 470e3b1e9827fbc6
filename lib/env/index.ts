import "server-only";
import { embedKeysFromEnv, EmbedConfigError, type EmbedKeys } from "./embed-keys";
import { parseAuthEnv, type AuthEnv } from "./auth";
import { ConfigError, parseEnv, type Env } from "./schema";

export { ConfigError, type Env } from "./schema";
export type { AuthEnv } from "./auth";

let cached: Env | undefined;
let cachedAuth: AuthEnv | undefined;

/** The validated server configuration. The only place that reads process.env. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The validated sign-in configuration (docs/auth.md). */
export function getAuthEnv(): AuthEnv {
  cachedAuth ??= parseAuthEnv(process.env);
  return cachedAuth;
}

let cachedEmbed: { keys: EmbedKeys | null } | undefined;

/** The keys of embed tokens (docs/embeds.md), or null when EMBED_KEY is unset (embeds off). */
export function getEmbedKeys(): EmbedKeys | null {
  if (!cachedEmbed) {
    try {
      cachedEmbed = { keys: embedKeysFromEnv(process.env) };
    } catch (e) {
      throw e instanceof EmbedConfigError ? new ConfigError(e.message) : e;
    }
  }
  return cachedEmbed.keys;
}

/** `next build` prerendering (no request, no server configuration to read). */
export const isBuildPhase = () => process.env.NEXT_PHASE === "phase-production-build";

/** A production server (`next start`), as opposed to `next dev`. */
export const isProductionServer = () => process.env.NODE_ENV === "production";
