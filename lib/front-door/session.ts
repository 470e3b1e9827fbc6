/**
 * The scope of a request's session cookie, for the front door (docs/auth.md): decrypted
 * with next-auth's own `decode`, then role and teams from the users file as it was read
 * at start (the same rule as lib/auth/session.ts). Decrypting costs more than serving a
 * cached page, so results are kept per cookie value for a short while, and found again by
 * the whole Cookie header without parsing it.
 */
import { decode } from "next-auth/jwt";
import { userByName, type User } from "../auth/users";
import type { Scope } from "../auth/scope-cap";

const COOKIE = /^next-auth\.session-token(?:\.(\d+))?$/;
const SECURE_COOKIE = /^__Secure-next-auth\.session-token(?:\.(\d+))?$/;
const KEEP_MS = 30_000;
const MAX_KEPT = 2_000;

/**
 * next-auth's session cookie, joined from its `.0`, `.1`… chunks when it was split: the
 * one name next-auth itself reads (`__Secure-` when NEXTAUTH_URL is https), so that a
 * cookie of the other name (planted from a sibling host, say) picks no scope.
 */
export function sessionCookie(header: string | undefined, secure = false): string | null {
  if (!header) return null;
  const name = secure ? SECURE_COOKIE : COOKIE;
  const parts: { i: number; v: string }[] = [];
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const m = name.exec(pair.slice(0, eq).trim());
    if (m) parts.push({ i: m[1] === undefined ? -1 : Number(m[1]), v: pair.slice(eq + 1).trim() });
  }
  if (!parts.length) return null;
  const whole = parts.find((p) => p.i === -1);
  if (whole) return whole.v || null;
  return (
    parts
      .sort((a, b) => a.i - b.i)
      .map((p) => p.v)
      .join("") || null
  );
}

export interface SessionReader {
  /** The cookie's scope, or null when there is none, it does not decrypt, it expired, or
   * its user is not in the users file. */
  scopeOf(cookieHeader: string | undefined): Promise<Scope | null>;
  /** What scopeOf answered for this very header a moment ago; undefined when it must be
   * asked (no await on a cached page's path). */
  known(cookieHeader: string | undefined): Scope | null | undefined;
}

interface Kept {
  scope: Scope | null;
  until: number;
  exp: number;
}

const fresh = (k: Kept | undefined, now: number) => !!k && k.until > now && k.exp > now;

export function createSessionReader(
  secret: string,
  users: () => User[],
  secureCookie = false,
): SessionReader {
  const kept = new Map<string, Kept>();
  const byHeader = new Map<string, Kept>();
  const remember = (map: Map<string, Kept>, key: string, k: Kept) => {
    if (map.size >= MAX_KEPT) map.clear();
    map.set(key, k);
  };
  return {
    known(cookieHeader) {
      if (!cookieHeader) return null;
      const hit = byHeader.get(cookieHeader);
      return fresh(hit, Date.now()) ? hit!.scope : undefined;
    },
    async scopeOf(cookieHeader) {
      const token = sessionCookie(cookieHeader, secureCookie);
      if (!token) return null;
      const now = Date.now();
      const hit = kept.get(token);
      if (fresh(hit, now)) {
        remember(byHeader, cookieHeader!, hit!);
        return hit!.scope;
      }
      let scope: Scope | null = null;
      let exp = now + KEEP_MS;
      try {
        const jwt = await decode({ token, secret });
        const name = typeof jwt?.user === "string" ? jwt.user : undefined;
        const user = name ? userByName(users(), name) : undefined;
        if (user) scope = { role: user.role, teams: user.teams };
        if (typeof jwt?.exp === "number") exp = jwt.exp * 1000;
      } catch {
        scope = null;
      }
      const k = { scope, until: now + KEEP_MS, exp };
      remember(kept, token, k);
      remember(byHeader, cookieHeader!, k);
      return scope;
    },
  };
}
