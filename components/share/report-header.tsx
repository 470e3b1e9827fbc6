import type { ReportData, ReportView } from "@/lib/share/types";
import { RANGES, isRange } from "@/lib/time/ranges";

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** When the frozen figures were evaluated (ISO 8601). */
export function asOf(data: ReportData): string {
  switch (data.kind) {
    case "overview":
      return data.overview.evaluatedAt;
    case "workload":
      return data.series.evaluatedAt;
    case "cost":
      return data.report.evaluatedAt;
  }
}

/** The range the figures cover, in words and UTC times. */
export function rangeLabel(data: ReportData, range: string): string {
  switch (data.kind) {
    case "overview": {
      const end = Date.parse(data.overview.evaluatedAt);
      const label = isRange(range) ? RANGES[range].label : range;
      const from = isRange(range) ? ` (${utc(end - RANGES[range].ms)} – ${utc(end)})` : "";
      return `${label}${from}`;
    }
    case "workload":
      return `${utc(data.series.fromMs)} – ${utc(data.series.toMs)}`;
    case "cost":
      return `${utc(data.report.fromMs)} – ${utc(data.report.toMs)}, whole hours`;
  }
}

/**
 * The top of a report link's page (docs/report-links.md): its title, "as of", who made it
 * and the range. Every value is React text: a title holding markup is shown, never run.
 */
export function ReportHeader({ view, nowMs }: { view: ReportView; nowMs: number }) {
  const at = asOf(view.data);
  const daysLeft = Math.max(0, Math.ceil((view.expiresMs - nowMs) / 86_400_000));
  return (
    <header className="space-y-1 border-b border-border pb-4" data-testid="report-header">
      <p className="text-xs uppercase tracking-wide text-muted">
        Report link · {view.kind}
        {view.workload ? ` · ${view.workload}` : ""} · read-only
      </p>
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="report-title">
        {view.title}
      </h1>
      <p className="text-sm" data-testid="report-as-of">
        As of <time dateTime={at}>{utc(Date.parse(at))}</time> · shared by{" "}
        <span data-testid="report-creator">{view.creator}</span> on {day(view.createdMs)}
      </p>
      <p className="text-sm text-muted" data-testid="report-range">
        Range: {rangeLabel(view.data, view.range)}
      </p>
      <p className="text-xs text-muted print:hidden">
        The figures are frozen: they do not change when the data does. The link expires on{" "}
        {day(view.expiresMs)} ({daysLeft} {daysLeft === 1 ? "day" : "days"} left) and is for{" "}
        {view.audience === "anyone" ? "anyone with the link" : "signed-in users"}.
      </p>
    </header>
  );
}
