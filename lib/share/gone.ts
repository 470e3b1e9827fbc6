/**
 * The 410 page of an expired or revoked report link (docs/report-links.md). Fixed text
 * only: nothing of the link (not its title) and nothing from the request is written into
 * it, and it runs no script.
 */
import type { ReportState } from "./types";

const WHY: Record<Exclude<ReportState, "live">, string> = {
  expired: "This report link has expired.",
  revoked: "This report link was revoked by the person who shared it or an administrator.",
};

export function gonePage(state: Exclude<ReportState, "live">): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Report link gone | Sightline</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#15191e}a{color:#0969da}</style>
</head><body><h1>Gone</h1><p data-testid="report-gone">${WHY[state]}</p>
<p>The figures it held are no longer shared. Ask whoever sent it for a new link, or <a href="/">open Sightline</a>.</p>
</body></html>`;
  return new Response(html, {
    status: 410,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}

/** The same answer for an id that names nothing (or a live link asked for its 410 page). */
export function unknownPage(): Response {
  return new Response("Not found\n", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
