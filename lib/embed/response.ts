/**
 * The embed routes' responses and headers (docs/embeds.md): a CSP of their own (no script
 * at all, the one stylesheet by hash, framing by the token's origins), cacheable for one
 * revalidation period when valid, never cached when refused.
 */
import "server-only";
import { getEnv } from "../env";
import type { EmbedClaims } from "./claims";
import { html } from "./html";
import { EMBED_STYLE_HASH, embedDocument } from "./render";
import { badgeSvg } from "./svg";
import { frameAncestors } from "./token";

const COMMON = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

const PAGE_CSP = (frame: string) =>
  `default-src 'none'; style-src '${EMBED_STYLE_HASH}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; ${frame}`;
const BADGE_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Valid tokens: cacheable by browsers and shared caches (the front door's among them) for
 * one revalidation period, and never past the token's expiry.
 */
const cacheable = (claims: EmbedClaims) => {
  const left = Math.floor(claims.exp - Date.now() / 1000);
  return `public, max-age=${Math.max(0, Math.min(getEnv().REVALIDATE_SECONDS, left))}`;
};

export function embedPageResponse(body: string, status: number, claims: EmbedClaims): Response {
  return new Response(body, {
    status,
    headers: {
      ...COMMON,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": PAGE_CSP(frameAncestors(claims)),
      "Cache-Control": cacheable(claims),
    },
  });
}

export function badgeResponse(svg: string, claims: EmbedClaims): Response {
  return new Response(svg, {
    headers: {
      ...COMMON,
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Content-Security-Policy": BADGE_CSP,
      "Cache-Control": cacheable(claims),
    },
  });
}

/**
 * A refused token (invalid, expired, revoked, another panel: 401) or an unreadable
 * registry (503). Says nothing about why: the reason is not the viewer's business.
 */
export function refusedResponse(status: 401 | 503, kind: "page" | "badge"): Response {
  const message =
    status === 401
      ? "This embed is not available: its link is invalid, has expired or was revoked."
      : "This embed cannot be checked right now: try again in a minute.";
  const headers = { ...COMMON, "Cache-Control": "no-store" };
  if (kind === "badge") {
    return new Response(
      badgeSvg("SLO", status === 401 ? "invalid embed" : "unavailable", "unknown"),
      {
        status,
        headers: {
          ...headers,
          "Content-Type": "image/svg+xml; charset=utf-8",
          "Content-Security-Policy": BADGE_CSP,
        },
      },
    );
  }
  const body = embedDocument({
    title: "Embed not available",
    theme: "light",
    body: html`<p class="empty">${message}</p>`,
  });
  return new Response(body, {
    status,
    headers: {
      ...headers,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": PAGE_CSP("frame-ancestors 'none'"),
    },
  });
}
