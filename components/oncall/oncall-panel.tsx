import type { ShownPanel } from "@/lib/oncall/last-good";
import { PanelEmpty, PanelErrorState, PanelSkeleton } from "../panel-states";
import { StaleAge } from "../stale-notice";
import { formatClock } from "./format-oncall";

/**
 * One panel of the on-call view: skeleton before the first answer, the error naming the
 * source when there is nothing to show, the last good data marked stale while the source
 * is down, and an empty state that says why.
 */
export function OnCallPanel<T extends unknown[]>({
  title,
  subtitle,
  panel,
  testId,
  empty,
  onRetry,
  tv,
  children,
}: {
  title: string;
  subtitle: string;
  panel: ShownPanel<T> | undefined;
  testId: string;
  empty: string;
  onRetry: () => void;
  tv: boolean;
  children: (data: T) => React.ReactNode;
}) {
  let body: React.ReactNode;
  if (!panel || (panel.data === null && !panel.error)) body = <PanelSkeleton />;
  else if (panel.data === null) {
    body = (
      <PanelErrorState
        source={panel.error!.source}
        message={panel.error!.message}
        onRetry={onRetry}
      />
    );
  } else if (panel.data.length === 0) body = <PanelEmpty reason={empty} />;
  else body = children(panel.data);
  const stale = panel?.error && panel.data !== null ? panel.error : null;
  return (
    <section
      className="rounded-lg border border-border bg-panel"
      data-testid={testId}
      data-stale={stale ? "true" : undefined}
      aria-labelledby={`${testId}-title`}
    >
      <div className="flex items-baseline justify-between gap-4 border-b border-border px-4 py-3">
        <h2 id={`${testId}-title`} className={tv ? "text-3xl font-semibold" : "font-semibold"}>
          {title}
        </h2>
        <p className={tv ? "text-base text-muted" : "text-xs text-muted"}>{subtitle}</p>
      </div>
      {stale && panel?.asOf && (
        <div
          role="status"
          data-testid="panel-stale"
          className="flex flex-wrap items-center gap-2 border-b border-border bg-warn/15 px-4 py-2 text-sm text-warn"
        >
          <span className="font-semibold">
            Stale since {formatClock(Date.parse(panel.asOf))} — {stale.message}
          </span>
          <StaleAge asOf={panel.asOf} before="(" after=")" />
          <button
            type="button"
            onClick={onRetry}
            className="rounded border border-border px-2 py-0.5 text-xs text-ink hover:text-accent focus-visible:outline-2 focus-visible:outline-accent"
          >
            Retry
          </button>
        </div>
      )}
      {body}
    </section>
  );
}
