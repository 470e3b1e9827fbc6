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
  return policyWithNonce(o)(o.nonce);
}

/**
 * The policy as a function of the nonce, everything else computed once: the front door
 * writes one per response (hashing the inline scripts each time would weigh on a
 * cached page's serving time).
 */
export function policyWithNonce(o: Omit<CspOptions, "nonce">): (nonce: string) => string {
  const frame = o.frameAncestors.length ? o.frameAncestors.join(" ") : "'none'";
  const [before, after] = policyParts(frame, o.inlineScripts.map(scriptHash));
  return (nonce) => `${before}${nonce}${after}`;
}

const NONCE = "\u0000";

function policyParts(frame: string, hashes: string[]): [string, string] {
  const whole = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${NONCE}' 'strict-dynamic' ${hashes.join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frame}`,
  ].join("; ");
  const at = whole.indexOf(NONCE);
  return [whole.slice(0, at), whole.slice(at + NONCE.length)];
}
