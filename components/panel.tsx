import type { PanelResult } from "@/lib/errors/data-source-error";
import { Sep } from "./entity";
import { PanelErrorState } from "./panel-states";
import { StaleNotice } from "./stale-notice";
import { WarningsNotice } from "./warnings-notice";

/**
 * A titled panel that renders its data, or the error that stands in its place, naming
 * the source: one failing source never blanks the page. Last good data kept while the
 * source fails says so above it, as does data from answers the source warned about.
 */
export function Panel<T>({
  title,
  source,
  subtitle,
  result,
  testId,
  children,
}: {
  title: React.ReactNode;
  /** Where the data comes from ("Prometheus"), shown before the subtitle. */
  source?: string;
  subtitle?: string;
  result: PanelResult<T>;
  testId: string;
  children: (data: T) => React.ReactNode;
}) {
  return (
    <section
      className="rounded-lg border border-border bg-panel"
      data-testid={testId}
      data-stale={result.ok && result.stale ? "true" : undefined}
      aria-labelledby={`${testId}-title`}
    >
      <div className="flex items-baseline justify-between gap-4 border-b border-border px-4 py-3">
        <h2 id={`${testId}-title`} className="font-semibold">
          {title}
        </h2>
        {(source || subtitle) && (
          <p className="text-xs text-muted">
            {source}
            {source && subtitle && <Sep />}
            {subtitle}
          </p>
        )}
      </div>
      {result.ok ? (
        <>
          {result.stale && <StaleNotice stale={result.stale} />}
          {result.warnings && <WarningsNotice warnings={result.warnings} />}
          {children(result.data)}
        </>
      ) : (
        <PanelErrorState source={result.error.source} message={result.error.message} />
      )}
    </section>
  );
}
