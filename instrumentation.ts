export async function register() {
  // Configuration is checked once, in the Node.js server, before the first request.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { requireFrontDoor, validateStartup } = await import("./lib/startup");
  validateStartup();
  requireFrontDoor();
  // Pages and figures cached under another build, catalog or data sources are dropped.
  const { claimCacheNamespace } = await import("./lib/cache/namespace");
  claimCacheNamespace();
  // Which metric names each workload's series carry: looked up now and every 5 minutes.
  const { startCatalogChecks } = await import("./lib/prometheus/resolved-catalog");
  startCatalogChecks();
  // Hourly cost from Prometheus into ClickHouse: every COST_SYNC_INTERVAL_MINUTES, one writer.
  const { startCostSync } = await import("./lib/cost/schedule");
  startCostSync();
  // Right-sizing reads 14 days of every container: computed at each 5-minute step, not per page.
  const { startRightSizingRefresh } = await import("./lib/cost/recommendations");
  startRightSizingRefresh();
}
