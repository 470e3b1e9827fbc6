/**
 * Scope capabilities (docs/auth.md, "Cached pages with sign-in"): what a signed-in user
 * may see (role and teams), signed with a key derived from AUTH_SECRET, so that the cached
 * page routes under app/s/[scope]/ can trust the scope in their path without reading the
 * request. The front door (lib/front-door) writes one per request from the session cookie;
 * a forged or stale one answers 404. Pure: node:crypto only, importable outside Next.js.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { isRole, type Role, type Teams } from "./roles";

export interface Scope {
  role: Role;
  teams: Teams;
}

/** The scope segment with sign-in off: everyone sees everything. */
export const OPEN_SCOPE = "open";

/** A capability is valid for the UTC day it was written and the next (docs/auth.md). */
const DAY_MS = 86_400_000;

const keyOf = (secret: string) =>
  createHmac("sha256", secret).update("sightline scope capability v1").digest();

const sign = (key: Buffer, body: string) =>
  createHmac("sha256", key).update(body).digest("base64url").slice(0, 32);

/** Same scope, same string: teams sorted, so two viewers of one team share one page. */
export function writeScopeCap(secret: string, scope: Scope, now = Date.now()): string {
  const teams = scope.teams === "all" ? "all" : [...new Set(scope.teams)].sort();
  const day = Math.floor(now / DAY_MS);
  const body = Buffer.from(JSON.stringify({ r: scope.role, t: teams, d: day })).toString(
    "base64url",
  );
  return `${body}.${sign(keyOf(secret), body)}`;
}

/** The scope a capability grants, or null when it is forged, malformed or stale. */
export function readScopeCap(secret: string, cap: string, now = Date.now()): Scope | null {
  const m = /^([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{32})$/.exec(cap);
  if (!m?.[1] || !m[2]) return null;
  const body = m[1];
  const sig = m[2];
  const want = Buffer.from(sign(keyOf(secret), body));
  if (!timingSafeEqual(want, Buffer.from(sig))) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const { r, t, d } = (parsed ?? {}) as { r?: unknown; t?: unknown; d?: unknown };
  const today = Math.floor(now / DAY_MS);
  if (typeof d !== "number" || d > today || d < today - 1) return null;
  if (!isRole(r)) return null;
  if (t === "all") return { role: r, teams: "all" };
  if (!Array.isArray(t) || !t.every((x) => typeof x === "string")) return null;
  return { role: r, teams: t };
}
