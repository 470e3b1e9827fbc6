/**
 * The client address a sign-in attempt is counted against: the last `x-forwarded-for`
 * entry. Next.js sets that header from the socket when the request has none; a reverse
 * proxy in front appends the address it saw. Pure. docs/auth.md ("Rate limiting").
 */
export function clientIp(forwardedFor: string | null | undefined): string {
  const last = forwardedFor?.split(",").at(-1)?.trim();
  return last ? last.replace(/^::ffff:/, "") : "unknown";
}
