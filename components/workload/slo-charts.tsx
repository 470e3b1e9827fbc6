"use client";

import type { ChartMarker } from "../chart/time-series-chart";
import type { PanelResult } from "@/lib/errors/data-source-error";
import type { SloChart } from "@/lib/workload/types";
import { PanelEmpty } from "../panel-states";
import { ChartCard } from "./chart-card";
import { UNIT_FORMAT } from "./units";

const WINDOW_COLORS = ["--series-1", "--series-2", "--series-3", "--series-4"];
const burnFormat = (v: number) => `${Number(v.toPrecision(3))}×`;

/** Burn-down (over the SLO window) and burn rate (over the range) of each SLO. */
export function SloCharts({
  result,
  alerts,
  onZoom,
  onRetry,
}: {
  result: PanelResult<SloChart[]>;
  alerts: ChartMarker[];
  onZoom: (fromMs: number, toMs: number) => void;
  onRetry: () => void;
}) {
  if (result.ok && result.data.length === 0) {
    return <PanelEmpty reason="This workload has no SLOs in the catalog." />;
  }
  const slos: PanelResult<SloChart>[] = result.ok
    ? result.data.map((d) => ({ ok: true, data: d, stale: result.stale }))
    : [result];
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {slos.flatMap((r, i) => {
        const name = r.ok ? r.data.slo : `slo-${i}`;
        const source = "Prometheus · from event counts over the SLO window";
        return [
          <ChartCard
            key={`${name}-down`}
            testId={`slo-burn-down-${name}`}
            source={source}
            result={r}
            onRetry={onRetry}
            chart={(s) => ({
              title: `${s.slo}: budget remaining over ${s.window} (objective ${UNIT_FORMAT.ratio(s.objective)})`,
              series: [
                { name: "budget remaining", color: "--series-1", points: s.budgetRemaining },
              ],
              thresholds: [{ label: "budget exhausted", value: 0, color: "--bad" }],
              format: UNIT_FORMAT.ratio,
            })}
          />,
          <ChartCard
            key={`${name}-burn`}
            testId={`slo-burn-rate-${name}`}
            source={source}
            result={r}
            onRetry={onRetry}
            chart={(s) => {
              const top = Math.max(
                ...s.tiers.map((t) => t.factor),
                ...s.burnRates.flatMap((b) => b.points.map(([, v]) => v)),
              );
              return {
                title: `${s.slo}: burn rate`,
                series: s.burnRates.map((b, j) => ({
                  name: b.window,
                  color: WINDOW_COLORS[j % WINDOW_COLORS.length]!,
                  points: b.points,
                })),
                thresholds: s.tiers.map((t) => ({
                  label: `${t.tier} ${burnFormat(t.factor)}`,
                  value: t.factor,
                })),
                markers: alerts,
                format: burnFormat,
                onZoom,
                legend: true,
                yDomain: [0, Number((top * 1.05).toPrecision(3))],
              };
            }}
          />,
        ];
      })}
    </div>
  );
}
