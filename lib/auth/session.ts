/**
 * The one server-side session check (docs/auth.md). Every page calls verifySession and
 * every route handler that answers data goes through lib/api/route.ts, which calls
 * sessionForRoute; the pages cached per scope call scopedViewer.
 */
import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getAuthEnv } from "../env";
import { safeCallbackUrl } from "./callback-url";
import { getAuthOptions } from "./options";
import { hasRole, type Role, type Teams } from "./roles";
import { OPEN_SCOPE, readScopeCap } from "./scope-cap";
import { userByName } from "./users";
import { getUsers } from "./users-file";

export interface VerifiedSession {
  /** The users file's name, or "anonymous" with sign-in off. */
  user: string;
  role: Role;
  teams: Teams;
}

/** With AUTH_DISABLED=true: everyone is an admin of every team. */
const ANONYMOUS: VerifiedSession = { user: "anonymous", role: "admin", teams: "all" };

/** The request header the front door sets to the path asked for (lib/front-door). */
export const PATH_HEADER = "x-sightline-path";

/** Whether sign-in is off (AUTH_DISABLED=true): reads the environment only, never the request. */
export const signInOff = () => !getAuthEnv().enabled;

/**
 * The signed-in user as the users file describes them now (a user taken out of the file
 * loses access when the server restarts, whatever their cookie says), or null.
 */
const currentSession = cache(async (): Promise<VerifiedSession | null> => {
  if (signInOff()) return ANONYMOUS;
  const session = await getServerSession(getAuthOptions());
  const name = session?.user?.name;
  if (!name) return null;
  const user = userByName(getUsers(), name);
  if (!user) return null;
  return { user: user.name, role: user.role, teams: user.teams };
});

/**
 * For pages: the session, or a redirect to /login (back to this page afterwards). A user
 * below `minRole` is sent to /login with an AccessDenied error.
 */
export async function verifySession(minRole: Role = "viewer"): Promise<VerifiedSession> {
  const session = await currentSession();
  if (session && hasRole(session.role, minRole)) return session;
  const back = safeCallbackUrl((await headers()).get(PATH_HEADER));
  const query = new URLSearchParams({ callbackUrl: back });
  if (session) query.set("error", "AccessDenied");
  redirect(`/login?${query}`);
}

/** For route handlers: the session, or why there is none (401: not signed in, 403: role). */
export async function sessionForRoute(
  minRole: Role = "viewer",
): Promise<VerifiedSession | { status: 401 | 403; message: string }> {
  const session = await currentSession();
  if (!session) return { status: 401, message: "sign in first (see /login)" };
  if (!hasRole(session.role, minRole)) {
    return { status: 403, message: `this needs the ${minRole} role` };
  }
  return session;
}

/**
 * For the pages cached per scope under app/s/[scope]/ (docs/auth.md): the viewer their
 * path names. The front door writes a scope signed with AUTH_SECRET from the session
 * cookie; a forged or stale one, or any other than "open" with sign-in off, answers 404,
 * so reaching these routes without the front door shows nothing. Reads no request data,
 * so the page stays cacheable (one render per scope, shared by its viewers).
 */
export function scopedViewer(segment: string): VerifiedSession {
  const scope = decodeURIComponent(segment);
  if (signInOff()) {
    if (scope !== OPEN_SCOPE) notFound();
    return ANONYMOUS;
  }
  const granted = readScopeCap(getAuthEnv().secret ?? "", scope);
  if (!granted) notFound();
  return { user: "scope", ...granted };
}
