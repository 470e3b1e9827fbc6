"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { mergeReport, type OnCallViewData } from "@/lib/oncall/last-good";
import { ONCALL_QUERY_KEY, type OnCallReport } from "@/lib/oncall/types";

/** The view polls every evaluation step (15 s), also in a background tab: wall screens. */
export const ONCALL_REFRESH_MS = 15_000;

async function fetchReport(): Promise<OnCallReport> {
  let res: Response;
  try {
    res = await fetch("/api/v1/oncall", { cache: "no-store" });
  } catch (e) {
    throw new Error(`Sightline is unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) throw new Error(`Sightline answered HTTP ${res.status}`);
  return (await res.json()) as OnCallReport;
}

/**
 * The on-call report, merged into the last good data per panel: a failed source keeps
 * its panel's previous data (marked stale); a failed request keeps everything (react-query).
 */
export function useOnCall() {
  const client = useQueryClient();
  return useQuery({
    queryKey: ONCALL_QUERY_KEY,
    queryFn: async (): Promise<OnCallViewData> =>
      mergeReport(client.getQueryData<OnCallViewData>(ONCALL_QUERY_KEY), await fetchReport()),
    refetchInterval: ONCALL_REFRESH_MS,
    refetchIntervalInBackground: true,
    staleTime: ONCALL_REFRESH_MS - 1000,
  });
}
