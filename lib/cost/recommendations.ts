/**
 * The right-sizing report (docs/numbers.md, "Right-sizing"): KRR's simple strategy for every
 * workload and container, loaded through the one cached loader. It is evaluated every 5
 * minutes (14 days of history barely move in 15 seconds, and the usage query reads all of
 * them), and a failing Prometheus leaves the last good recommendations, marked stale.
 * The server computes each 5-minute step itself, as a job would (startRightSizingRefresh),
 * so that /cost and the API read a result rather than wait seconds for 14 days of usage.
 */
import "server-only";
import { cachedPerStep } from "../cache/loader";
import { getEnv } from "../env";
import { settle, type PanelResult } from "../errors/data-source-error";
import { getPrometheus } from "../prometheus";
import { getResolvedCatalog } from "../prometheus/resolved-catalog";
import { readRightSizing } from "../prometheus/rightsizing-reads";
import { computeRightSizing, NOTHING_READ, type RightSizing } from "./rightsizing";

/** Recommendations are evaluated at times rounded down to this step. */
export const RIGHTSIZING_STEP_MS = 5 * 60_000;

export interface RecommendationsReport {
  /** ISO 8601: the evaluation time, a multiple of RIGHTSIZING_STEP_MS. */
  evaluatedAt: string;
  result: PanelResult<RightSizing>;
}

export function roundRightSizingTime(ms: number): Date {
  return new Date(Math.floor(ms / RIGHTSIZING_STEP_MS) * RIGHTSIZING_STEP_MS);
}

async function compute(evalMs: number): Promise<RecommendationsReport> {
  const time = new Date(evalMs);
  const { catalog } = await getResolvedCatalog();
  // Null when no workload is mapped to Kubernetes: every workload is then listed with why.
  const result = await settle(async () =>
    computeRightSizing(
      catalog,
      (await readRightSizing(getPrometheus(getEnv().RIGHTSIZING_TIMEOUT_MS), catalog, time)) ??
        NOTHING_READ,
    ),
  );
  return { evaluatedAt: time.toISOString(), result };
}

const loader = cachedPerStep<RecommendationsReport>({
  name: "rightsizing",
  failed: (r) => !r.result.ok,
  revalidateSeconds: RIGHTSIZING_STEP_MS / 1000,
  // A page or API request waits at most 2 s for a new 5-minute step once there is a
  // previous one; the computation (up to RIGHTSIZING_TIMEOUT_MS) goes on in the background.
  previousAfterMs: 2000,
});

/**
 * Every workload's right-sizing at `at` (default now), rounded down to 5 minutes: what
 * /cost's table, `GET /api/v1/cost/recommendations` and its CSV all read.
 */
export function getRecommendations(at: number = Date.now()): Promise<RecommendationsReport> {
  const evalMs = roundRightSizingTime(at).getTime();
  return loader.load([], evalMs, () => compute(evalMs));
}

/** No recommendations, not even stale ones: the API answers 503. */
export const recommendationsFailed = loader.failed;

/** How long after a 5-minute boundary the server computes the new step. */
export const REFRESH_DELAY_MS = 2_000;

interface RefreshState {
  timer?: NodeJS.Timeout;
  running?: boolean;
}
// One schedule per process, whichever bundle starts it.
const REFRESH_KEY = Symbol.for("sightline.rightsizing-refresh");
const refresh: RefreshState = ((globalThis as Record<symbol, RefreshState>)[REFRESH_KEY] ??= {});

/** Next.js's data cache exists once the server has answered its first request. */
const BEFORE_FIRST_REQUEST = /incrementalCache missing/;

async function refreshNow(): Promise<void> {
  if (refresh.running) return;
  refresh.running = true;
  try {
    await getRecommendations();
  } catch (e) {
    // Before the first request there is no data cache to fill: the first page computes.
    const message = e instanceof Error ? e.message : String(e);
    if (!BEFORE_FIRST_REQUEST.test(message)) console.error(`right-sizing refresh: ${message}`);
  } finally {
    refresh.running = false;
  }
}

/**
 * Computes the recommendations of each new 5-minute step REFRESH_DELAY_MS after it starts
 * (instrumentation.ts), in the server's background. Requests at a step join the computation
 * in flight, or are answered the previous step's after 2 s (the loader's previousAfterMs).
 */
export function startRightSizingRefresh(): void {
  if (refresh.timer) return;
  const schedule = () => {
    const now = Date.now();
    const next = roundRightSizingTime(now).getTime() + RIGHTSIZING_STEP_MS + REFRESH_DELAY_MS;
    refresh.timer = setTimeout(() => {
      void refreshNow();
      schedule();
    }, next - now);
    refresh.timer.unref();
  };
  schedule();
}
