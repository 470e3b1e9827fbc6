"use client";
import { useEffect, useState } from "react";

interface Props {
  /** Already made safe by the server (lib/auth/callback-url.ts). */
  callbackUrl: string;
  initialError: string | null;
  password: boolean;
  providers: { id: string; name: string }[];
}

async function csrfToken(): Promise<string> {
  const r = await fetch("/api/auth/csrf", { cache: "no-store" });
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

/**
 * The password form (posted to next-auth's credentials callback, whose answer says whether
 * it worked; 429 when throttled) and a button per identity provider (a plain form post to
 * next-auth, which redirects to the provider).
 */
export function LoginForm({ callbackUrl, initialError, password, providers }: Props) {
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);
  const [csrf, setCsrf] = useState("");
  useEffect(() => {
    if (providers.length) csrfToken().then(setCsrf, () => {});
  }, [providers.length]);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const body = new URLSearchParams({
        username: String(data.get("username") ?? ""),
        password: String(data.get("password") ?? ""),
        csrfToken: await csrfToken(),
        callbackUrl,
        json: "true",
      });
      const res = await fetch("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
      const answer = (await res.json().catch(() => ({}))) as {
        url?: string;
        error?: { message?: string };
      };
      if (res.status === 429) {
        setError(answer.error?.message ?? "Too many failed sign-ins: try again later.");
        return;
      }
      const failed = !answer.url || new URL(answer.url, location.href).searchParams.has("error");
      if (!res.ok || failed) {
        setError("Wrong name or password.");
        return;
      }
      location.assign(callbackUrl);
    } catch {
      setError("Sightline did not answer: try again.");
    } finally {
      setBusy(false);
    }
  }

  const input =
    "w-full rounded border border-border bg-panel px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-accent";
  return (
    <div className="space-y-4">
      {error && (
        <p role="alert" data-testid="login-error" className="text-sm font-medium text-bad">
          {error}
        </p>
      )}
      {password && (
        <form onSubmit={submit} className="space-y-3" aria-label="Sign in with a password">
          <label className="block space-y-1 text-sm">
            <span>Name</span>
            <input name="username" autoComplete="username" required className={input} />
          </label>
          <label className="block space-y-1 text-sm">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              className={input}
            />
          </label>
          <button
            type="submit"
            disabled={busy}
            className="w-full rounded bg-accent px-3 py-2 text-sm font-medium text-white disabled:opacity-60"
          >
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      )}
      {providers.map((p) => (
        <form key={p.id} method="post" action={`/api/auth/signin/${p.id}`}>
          <input type="hidden" name="csrfToken" value={csrf} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button
            type="submit"
            disabled={!csrf}
            className="w-full rounded border border-border px-3 py-2 text-sm hover:text-ink disabled:opacity-60"
          >
            {p.name}
          </button>
        </form>
      ))}
    </div>
  );
}
