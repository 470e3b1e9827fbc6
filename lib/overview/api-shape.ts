import type { WorkloadUsage } from "../clickhouse/queries/workload-usage";
import type { PanelResult } from "../errors/data-source-error";
import type { IndicatorValues } from "../prometheus/indicators";
import type { Overview } from "./index";
import type { RangeKey } from "../time/ranges";
import { LONG_RANGE } from "./ranges";

export interface WorkloadsResponse {
  evaluatedAt: string;
  range: RangeKey;
  workloads: {
    workload: string;
    team: string;
    tier: number;
    /** Indicators per window; a window whose source failed is absent and listed in `errors`. */
    indicators: Partial<Record<RangeKey, IndicatorValues>>;
    usage: WorkloadUsage | null;
  }[];
  errors: { panel: string; source: string; tag: string; message: string }[];
}

/** The overview regrouped per workload for /api/v1/workloads: the same numbers as the page. */
export function toWorkloadsResponse(
  o: Overview,
  workloads: { name: string; team: string; tier: number }[],
): WorkloadsResponse {
  const errors: WorkloadsResponse["errors"] = [];
  const note = <T>(panel: string, r: PanelResult<T>): T | null => {
    if (r.ok) return r.data;
    errors.push({ panel, ...r.error });
    return null;
  };
  const short = note(`indicators:${o.range}`, o.indicators);
  const long = note(`indicators:${LONG_RANGE}`, o.longIndicators);
  const usage = note("usage", o.usage);
  return {
    evaluatedAt: o.evaluatedAt,
    range: o.range,
    workloads: workloads.map((w) => {
      const indicators: WorkloadsResponse["workloads"][number]["indicators"] = {};
      for (const panel of [short, long]) {
        const row = panel?.rows.find((r) => r.workload === w.name);
        if (panel && row) indicators[panel.range] = row.values;
      }
      return {
        workload: w.name,
        team: w.team,
        tier: w.tier,
        indicators,
        usage: usage?.rows.find((r) => r.workload === w.name) ?? null,
      };
    }),
    errors,
  };
}
