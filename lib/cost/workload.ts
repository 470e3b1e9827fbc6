/**
 * A workload's cost on its page (the "Cost and capacity" section): cost per hour and per
 * million requests from the hourly rows the sync kept, bucketed on the page's time axis.
 * A panel of the workload series report (lib/workload), cached with it.
 */
import "server-only";
import type { ClickHouse } from "../clickhouse/connect";
import { fetchWorkloadCostHours } from "../clickhouse/queries/cost-requests";
import type { AlignedRange } from "../time/step";
import { workloadCostBucketSeconds, workloadCostSeries, type WorkloadCostSeries } from "./views";

export type { WorkloadCostSeries } from "./views";

/** Cost per hour and per million requests of `workload` over the chart range. */
export async function fetchWorkloadCost(
  ch: ClickHouse,
  workload: string,
  range: AlignedRange,
): Promise<WorkloadCostSeries> {
  const bucket = workloadCostBucketSeconds(range.stepSeconds);
  const bucketMs = bucket * 1000;
  // From the start of the bucket in progress at the range's start: a short range still
  // shows the hour it falls in.
  const fromMs = Math.floor(range.fromMs / bucketMs) * bucketMs;
  const hours = await fetchWorkloadCostHours(ch, workload, fromMs, range.toMs);
  return workloadCostSeries(hours, range, bucket);
}
