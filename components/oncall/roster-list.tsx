import type { OnCall } from "@/lib/catalog/roster";
import { PanelEmpty } from "../panel-states";
import { formatHandoff } from "./format-oncall";

/** Who is on call now and next, per team, from the catalog's roster. */
export function RosterList({ roster, tv }: { roster: OnCall[]; tv: boolean }) {
  return (
    <section
      className="rounded-lg border border-border bg-panel"
      data-testid="oncall-roster"
      aria-labelledby="oncall-roster-title"
    >
      <div className="flex items-baseline justify-between gap-4 border-b border-border px-4 py-3">
        <h2 id="oncall-roster-title" className={tv ? "text-3xl font-semibold" : "font-semibold"}>
          On call
        </h2>
        <p className={tv ? "text-base text-muted" : "text-xs text-muted"}>
          Catalog · weekly rotations, UTC
        </p>
      </div>
      {roster.length === 0 ? (
        <PanelEmpty reason="No roster: add an oncall: section to the catalog (README, On-call view)." />
      ) : (
        <ul className={`grid gap-px ${tv ? "grid-cols-2 text-2xl" : "text-sm sm:grid-cols-2"}`}>
          {roster.map((r) => (
            <li key={r.team} className="px-4 py-3" data-team={r.team}>
              <p className={`text-muted ${tv ? "text-lg" : "text-xs"}`}>{r.team}</p>
              <p>
                <span className="font-semibold" data-testid="oncall-now">
                  {r.current?.person ?? "nobody yet"}
                </span>
                {r.current && !tv && (
                  <span className="text-muted"> until {formatHandoff(r.current.untilMs)}</span>
                )}
              </p>
              <p className={tv ? "text-lg text-muted" : "text-muted"}>
                next{" "}
                <span className="text-ink" data-testid="oncall-next">
                  {r.next.person}
                </span>{" "}
                from {formatHandoff(r.next.fromMs)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
