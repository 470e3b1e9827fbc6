import "server-only";
import { createHash } from "node:crypto";
import { getCatalog, getCatalogHash, type Catalog } from "../catalog";
import { DataSourceError } from "../errors/data-source-error";
import { discoverCatalog, uncheckedReport, type CatalogCheck } from "./discovery";
import { getPrometheus } from "./index";

/** The catalog with each workload's metric names as found in Prometheus. */
export interface ResolvedCatalog {
  catalog: Catalog;
  report: CatalogCheck;
  /**
   * The catalog's hash and the names in use: every cached figure is keyed by it (with the
   * cache namespace, lib/cache/loader.ts), so a changed catalog or a newly found spelling
   * is never answered from the old one's cache.
   */
  fingerprint: string;
  checkedAtMs: number;
}

/** How often the names are looked up again, and how soon after a failed lookup. */
export const CHECK_INTERVAL_MS = 5 * 60_000;
export const RETRY_MS = 30_000;
/**
 * For this long after the first lookup, a workload whose request or latency series are
 * missing is looked up again after RETRY_MS: the lookup at start runs before Prometheus can
 * have scraped a target that comes up with Sightline (Sightline's own /api/metrics, listed in
 * its catalog, docs/own-metrics.md), which would otherwise read as missing for 5 minutes.
 * Later, a missing workload is a real gap (no scrape job, a wrong name) and waits the interval.
 */
export const START_RETRY_MS = CHECK_INTERVAL_MS;

interface State {
  current?: ResolvedCatalog;
  /** When the first lookup began. */
  firstMs?: number;
  inflight?: Promise<ResolvedCatalog>;
  timer?: NodeJS.Timeout;
}
// One state per process, whichever bundle (instrumentation, pages, route handlers) asks.
const KEY = Symbol.for("sightline.resolved-catalog");
const state: State = ((globalThis as Record<symbol, State>)[KEY] ??= {});

function resolved(catalog: Catalog, report: CatalogCheck, at: Date): ResolvedCatalog {
  const names = catalog.workloads.map((w) => [w.name, w.convention]);
  const fingerprint = createHash("sha256")
    .update(getCatalogHash())
    .update(JSON.stringify(names))
    .digest("hex")
    .slice(0, 16);
  return { catalog, report, fingerprint, checkedAtMs: at.getTime() };
}

async function check(): Promise<ResolvedCatalog> {
  const file = getCatalog();
  const now = new Date();
  state.firstMs ??= now.getTime();
  try {
    const { catalog, report } = await discoverCatalog(getPrometheus(), file, now);
    return resolved(catalog, report, now);
  } catch (e) {
    // Prometheus unreachable (or a lookup it refused): read with each preset's first
    // spelling, and ask again soon. The pages go on; the check report says why.
    const message = e instanceof Error ? e.message : String(e);
    if (!(e instanceof DataSourceError)) console.error(`sightline: catalog check: ${message}`);
    return resolved(file, uncheckedReport(file, now, message), now);
  }
}

function refresh(): Promise<ResolvedCatalog> {
  state.inflight ??= check()
    .then((r) => (state.current = r))
    .finally(() => (state.inflight = undefined));
  return state.inflight;
}

/**
 * The resolved catalog. The first call waits for the lookup (bounded by the Prometheus
 * deadline); later calls answer at once and refresh in the background when it is due.
 */
export async function getResolvedCatalog(): Promise<ResolvedCatalog> {
  const cur = state.current;
  if (!cur) return refresh();
  const due = cur.report.ok && !missingAtStart(cur) ? CHECK_INTERVAL_MS : RETRY_MS;
  if (Date.now() - cur.checkedAtMs >= due) void refresh().catch(() => {});
  return cur;
}

/** A lookup within START_RETRY_MS of the first that found a workload's series missing. */
function missingAtStart(r: ResolvedCatalog): boolean {
  return (
    r.checkedAtMs - (state.firstMs ?? r.checkedAtMs) < START_RETRY_MS &&
    r.report.workloads.some((w) => w.metrics.some((m) => !m.optional && m.state === "missing"))
  );
}

/** Looks the names up now, then every CHECK_INTERVAL_MS (instrumentation.ts, at start). */
export function startCatalogChecks(): void {
  if (state.timer) return;
  void refresh().catch(() => {});
  state.timer = setInterval(() => void refresh().catch(() => {}), CHECK_INTERVAL_MS);
  state.timer.unref();
}
