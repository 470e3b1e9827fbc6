import "server-only";
import { parseAuthEnv, type AuthEnv } from "./auth";
import { parseEnv, type Env } from "./schema";

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
