import { NextResponse, type NextRequest } from "next/server";
import { isReportLinkPath, reportLinkProxy } from "./lib/share/proxy";

/**
 * Runs before every page and API route (docs/auth.md). With sign-in on it only turns away,
 * early, requests that carry no session cookie at all (pages to /login, the API with
 * 401): whether a cookie holds a valid session is decided by verifySession in each page
 * and by lib/api/route.ts in each route handler, never here. With sign-in off
 * (AUTH_DISABLED=true) it serves the cached twins of the overview, workload and cost
 * pages (app/open/), which need no session. Report links (/r/{id}) go to lib/share/proxy.ts:
 * a gone one answers 410, the page checks the rest (docs/report-links.md).
 */
export function proxy(req: NextRequest): NextResponse | Promise<NextResponse> {
  if (isReportLinkPath(req.nextUrl.pathname)) return reportLinkProxy(req);
  return sessionProxy(req);
}

/** Every path but report links'. */
export function sessionProxy(req: NextRequest): NextResponse {
  const path = req.nextUrl.pathname;
  if (process.env.AUTH_DISABLED === "true") {
    const twin = openTwin(path);
    if (!twin) return NextResponse.next();
    const url = req.nextUrl.clone();
    url.pathname = twin;
    return NextResponse.rewrite(url);
  }
  if (isPublic(path)) return NextResponse.next();
  const back = `${path}${req.nextUrl.search}`;
  if (!hasSessionCookie(req)) {
    if (path.startsWith("/api/")) {
      return NextResponse.json(
        { error: { message: "sign in first (see /login)" } },
        { status: 401, headers: { "Cache-Control": "no-store" } },
      );
    }
    const login = new URL("/login", req.url);
    login.searchParams.set("callbackUrl", path.startsWith("/open/") ? "/" : back);
    return NextResponse.redirect(login);
  }
  // Where to come back to if the page finds the session invalid (lib/auth/session.ts).
  const headers = new Headers(req.headers);
  headers.set("x-sightline-path", back);
  return NextResponse.next({ request: { headers } });
}

/** Reachable without a session: the sign-in itself, liveness and the API's description. */
const isPublic = (path: string) =>
  path === "/login" ||
  path.startsWith("/api/auth/") ||
  path === "/api/v1/health" ||
  path === "/api/v1/openapi.json";

/** next-auth's session cookie (`__Secure-` over https; `.0`, `.1`… when split). */
const hasSessionCookie = (req: NextRequest) =>
  req.cookies
    .getAll()
    .some((c) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(c.name) && c.value);

/** The ISR twin of a page under app/open/, or null for pages that have none. */
function openTwin(path: string): string | null {
  if (path === "/") return "/open/overview/1h";
  if (/^\/(overview|cost)\/[^/]+$/.test(path) || /^\/workloads\/[^/]+\/[^/]+$/.test(path)) {
    return `/open${path}`;
  }
  return null;
}

export const config = {
  // Not for static files: build output, the README's screenshots, the icon.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|screenshots/).*)"],
};
