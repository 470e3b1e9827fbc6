import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "../env";
import { sightlineMetrics } from "./registry";

/**
 * What the app records (docs/own-metrics.md); the front door records HTTP requests itself
 * (./http.ts). Every function here writes to the process's one registry (./registry.ts).
 */

export type BackendSource = "prometheus" | "clickhouse";
export type QueryOutcome = "ok" | "error" | "timeout";

/** One query sent to a data source, from `startedMs` (performance.now()) until now. */
export function recordQuery(source: BackendSource, outcome: QueryOutcome, startedMs: number) {
  sightlineMetrics().backendQueries.observe(
    { source, outcome },
    (performance.now() - startedMs) / 1000,
  );
}

/** A lookup of the per-step data cache of report `cache` (lib/cache/loader.ts). */
export function recordCacheLookup(cache: string, hit: boolean) {
  sightlineMetrics().cache.inc({ cache, result: hit ? "hit" : "miss" });
}

/** Pages whose server renders are measured. */
export type MeasuredPage = "overview" | "workload" | "cost";

/**
 * Runs a page's server component body and records how long it took, whatever its outcome
 * (a notFound() or a failed source counts too): its data loaded and its tree returned.
 */
export async function measureRender<T>(page: MeasuredPage, render: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await render();
  } finally {
    sightlineMetrics().pageRenders.observe({ page }, (performance.now() - started) / 1000);
  }
}

export type CostSyncRunResult = "synced" | "up-to-date" | "skipped" | "no-data" | "failed";

/** A run of the in-server cost sync; `watermarkMs`: the end of the last hour with rows. */
export function recordCostSync(result: CostSyncRunResult, watermarkMs?: number | null) {
  const m = sightlineMetrics();
  m.costSyncRuns.inc({ result });
  if (watermarkMs != null) m.costWatermarkMs = watermarkMs;
}

export type ReportViewResult = "ok" | "gone" | "sign-in" | "unknown";

/** A report link opened (lib/share's readReport). */
export function recordReportView(result: ReportViewResult) {
  sightlineMetrics().reportViews.inc({ result });
}

/** The exposition in Prometheus's text format, and its content type. */
export async function exposition(): Promise<{ body: string; contentType: string }> {
  const { registry } = sightlineMetrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Whether a scrape may read /api/metrics: with METRICS_TOKEN set, only with
 * `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time); without it, anyone,
 * as the metrics carry no workload, user or token (docs/security.md).
 */
export function metricsAllowed(authorization: string | null): boolean {
  const token = getEnv().METRICS_TOKEN;
  if (!token) return true;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "");
  return !!m && timingSafeEqual(digest(m[1]!), digest(token));
}
