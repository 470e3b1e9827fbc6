import type { NextRequest } from "next/server";
import { reportLinkProxy } from "./lib/share/proxy";

/**
 * Next.js's proxy runs only for report links (docs/report-links.md): an App Router page
 * cannot answer 410, so an expired or revoked /r/{id} is rewritten to the handler that
 * does. Every other request goes through the front door in `npm start`'s process
 * (lib/front-door, docs/security.md) and no proxy, which costs much of a cached
 * page's throughput where it runs. Nothing here decides access: the pages and route
 * handlers check sessions (and report links their audience) themselves.
 */
export function proxy(req: NextRequest) {
  return reportLinkProxy(req);
}

export const config = {
  matcher: ["/r/:id"],
};
