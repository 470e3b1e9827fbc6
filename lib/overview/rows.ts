import type { IndicatorValues } from "../prometheus/indicators";
import { workloadHealth, type WorkloadHealth } from "../slo/workload-status";
import type { IndicatorRow, Overview } from "./index";
import { sparklineShape, type SparklineShape } from "./sparkline";

/** One workload on the overview: plain data handed from the server page to the table. */
export interface OverviewRow {
  workload: string;
  team: string;
  tier: number;
  health: WorkloadHealth | null;
  values: IndicatorValues | null;
  /** Why a missing value is missing (lib/prometheus/discovery.ts whyNoValue). */
  why?: IndicatorRow["why"];
  /** The 24-hour 5xx trend, drawn here: a short path instead of every point. */
  sparkline: SparklineShape | null;
}

/**
 * The overview table's rows: the preset range's indicators, each workload's SLO health and
 * its 24-hour trend. A part whose source failed is null in every row (its panel says why).
 */
export function overviewRows(
  o: Overview,
  workloads: { name: string; team: string; tier: number }[],
): OverviewRow[] {
  return workloads.map((w) => {
    const slos = o.slos.ok ? o.slos.data.find((x) => x.workload === w.name) : undefined;
    const indicators = o.indicators.ok
      ? o.indicators.data.rows.find((r) => r.workload === w.name)
      : undefined;
    return {
      workload: w.name,
      team: w.team,
      tier: w.tier,
      health: slos ? workloadHealth(slos.slos) : null,
      values: indicators?.values ?? null,
      ...(indicators?.why && { why: indicators.why }),
      sparkline: o.sparklines.ok ? sparklineShape(o.sparklines.data[w.name] ?? []) : null,
    };
  });
}
