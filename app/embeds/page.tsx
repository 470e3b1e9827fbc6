import { EmbedList } from "@/components/embed/embed-list";
import { verifySession } from "@/lib/auth/session";
import { getClickHouse } from "@/lib/clickhouse";
import { listEmbeds } from "@/lib/embed/registry";
import { settle } from "@/lib/errors/data-source-error";
import { embedRows } from "@/components/embed/embed-rows";

// Per request: the session decides whose embeds are listed (docs/embeds.md).
export const dynamic = "force-dynamic";

export const metadata = { title: "Embeds" };

export default async function Page() {
  await verifySession();
  const session = await verifySession(); // the same check, cached for this render

  const result = await settle(() => listEmbeds(session, { ch: getClickHouse }));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Embeds</h1>
        <p className="text-sm text-muted">
          {session.role === "admin" ? "Every embed token" : "The embed tokens you created"}.
          Revoking one stops it within a revalidation period everywhere it is embedded.
        </p>
      </div>
      {result.ok ? (
        <EmbedList rows={embedRows(result.data)} />
      ) : (
        <p role="alert" className="rounded border border-bad px-4 py-3 text-bad">
          {result.error.source} is unavailable: the embeds cannot be listed ({result.error.message}
          ).
        </p>
      )}
    </div>
  );
}
