import "server-only";
import { parseEnv, type Env } from "./schema";

export { ConfigError, type Env } from "./schema";

let cached: Env | undefined;

/** The validated server configuration. The only place that reads process.env. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
