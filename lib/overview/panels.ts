import "server-only";
import type { Catalog } from "../catalog/load";
import type { ClickHouse } from "../clickhouse/connect";
import { fetchWorkloadUsage, type WorkloadUsage } from "../clickhouse/queries/workload-usage";
import { settle, type PanelResult } from "../errors/data-source-error";
import type { PrometheusClient } from "../prometheus/client";
import { whyNoFigure, workloadCheck, type CatalogCheck } from "../prometheus/discovery";
import {
  fetchIndicators,
  INDICATORS,
  type Indicator,
  type IndicatorValues,
} from "../prometheus/indicators";
import { RANGES, type RangeKey } from "../time/ranges";

export interface IndicatorRow {
  workload: string;
  team: string;
  tier: number;
  values: IndicatorValues;
  /** Why a value is missing (null): not measured, no series matched which selector, or no traffic. */
  why?: Partial<Record<Indicator, string>>;
}

export interface IndicatorPanel {
  range: RangeKey;
  rows: IndicatorRow[];
}

/** Every workload's indicators over `range`, in catalog order. Plain data: serialisable. */
export function loadIndicatorPanel(
  prom: PrometheusClient,
  catalog: Catalog,
  range: RangeKey,
  time: Date,
  check?: CatalogCheck,
): Promise<PanelResult<IndicatorPanel>> {
  return settle(async () => {
    const values = await fetchIndicators(prom, catalog, range, time);
    return {
      range,
      rows: catalog.workloads.map((w) => {
        const v = values.get(w.name)!;
        const wc = check && workloadCheck(check, w.name);
        const why: IndicatorRow["why"] = {};
        for (const ind of INDICATORS) {
          const reason = v[ind] === null ? whyNoFigure(w, wc, ind, { inRow: true }) : undefined;
          if (reason) why[ind] = reason;
        }
        return {
          workload: w.name,
          team: w.team,
          tier: w.tier,
          values: v,
          ...(Object.keys(why).length > 0 && { why }),
        };
      }),
    };
  });
}

export interface UsagePanel {
  range: RangeKey;
  rows: WorkloadUsage[];
}

/** Requests and cost per workload from ClickHouse over `range` ending at `time`. */
export function loadUsagePanel(
  connect: () => Promise<ClickHouse>,
  catalog: Catalog,
  range: RangeKey,
  time: Date,
): Promise<PanelResult<UsagePanel>> {
  return settle(async () => {
    const ch = await connect();
    const from = new Date(time.getTime() - RANGES[range].ms);
    const names = catalog.workloads.map((w) => w.name);
    return { range, rows: await fetchWorkloadUsage(ch, names, from, time) };
  });
}
