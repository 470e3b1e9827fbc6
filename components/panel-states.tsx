/** The states every panel shows besides its data; usable from server and client components. */

export function PanelSkeleton({ rows = 4 }: { rows?: number }) {
  return (
    <div
      className="animate-pulse space-y-2 px-4 py-4"
      aria-busy="true"
      aria-label="Loading"
      data-testid="panel-loading"
    >
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-4 rounded bg-border" style={{ width: `${90 - i * 12}%` }} />
      ))}
    </div>
  );
}

export function PanelErrorState({
  source,
  message,
  onRetry,
}: {
  source: string;
  message: string;
  /** Client panels pass a refetch; server-rendered panels are retried at the next refresh. */
  onRetry?: () => void;
}) {
  return (
    <div role="alert" data-testid="panel-error" className="px-4 py-6 text-sm">
      <p className="font-semibold text-bad">{source} is unavailable</p>
      <p className="mt-1 break-words text-muted">{message}</p>
      {onRetry ? (
        <button
          type="button"
          onClick={onRetry}
          className="mt-2 rounded border border-border px-2 py-1 text-xs hover:text-ink focus-visible:outline-2 focus-visible:outline-accent"
        >
          Retry
        </button>
      ) : (
        <p className="mt-2 text-muted">
          The other panels are unaffected. This panel is retried at the next refresh.
        </p>
      )}
    </div>
  );
}

/** Nothing to show, and why (never a bare "no data"). */
export function PanelEmpty({ reason }: { reason: string }) {
  return (
    <p className="px-4 py-6 text-sm text-muted" data-testid="panel-empty">
      {reason}
    </p>
  );
}
