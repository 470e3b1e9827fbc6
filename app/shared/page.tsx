import { PanelErrorState } from "@/components/panel-states";
import { SharedTable } from "@/components/share/shared-table";
import { verifySession } from "@/lib/auth/session";
import { DataSourceError } from "@/lib/errors/data-source-error";
import { listReportsAs } from "@/lib/share";

export const dynamic = "force-dynamic";

export const metadata = { title: "Shared by me" };

/** Report links made by the signed-in editor; an admin sees everyone's. docs/report-links.md. */
export default async function Page() {
  const session = await verifySession("editor");
  const everyone = session.role === "admin";
  let links: Awaited<ReturnType<typeof listReportsAs>> | DataSourceError;
  try {
    links = await listReportsAs(session);
  } catch (e) {
    if (!(e instanceof DataSourceError)) throw e;
    links = e;
  }
  const body =
    links instanceof DataSourceError ? (
      <PanelErrorState source={links.source} message={links.message} />
    ) : links.length === 0 ? (
      <p className="px-4 py-6 text-sm text-muted" data-testid="panel-empty">
        No report links yet: &ldquo;Share&rdquo; on the overview, a workload page or the cost page
        makes one.
      </p>
    ) : (
      <SharedTable links={links} everyone={everyone} />
    );
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">
          {everyone ? "Shared report links" : "Shared by me"}
        </h1>
        <p className="text-xs text-muted">
          {everyone ? "Every user's links (you are an admin)" : "The report links you made"}, newest
          first. Revoking one answers 410 to whoever opens it.
        </p>
      </div>
      <section className="rounded-lg border border-border bg-panel">{body}</section>
    </div>
  );
}
