import { QueryClient, isServer } from "@tanstack/react-query";

/** Data older than this is refetched when a view mounts or refocuses. */
export const STALE_MS = 15_000;

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: STALE_MS, refetchOnWindowFocus: true, retry: 1 },
    },
  });
}

let browserClient: QueryClient | undefined;

/**
 * A fresh client per server render (never shared between requests), one per browser tab.
 * Server components prefetch into it and hand the state over with HydrationBoundary.
 */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
