"use client";

import { DataAge } from "../data-age";
import { AlertsTable } from "./alerts-table";
import { BurningTable } from "./burning-table";
import { formatClock } from "./format-oncall";
import { IncidentsTable } from "./incidents-table";
import { OnCallPanel } from "./oncall-panel";
import { RosterList } from "./roster-list";
import { useOnCall } from "./use-oncall";

/** The on-call view; `tv` is the wall-screen layout (large type, two columns). */
export function OnCallView({ tv }: { tv: boolean }) {
  const query = useOnCall();
  const view = query.data;
  const retry = () => void query.refetch();
  const nowMs = view ? Date.parse(view.evaluatedAt) : 0;
  const panels = [
    <OnCallPanel
      key="burning"
      title="Burning now"
      subtitle="Prometheus · fastest budget spend first, burn over 1 h"
      panel={view?.panels.burning}
      testId="oncall-burning"
      empty="Nothing is burning: every SLO spends its budget at or below the sustainable rate over the last hour."
      onRetry={retry}
      tv={tv}
    >
      {(rows) => <BurningTable rows={rows} tv={tv} />}
    </OnCallPanel>,
    <OnCallPanel
      key="alerts"
      title="Alerts"
      subtitle="Prometheus · firing and pending"
      panel={view?.panels.alerts}
      testId="oncall-alerts"
      empty="No alerts firing or pending in Prometheus."
      onRetry={retry}
      tv={tv}
    >
      {(rows) => <AlertsTable rows={rows} nowMs={nowMs} tv={tv} />}
    </OnCallPanel>,
    <OnCallPanel
      key="incidents"
      title="Incidents, last 24 hours"
      subtitle="Prometheus · page alerts that fired"
      panel={view?.panels.incidents}
      testId="oncall-incidents"
      empty="No page alert fired in the last 24 hours."
      onRetry={retry}
      tv={tv}
    >
      {(rows) => <IncidentsTable rows={rows} tv={tv} />}
    </OnCallPanel>,
  ];
  const roster = view ? <RosterList roster={view.roster} tv={tv} /> : null;
  return (
    <div className="space-y-6" data-testid="oncall-view">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className={`${tv ? "text-5xl" : "text-2xl"} font-semibold tracking-tight`}>
            On-call
          </h1>
          {view && (
            <div className={tv ? "[&_p]:text-xl" : undefined}>
              <DataAge at={view.evaluatedAt} />
            </div>
          )}
        </div>
        {query.isError && view && (
          <p role="status" className="text-sm text-warn" data-testid="oncall-request-error">
            Stale since {formatClock(query.dataUpdatedAt)} — {query.error.message}
          </p>
        )}
      </div>
      {tv ? (
        <div className="grid gap-6 xl:grid-cols-2">
          <div className="space-y-6">
            {panels[0]}
            {panels[1]}
          </div>
          <div className="space-y-6">
            {roster}
            {panels[2]}
          </div>
        </div>
      ) : (
        <>
          {panels[0]}
          {panels[1]}
          {roster}
          {panels[2]}
        </>
      )}
    </div>
  );
}
