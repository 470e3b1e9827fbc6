/**
 * The Content-Security-Policy of every response the front door passes (docs/security.md).
 * Scripts: Next.js's documented nonce pattern ('nonce-…' 'strict-dynamic'), plus the hash
 * of the one inline script of our own (the theme, set before the first paint). Styles:
 * 'unsafe-inline', because charts set style attributes, which nonces cannot cover.
 * Framing: 'none', except embeds, which their token's origins may frame. Pure.
 */
import { createHash } from "node:crypto";

export interface CspOptions {
  nonce: string;
  /** Origins allowed to frame the response; none when empty. */
  frameAncestors: readonly string[];
  /** Inline scripts allowed by hash (their exact text). */
  inlineScripts: readonly string[];
}

export const scriptHash = (text: string) =>
  `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

export function contentSecurityPolicy(o: CspOptions): string {
  const frame = o.frameAncestors.length ? o.frameAncestors.join(" ") : "'none'";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic' ${o.inlineScripts.map(scriptHash).join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frame}`,
  ].join("; ");
}
