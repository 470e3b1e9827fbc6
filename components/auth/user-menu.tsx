"use client";
import { signOut } from "next-auth/react";
import { useEffect, useState } from "react";

interface SessionUser {
  name: string;
  role: string;
}

/** Who is signed in, and a way out. Asks next-auth's session endpoint once the page is up. */
export function UserMenu() {
  const [user, setUser] = useState<SessionUser | null>(null);
  useEffect(() => {
    let live = true;
    fetch("/api/auth/session", { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : null))
      .then((s: { user?: SessionUser } | null) => live && setUser(s?.user ?? null))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  if (!user) return null;
  return (
    <span className="flex items-center gap-2 text-sm text-muted" data-testid="user-menu">
      <span title={`role: ${user.role}`}>{user.name}</span>
      <button
        type="button"
        className="rounded border border-border px-2 py-0.5 hover:text-ink"
        onClick={() => void signOut({ callbackUrl: "/login" })}
      >
        Sign out
      </button>
    </span>
  );
}
