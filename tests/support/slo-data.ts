/**
 * The SLO data set: 31 days at one-minute steps, answers worked out by hand.
 * steady: exactly 0.1 % errors and 96 % of requests ≤ 200 ms throughout.
 * bursty: no errors, then 50 % errors for the last 2 hours.
 */
import { seriesKey, type SteppedData, type SteppedSeries } from "@/scripts/lib/backfill";

const MIN = 60_000;
const DAY = 1440 * MIN;

function series(endMs: number): SteppedSeries[] {
  const burst = (t: number) => t > endMs - 120 * MIN;
  const s = (name: string, labels: Record<string, string>, at: (t: number) => number) => ({
    key: seriesKey(name, { job: "slo", instance: "slo", ...labels }),
    at,
  });
  const steady = { service: "steady" };
  const bursty = { service: "bursty" };
  return [
    s("http_requests_total", { ...steady, status: "200" }, () => 9990),
    s("http_requests_total", { ...steady, status: "500" }, () => 10),
    s("http_request_duration_seconds_bucket", { ...steady, le: "0.1" }, () => 7000),
    s("http_request_duration_seconds_bucket", { ...steady, le: "0.2" }, () => 9600),
    s("http_request_duration_seconds_bucket", { ...steady, le: "0.5" }, () => 9950),
    s("http_request_duration_seconds_bucket", { ...steady, le: "+Inf" }, () => 10000),
    s("http_request_duration_seconds_count", steady, () => 10000),
    s("http_requests_total", { ...bursty, status: "200" }, (t) => (burst(t) ? 500 : 1000)),
    s("http_requests_total", { ...bursty, status: "503" }, (t) => (burst(t) ? 500 : 0)),
  ];
}

/** The SLO data set for [endMs − 31 d, endMs], at one-minute steps. */
export function sloDataSet(endMs: number): SteppedData {
  return { startMs: endMs - 31 * DAY, endMs, stepMs: MIN, series: series(endMs) };
}

const b = 0.001; // budget at 99.9 %
const burst = {
  "5m": 0.5,
  "30m": 0.5,
  "1h": 0.5,
  "2h": 0.5,
  "6h": 120 / 360 / 2,
  "1d": 120 / 1440 / 2,
  "3d": 120 / 4320 / 2,
};

/** Hand-worked figures at the end of the data set. */
export const SLO_EXPECTED = {
  steady: {
    availability: { sli: 0.999, budgetRemaining: 0, burn: 1 },
    // 96 % ≤ 200 ms against 95 %: e = 0.04 of a 0.05 budget
    "latency-200ms": { sli: 0.96, budgetRemaining: 1 - 0.04 / 0.05, burn: 0.04 / 0.05 },
  },
  bursty: {
    // 120 minutes × 500 errors over 43,200 minutes × 1,000 requests
    availability: {
      sli: 1 - (120 * 500) / (43200 * 1000),
      budgetRemaining: 1 - (120 * 500) / (43200 * 1000) / b,
      burnRates: Object.fromEntries(Object.entries(burst).map(([w, e]) => [w, e / b])),
      firing: { "page-fast": true, "page-slow": true, "ticket-1d": true, "ticket-3d": true },
    },
  },
};
