/**
 * The keys that sign and verify embed tokens, from the environment (docs/embeds.md). Pure:
 * plain Node imports it (scripts/start.mjs) as well as the server.
 */
import { createHash } from "node:crypto";

export interface EmbedKey {
  /** The `kid` header that selects it. */
  id: string;
  secret: Uint8Array;
}

export interface EmbedKeys {
  /** Signs new tokens and verifies. */
  current: EmbedKey;
  /** Verifies only: tokens signed before the last rotation. */
  previous?: EmbedKey;
}

/** A bad embed variable: one line naming it, never its value. */
export class EmbedConfigError extends Error {
  override name = "EmbedConfigError";
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const MIN_KEY_BYTES = 32;

function readKey(
  env: Record<string, string | undefined>,
  keyVar: string,
  idVar: string,
): EmbedKey | undefined {
  const raw = env[keyVar] || undefined;
  const id = env[idVar] || undefined;
  if (raw === undefined) {
    if (id !== undefined)
      throw new EmbedConfigError(`environment: ${idVar}: set without ${keyVar}`);
    return undefined;
  }
  const fail = (message: string) => new EmbedConfigError(`environment: ${keyVar}: ${message}`);
  if (!BASE64URL.test(raw)) {
    throw fail(
      "expected base64url without padding (A-Z a-z 0-9 - _), e.g. `openssl rand -base64 32 | tr '+/' '-_' | tr -d =`",
    );
  }
  const secret = new Uint8Array(Buffer.from(raw, "base64url"));
  if (secret.length < MIN_KEY_BYTES) {
    throw fail(`expected at least ${MIN_KEY_BYTES} bytes of key (got ${secret.length})`);
  }
  if (id !== undefined && !KEY_ID.test(id)) {
    throw new EmbedConfigError(
      `environment: ${idVar}: expected 1 to 64 of A-Z a-z 0-9 . _ - (got "${id}")`,
    );
  }
  // Without an id: one derived from the key, which names it without revealing it.
  const derived = createHash("sha256").update(secret).digest("base64url").slice(0, 12);
  return { id: id ?? `k-${derived}`, secret };
}

/** Every variable of embeds' keys (tests/unit/deploy-manifests.test.ts). */
export const EMBED_VARIABLES = [
  "EMBED_KEY",
  "EMBED_KEY_ID",
  "EMBED_KEY_PREVIOUS",
  "EMBED_KEY_PREVIOUS_ID",
] as const;

/**
 * EMBED_KEY (base64url, at least 32 bytes) and EMBED_KEY_ID sign and verify;
 * EMBED_KEY_PREVIOUS and EMBED_KEY_PREVIOUS_ID only verify. Null when EMBED_KEY is unset:
 * embeds are off. Throws an EmbedConfigError naming the variable on a bad value.
 */
export function embedKeysFromEnv(env: Record<string, string | undefined>): EmbedKeys | null {
  const current = readKey(env, "EMBED_KEY", "EMBED_KEY_ID");
  const previous = readKey(env, "EMBED_KEY_PREVIOUS", "EMBED_KEY_PREVIOUS_ID");
  if (!current) {
    if (previous)
      throw new EmbedConfigError("environment: EMBED_KEY_PREVIOUS: set without EMBED_KEY");
    return null;
  }
  if (previous) {
    if (Buffer.from(previous.secret).equals(Buffer.from(current.secret))) {
      throw new EmbedConfigError(
        "environment: EMBED_KEY_PREVIOUS: expected another key than EMBED_KEY",
      );
    }
    if (previous.id === current.id) {
      throw new EmbedConfigError(
        "environment: EMBED_KEY_PREVIOUS_ID: expected another id than EMBED_KEY_ID's",
      );
    }
  }
  return previous ? { current, previous } : { current };
}
