/**
 * The right-sizing report (docs/numbers.md, "Right-sizing"): KRR's simple strategy for every
 * workload and container, loaded through the one cached loader. It is evaluated every 5
 * minutes (14 days of history barely move in 15 seconds, and the usage query reads all of
 * them), and a failing Prometheus leaves the last good recommendations, marked stale.
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
