import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PanelErrorState } from "@/components/panel-states";
import { ReportBody } from "@/components/share/report-body";
import { ReportHeader } from "@/components/share/report-header";
import { verifySession } from "@/lib/auth/session";
import { DataSourceError } from "@/lib/errors/data-source-error";
import { readReport, type ReadResult } from "@/lib/share";

// Per request: the link's state, audience and the session are checked every time.
export const dynamic = "force-dynamic";

// The id is the secret of an "anyone" link: kept out of search engines and Referer headers.
export const metadata: Metadata = {
  title: "Report",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/**
 * A report link (docs/report-links.md): the frozen page, read-only. The check is
 * lib/share's readReport: a link for signed-in users needs a session whose teams cover
 * its data (else it is unknown: 404), an "anyone" link none. Gone links show nothing of
 * their data here; proxy.ts answers them 410 before this page is reached.
 */
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let result: ReadResult;
  try {
    result = await readReport(id);
  } catch (e) {
    if (!(e instanceof DataSourceError)) throw e;
    return <PanelErrorState source={e.source} message={e.message} />;
  }
  if (result.kind === "sign-in") await verifySession(); // redirects to /login and back
  if (result.kind !== "ok" && result.kind !== "gone") notFound();
  if (result.kind === "gone") {
    return (
      <div className="space-y-2" data-testid="report-gone">
        <h1 className="text-2xl font-semibold tracking-tight">Gone</h1>
        <p>
          This report link {result.state === "expired" ? "has expired" : "was revoked"}. The figures
          it held are no longer shared.
        </p>
      </div>
    );
  }
  return (
    <article className="report-link space-y-6" data-testid="report-link">
      <ReportHeader view={result.view} nowMs={result.nowMs} />
      <ReportBody data={result.view.data} />
    </article>
  );
}
