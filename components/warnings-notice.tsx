import type { PanelWarning } from "@/lib/errors/data-source-error";

/**
 * The line above data computed from answers the source said may be incomplete (a Thanos
 * partial response, a limit Mimir applied): "Prometheus warned (tag): message".
 */
export function WarningsNotice({
  warnings,
  compact = false,
}: {
  warnings: PanelWarning[];
  /** Small type, for a chart card. */
  compact?: boolean;
}) {
  return (
    <ul
      role="status"
      data-testid="panel-warnings"
      className={`border-b border-border bg-warn/15 break-words text-warn ${
        compact ? "px-2 py-1 text-xs" : "px-4 py-2 text-sm"
      }`}
    >
      {warnings.map((w) => (
        <li key={`${w.tag}:${w.message}`}>
          <span className="font-semibold">
            {w.source} warned ({w.tag}), the figures may be incomplete:
          </span>{" "}
          {w.message}
        </li>
      ))}
    </ul>
  );
}
