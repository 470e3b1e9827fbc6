import type { PanelResult } from "@/lib/errors/data-source-error";
import type { AlertEvent, ScalingEvent } from "@/lib/workload/types";
import { PanelErrorState } from "../panel-states";
import { StaleNotice } from "../stale-notice";

const time = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
const SHOWN = 30;

/** The markers of the charts as a list: alerts that fired and scaling events. */
export function EventList({
  alerts,
  scaling,
}: {
  alerts: PanelResult<AlertEvent[]>;
  scaling: PanelResult<ScalingEvent[]>;
}) {
  const rows = [
    ...(alerts.ok
      ? alerts.data.map((a) => ({
          at: a.at,
          kind: "alert",
          what: `${a.name} (until ${time(a.until)})`,
        }))
      : []),
    ...(scaling.ok
      ? scaling.data.map((s) => ({
          at: s.at,
          kind: "scaling",
          what: `replicas ${s.from} → ${s.to}`,
        }))
      : []),
  ].sort((a, b) => b.at - a.at);
  return (
    <div data-testid="events" className="text-sm">
      {!alerts.ok && (
        <PanelErrorState source={alerts.error.source} message={alerts.error.message} />
      )}
      {!scaling.ok && (
        <PanelErrorState source={scaling.error.source} message={scaling.error.message} />
      )}
      {alerts.ok && alerts.stale && <StaleNotice stale={alerts.stale} what="alerts" />}
      {scaling.ok && scaling.stale && <StaleNotice stale={scaling.stale} what="scaling events" />}
      <p className="px-4 pt-3 text-xs text-muted">
        {alerts.ok ? `${alerts.data.length} alert episodes` : "alerts unavailable"} ·{" "}
        {scaling.ok ? `${scaling.data.length} scaling events` : "scaling events unavailable"}
        {rows.length > SHOWN && ` · latest ${SHOWN} shown`}
      </p>
      {rows.length > 0 && (
        <ul className="max-h-48 overflow-auto px-4 py-2 tabular-nums">
          {rows.slice(0, SHOWN).map((r, i) => (
            <li key={`${r.at}-${i}`} data-kind={r.kind} className="flex gap-3 py-0.5">
              <span className="text-muted">{time(r.at)}</span>
              <span className={r.kind === "alert" ? "text-bad" : "text-accent"}>{r.kind}</span>
              <span>{r.what}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
