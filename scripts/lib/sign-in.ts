/**
 * A password sign-in over HTTP, as the login form does it (components/auth/login-form.tsx):
 * next-auth's CSRF token, then its credentials callback. Shared by the demo (to warm the
 * overview once signed in) and the tests.
 */

export interface SignInResult {
  status: number;
  /** `name=value` of the session cookie, when signed in. */
  cookie?: string;
  /** next-auth's error code from the answer's URL, or our message (429). */
  error?: string;
  retryAfter?: string | null;
}

/** `name=value` pairs of a response's Set-Cookie headers. */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!);

export async function signInWithPassword(
  baseUrl: string,
  username: string,
  password: string,
  callbackUrl = "/",
  headers: Record<string, string> = {},
): Promise<SignInResult> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      ...headers,
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: cookiesOf(csrf).join("; "),
    },
    body: new URLSearchParams({ username, password, csrfToken, callbackUrl, json: "true" }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    url?: string;
    error?: { message?: string };
  };
  const session = cookiesOf(res).find((c) => /^(__Secure-)?next-auth\.session-token=./.test(c));
  const error =
    body.error?.message ??
    (body.url ? (new URL(body.url, baseUrl).searchParams.get("error") ?? undefined) : undefined);
  return {
    status: res.status,
    ...(session && !error && { cookie: session }),
    ...(error && { error }),
    retryAfter: res.headers.get("retry-after"),
  };
}
