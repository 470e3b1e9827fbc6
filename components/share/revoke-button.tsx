"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { revokeAction } from "@/lib/share/actions";

/** Revokes a report link (lib/share/actions.ts) after a confirmation, then reloads the list. */
export function RevokeButton({ id, title }: { id: string; title: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        data-testid="revoke-link"
        disabled={pending}
        className="rounded border border-border px-2 py-1 text-xs text-bad hover:border-bad disabled:opacity-50"
        onClick={() => {
          if (
            !window.confirm(`Revoke "${title}"? Whoever has the link will see that it is gone.`)
          ) {
            return;
          }
          start(async () => {
            const r = await revokeAction(id).catch(() => ({ ok: false, message: "try again" }));
            if (r.ok) {
              setError(null);
              router.refresh();
            } else setError(r.message ?? "could not revoke");
          });
        }}
      >
        {pending ? "Revoking…" : "Revoke"}
      </button>
      {error && (
        <span role="alert" className="ml-2 text-xs text-bad">
          {error}
        </span>
      )}
    </>
  );
}
