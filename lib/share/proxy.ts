/**
 * The report links' part of proxy.ts (docs/report-links.md): an App Router page cannot
 * answer 410, so a request for an expired or revoked /r/{id} is rewritten to
 * app/r/[id]/gone (a route handler that answers 410 after looking the id up again). The
 * page itself shows a gone link's data to nobody either, so skipping the proxy (a forged
 * x-middleware-subrequest) shows nothing. /r/ paths need no session cookie here: the page
 * checks the link's audience and the session itself.
 */
import { NextResponse, type NextRequest } from "next/server";
import { reportLinkState } from "./state";
import { isReportId } from "./types";

const REPORT_PATH = /^\/r\/([^/]+)\/?$/;

/** Whether proxy.ts should hand `path` to reportLinkProxy (and not ask for a session cookie). */
export const isReportLinkPath = (path: string) => path.startsWith("/r/");

/**
 * The answer for a report link's path: a rewrite to the 410 handler for a gone link, on
 * for anything else (an unknown id is the page's 404). A ClickHouse failure goes on to
 * the page, which shows it and refuses gone links itself.
 */
export async function reportLinkProxy(req: NextRequest): Promise<NextResponse> {
  const m = REPORT_PATH.exec(req.nextUrl.pathname);
  const id = m?.[1];
  if (!id || !isReportId(id)) return onward(req);
  let state: Awaited<ReturnType<typeof reportLinkState>>;
  try {
    state = await reportLinkState(id);
  } catch {
    return onward(req);
  }
  if (state !== "expired" && state !== "revoked") return onward(req);
  const url = req.nextUrl.clone();
  url.pathname = `/r/${id}/gone`;
  return NextResponse.rewrite(url);
}

/**
 * On to the page, which sends a reader of a signed-in link without a session to /login and
 * back here: the path to come back to, as proxy.ts sets it for every page (PATH_HEADER in
 * lib/auth/session.ts), over anything the client sent.
 */
function onward(req: NextRequest): NextResponse {
  const headers = new Headers(req.headers);
  headers.set("x-sightline-path", `${req.nextUrl.pathname}${req.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}
