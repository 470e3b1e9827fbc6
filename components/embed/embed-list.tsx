"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { DataTable, type DataColumn } from "../data-table";
import type { EmbedRow } from "./embed-rows";

const COLUMNS: DataColumn[] = [
  { key: "what", label: "Panel" },
  { key: "range", label: "Range" },
  { key: "origins", label: "Allowed origins" },
  { key: "creator", label: "Created by" },
  { key: "created", label: "Created (UTC)" },
  { key: "expires", label: "Expires (UTC)" },
  { key: "state", label: "State" },
  { key: "action", label: "" },
];

/** The embeds page's table, with a Revoke button per active token. */
export function EmbedList({ rows }: { rows: EmbedRow[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (rows.length === 0) return <p className="text-sm text-muted">No embeds yet.</p>;

  async function revoke(id: string) {
    setBusy(id);
    setError(null);
    try {
      const res = await fetch(`/api/v1/embeds/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
        throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      }
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="rounded-lg border border-border bg-panel">
      {error && (
        <p role="alert" className="px-4 py-2 text-sm text-bad">
          {error}
        </p>
      )}
      <DataTable columns={COLUMNS}>
        {rows.map((r) => (
          <tr key={r.id} data-embed={r.id} data-state={r.state}>
            <th scope="row">{r.what}</th>
            <td className="text-left">{r.range}</td>
            <td className="text-left font-mono text-xs">{r.origins.join(" ") || "—"}</td>
            <td className="text-left">{r.creator}</td>
            <td className="text-left">{r.created}</td>
            <td className="text-left">{r.expires}</td>
            <td className="text-left">
              {r.state === "revoked" ? `revoked ${r.revoked}` : r.state}
            </td>
            <td>
              {r.state === "active" && (
                <button
                  type="button"
                  disabled={busy === r.id}
                  onClick={() => void revoke(r.id)}
                  className="rounded border border-border px-2 py-0.5 text-sm hover:text-bad focus-visible:outline-2 focus-visible:outline-accent"
                >
                  {busy === r.id ? "Revoking…" : "Revoke"}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
