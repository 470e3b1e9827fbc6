/**
 * Embed tokens (docs/embeds.md): JWTs signed with HS256 by jose, the algorithm pinned, with
 * `aud`, `iss`, `iat`, `exp` and `jti` required and a `kid` header naming the key. Pure:
 * jose, node built-ins and pure local modules only, so that plain Node (the front door in
 * scripts/start.mjs) verifies a token exactly as the pages do.
 */
import { errors, jwtVerify, SignJWT, decodeProtectedHeader } from "jose";
import { randomBytes } from "node:crypto";
import {
  EMBED_AUDIENCE,
  EMBED_ISSUER,
  MAX_TTL_SECONDS,
  parseSubject,
  type EmbedClaims,
  type EmbedSubject,
} from "./claims";
import type { EmbedKey, EmbedKeys } from "../env/embed-keys";

export {
  embedKeysFromEnv,
  EmbedConfigError,
  type EmbedKey,
  type EmbedKeys,
} from "../env/embed-keys";
export type { EmbedClaims, EmbedSubject, PanelKind, Theme } from "./claims";

export const ALGORITHM = "HS256";
/** Longer than any token this server signs; anything longer is refused before parsing. */
export const MAX_TOKEN_LENGTH = 4096;
/** Clock skew allowed between replicas for `iat`. */
const SKEW_SECONDS = 60;

export type VerifyResult = { ok: true; claims: EmbedClaims } | { ok: false; reason: string };

/** A 128-bit random token id. */
export const newJti = () => randomBytes(16).toString("base64url");

/** Signs a token for `subject`, valid `ttlSeconds` from `now` (ms), with the current key. */
export async function signEmbedToken(
  subject: EmbedSubject,
  keys: EmbedKeys,
  opts: { ttlSeconds: number; now?: number; jti?: string },
): Promise<{ token: string; claims: EmbedClaims }> {
  const checked = parseSubject({ ...subject });
  if (typeof checked === "string") throw new Error(`embed token: ${checked}`);
  if (!(opts.ttlSeconds > 0 && opts.ttlSeconds <= MAX_TTL_SECONDS)) {
    throw new Error(`embed token: expiry must be within ${MAX_TTL_SECONDS} s`);
  }
  const iat = Math.floor((opts.now ?? Date.now()) / 1000);
  const exp = iat + Math.floor(opts.ttlSeconds);
  const jti = opts.jti ?? newJti();
  const token = await new SignJWT({ ...checked })
    .setProtectedHeader({ alg: ALGORITHM, kid: keys.current.id, typ: "JWT" })
    .setIssuer(EMBED_ISSUER)
    .setAudience(EMBED_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(keys.current.secret);
  return { token, claims: { ...checked, jti, iat, exp } };
}

function keyFor(keys: EmbedKeys, kid: unknown): EmbedKey | undefined {
  if (typeof kid !== "string") return undefined;
  return [keys.current, keys.previous].find((k) => k?.id === kid);
}

/**
 * Verifies a token at `now` (ms): its key by `kid` (current or previous), HS256 only, the
 * audience, issuer, `iat`, `exp` and `jti`, and what it shows. Never throws; the reason is
 * for logs and tests, never shown with the token.
 */
export async function verifyEmbedToken(
  token: string,
  keys: EmbedKeys,
  now: number = Date.now(),
): Promise<VerifyResult> {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) {
    return { ok: false, reason: "malformed" };
  }
  let kid: unknown;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== ALGORITHM) return { ok: false, reason: "algorithm" };
    kid = header.kid;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const key = keyFor(keys, kid);
  if (!key) return { ok: false, reason: "unknown key" };
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key.secret, {
      algorithms: [ALGORITHM],
      audience: EMBED_AUDIENCE,
      issuer: EMBED_ISSUER,
      requiredClaims: ["iss", "aud", "iat", "exp", "jti"],
      currentDate: new Date(now),
      typ: "JWT",
    }));
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    if (e instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, reason: "signature" };
    if (e instanceof errors.JWTClaimValidationFailed) {
      return { ok: false, reason: `claim ${e.claim}` };
    }
    return { ok: false, reason: "malformed" };
  }
  const { iat, exp, jti, aud } = payload;
  if (aud !== EMBED_AUDIENCE) return { ok: false, reason: "claim aud" };
  if (typeof iat !== "number" || typeof exp !== "number" || typeof jti !== "string") {
    return { ok: false, reason: "claims" };
  }
  const nowS = now / 1000;
  if (iat > nowS + SKEW_SECONDS) return { ok: false, reason: "issued in the future" };
  if (exp - iat > MAX_TTL_SECONDS) return { ok: false, reason: "lifetime too long" };
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(jti)) return { ok: false, reason: "claim jti" };
  const subject = parseSubject(payload);
  if (typeof subject === "string") return { ok: false, reason: `claims: ${subject}` };
  return { ok: true, claims: { ...subject, jti, iat, exp } };
}

/** The `Content-Security-Policy` directive for a verified token: its origins, or 'none'. */
export function frameAncestors(claims: Pick<EmbedClaims, "origins">): string {
  return `frame-ancestors ${claims.origins.length > 0 ? claims.origins.join(" ") : "'none'"}`;
}
