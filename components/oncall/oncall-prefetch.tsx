import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { getOnCall } from "@/lib/oncall";
import { mergeReport } from "@/lib/oncall/last-good";
import { ONCALL_QUERY_KEY } from "@/lib/oncall/types";
import { getQueryClient } from "@/lib/query/query-client";

/** Prefetches the on-call report on the server so the first paint has data, then hands it to react-query. */
export async function OnCallPrefetch({ children }: { children: React.ReactNode }) {
  const client = getQueryClient();
  await client.prefetchQuery({
    queryKey: ONCALL_QUERY_KEY,
    queryFn: async () => mergeReport(undefined, await getOnCall()),
  });
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
