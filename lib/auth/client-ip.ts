/**
 * The client address a sign-in attempt is counted against (docs/auth.md, "Rate limiting").
 * Pure: the callers read the headers and AUTH_TRUSTED_PROXY_HOPS.
 *
 * - No proxy in front (hops 0): the socket's address, which `npm start` (scripts/start.mjs)
 *   writes into PEER_HEADER on every request, over anything the client sent.
 * - `hops` reverse proxies in front, each appending the address it saw to
 *   x-forwarded-for: the entry the farthest of them wrote (entries before it are the
 *   client's own say).
 *
 * Without scripts/start.mjs (bare `next start`) there is no PEER_HEADER and the last
 * x-forwarded-for entry stands in: Next.js sets it from the socket when the request has
 * none, but a client can send its own.
 */
export const PEER_HEADER = "x-sightline-peer";

export function clientIp(
  peer: string | null | undefined,
  forwardedFor: string | null | undefined,
  hops: number,
): string {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const address = hops > 0 ? (entries.at(-hops) ?? entries[0] ?? peer) : peer || entries.at(-1);
  return address ? address.replace(/^::ffff:/, "") : "unknown";
}
