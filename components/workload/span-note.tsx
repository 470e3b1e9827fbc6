import type { SpanAccounting } from "@/lib/workload/types";
import { formatCount } from "../format";

/**
 * Under the route table when requests come from OpenTelemetry spans (docs/request-data.md):
 * the spans of the range that are not counted as requests, per reason, and the backfill's
 * state. Nothing is dropped silently.
 */
export function SpanNote({ spans }: { spans: SpanAccounting }) {
  const u = spans.unattributed;
  const parts = u
    ? [
        [u.notServer, "not server spans"],
        [u.noRoute, "without http.route"],
        [u.badStatus, "with a malformed HTTP status"],
        [u.malformed, "without a service name or with a negative duration"],
      ].filter(([n]) => (n as number) > 0)
    : [];
  const total = u ? u.notServer + u.noRoute + u.badStatus + u.malformed : 0;
  return (
    <div className="space-y-1 border-t border-border px-4 py-2 text-xs text-muted">
      {spans.state === "failed" && (
        <p role="alert" className="text-bad" data-testid="spans-failed">
          Requests from spans: {spans.message}
        </p>
      )}
      {spans.state === "backfilling" && (
        <p data-testid="spans-backfill">
          Counting the spans written before Sightline was linked to them:{" "}
          {Math.floor((spans.progress ?? 0) * 100)} % done; routes may still grow.
        </p>
      )}
      <p data-testid="spans-unattributed" data-value={u ? total : ""}>
        {!u
          ? "Spans not counted as requests: unknown (ClickHouse did not answer)."
          : total === 0
            ? "Every span of the range is a request."
            : `Unattributed: ${formatCount(total)} spans not counted as requests (${parts
                .map(([n, what]) => `${formatCount(n as number)} ${what}`)
                .join(", ")}).`}
      </p>
    </div>
  );
}
