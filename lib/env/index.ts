import "server-only";
import { parseEnv, type Env } from "./schema";

export { ConfigError, type Env } from "./schema";

let cached: Env | undefined;

/** The validated server configuration. The only place that reads process.env. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** True while `next build` runs: data sources must not be opened then. */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}
