/**
 * Where to go after signing in: only a path of this site. Anything else (an absolute URL,
 * `//host`, `/\host`, a scheme, control characters) becomes "/". Browser-safe and pure:
 * the login form, the proxy and next-auth's redirect callback all use it.
 */
export function safeCallbackUrl(raw: string | null | undefined): string {
  if (!raw) return "/";
  // Browsers drop tabs and newlines from URLs and treat "\" as "/": "/\t/x" is "//x".
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  if (!raw.startsWith("/") || raw.startsWith("//")) return "/";
  let url: URL;
  try {
    url = new URL(raw, "http://sightline.invalid");
  } catch {
    return "/";
  }
  if (url.origin !== "http://sightline.invalid") return "/";
  // The login page itself is no place to return to.
  if (url.pathname === "/login" || url.pathname.startsWith("/api/auth/")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
