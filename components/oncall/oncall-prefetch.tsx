import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { VerifiedSession } from "@/lib/auth/session";
import { scopeOf } from "@/lib/auth/viewer-scope";
import { getOnCall } from "@/lib/oncall";
import { scopeOnCall } from "@/lib/oncall/scope";
import { mergeReport } from "@/lib/oncall/last-good";
import { ONCALL_QUERY_KEY } from "@/lib/oncall/types";
import { getQueryClient } from "@/lib/query/query-client";

/**
 * Prefetches the on-call report on the server so the first paint has data, then hands it
 * to react-query: the `viewer`'s teams only (docs/auth.md, "Team scopes").
 */
export async function OnCallPrefetch({
  viewer,
  children,
}: {
  viewer: VerifiedSession;
  children: React.ReactNode;
}) {
  const client = getQueryClient();
  await client.prefetchQuery({
    queryKey: ONCALL_QUERY_KEY,
    queryFn: async () =>
      mergeReport(undefined, scopeOnCall(await getOnCall(), viewer, scopeOf(viewer))),
  });
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
