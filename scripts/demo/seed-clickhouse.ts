import type { ClickHouseClient } from "@clickhouse/client";
import type { ClickHouse } from "../../lib/clickhouse/connect";
import { hourlyFromMinutes, workloadHourlyFromMinutes } from "../../lib/clickhouse/migrations";
import { backfill, linkTraces } from "../../lib/clickhouse/otel-link";
import { otelTracesDdl } from "../lib/otel-ddl";
import { STATUSES, type Estate } from "./model";
import { routeTableRows } from "./routes";

/** One log row stands for this many requests (1-in-N sampling, sample_weight = N). */
export const SAMPLE_EVERY: Record<string, number> = {
  superset: 1,
  clickhouse: 4,
  checkout: 5,
  search: 20,
  "web-frontend": 50,
  "api-gateway": 100,
  "tracking-api": 200,
  "redis-cache": 250,
};

const STAGE = "sightline_demo";

/**
 * The workloads instrumented with OpenTelemetry deliver their requests as server spans
 * into the Collector exporter's table (docs/request-data.md); the others write the request
 * log, as an access-log pipeline would. The app reads both the same way.
 */
export const SPAN_WORKLOADS = ["api-gateway", "web-frontend"];
/** The exporter's default database and table (CLICKHOUSE_OTEL_TRACES_TABLE of the demo). */
export const DEMO_TRACES_TABLE = "otel.otel_traces";

export interface SeedResult {
  rows: number;
  seconds: number;
}

interface StageRow {
  workload: string;
  minute: number;
  counts: number[];
  mu: number;
  sigma: number;
  hit: number;
  pods: string[];
  k: number;
}

/** The sampled requests of the staged minutes, one row each, of the workloads `which` picks. */
const requestsOf = (which: "IN" | "NOT IN") =>
  `SELECT
  minute * 60 + (rand(1) % 60000) / 1000 AS t,
  x.workload AS workload,
  r.routes[ri] AS route,
  r.methods[ri] AS method,
  status,
  exp(mu + sigma * randNormal(0, 1)) * 1000 AS ms,
  if(hit < 0, 'none', if(randCanonical(2) < hit, 'hit', 'miss')) AS cache_status,
  toUInt32(if(status >= 400, 180, r.bytes[ri]) * exp(0.4 * randNormal(0, 2))) AS bytes,
  pods[1 + rand(3) % length(pods)] AS pod,
  if(i + 1 = n, cnt - k * (n - 1), k) AS weight
FROM (
  SELECT workload, minute, mu, sigma, hit, pods, k,
    st.1 AS status, st.2 AS cnt, intDiv(cnt + k - 1, k) AS n,
    arrayJoin(range(n)) AS i, randCanonical(4) AS u
  FROM ${STAGE}.minutes
  ARRAY JOIN arrayZip([${STATUSES.join(", ")}], counts) AS st
  WHERE st.2 > 0 AND workload ${which} (${SPAN_WORKLOADS.map((w) => `'${w}'`).join(", ")})
) AS x
INNER JOIN ${STAGE}.routes AS r ON x.workload = r.workload`.replaceAll(
    "[ri]",
    "[if(status = 201 AND r.has_post = 1, arrayFirstIndex(c -> c >= u, r.cumw_post), arrayFirstIndex(c -> c >= u, r.cumw))]",
  );

const ROWS_SQL = `
INSERT INTO {db}.request_log
  (ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight)
SELECT toDateTime64(t, 3, 'UTC'), workload, route, method, status, toFloat32(ms), cache_status,
  bytes, pod, weight
FROM (${requestsOf("NOT IN")})
SETTINGS max_threads = 2`;

/**
 * The same requests as server spans, as an OpenTelemetry SDK samples them and the exporter
 * writes them: a span kept with probability 1/weight carries the threshold of that
 * probability in its tracestate (ot=th), so the app weighs it back. Each server span of the
 * gateway has a client span to a backend besides (not a request: the route panel counts it).
 */
const SPANS_SQL = `
INSERT INTO ${DEMO_TRACES_TABLE}
  (Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName,
   ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode)
SELECT
  toDateTime64(t + kind * 0.001, 9) AS Timestamp,
  trace AS TraceId,
  if(kind = 0, server, substring(replaceAll(toString(generateUUIDv4(kind)), '-', ''), 1, 16))
    AS SpanId,
  if(kind = 0, '', server) AS ParentSpanId,
  if(weight = 1, '', concat('ot=th:', lower(leftPad(hex(toUInt64(exp2(56) * (1 - 1 / weight))), 14, '0'))))
    AS TraceState,
  if(kind = 0, concat(method, ' ', route), 'GET') AS SpanName,
  if(kind = 0, 'Server', 'Client') AS SpanKind,
  workload AS ServiceName,
  map('service.name', workload, 'k8s.pod.name', pod, 'k8s.namespace.name', 'shop') AS ResourceAttributes,
  '@opentelemetry/instrumentation-http' AS ScopeName,
  '0.57.2' AS ScopeVersion,
  if(kind = 0,
    map('http.request.method', method, 'http.route', route, 'url.scheme', 'http',
        'http.response.status_code', toString(status), 'http.response.body.size', toString(bytes)),
    map('http.request.method', 'GET', 'server.address', 'catalog', 'server.port', '8080',
        'http.response.status_code', '200')) AS SpanAttributes,
  toUInt64(if(kind = 0, ms, ms / 3) * 1e6) AS Duration,
  if(kind = 0 AND status >= 500, 'Error', 'Unset') AS StatusCode
FROM (
  SELECT *, replaceAll(toString(generateUUIDv4()), '-', '') AS trace,
    substring(replaceAll(toString(generateUUIDv4(1)), '-', ''), 1, 16) AS server
  FROM (${requestsOf("IN")})
)
ARRAY JOIN if(workload = 'api-gateway', [0, 1], [0]) AS kind
SETTINGS max_threads = 2`;

async function count(client: ClickHouseClient, query: string): Promise<number> {
  const rs = await client.query({ query, format: "JSONEachRow" });
  const rows = await rs.json<{ n: string | number }>();
  return Number(rows[0]?.n ?? 0);
}

/** Removes what an earlier seeding wrote in [fromMs, toMs), so re-runs never double rows. */
async function clearRange(ch: ClickHouse, fromMs: number, toMs: number) {
  const { client, database: db } = ch;
  const from = fromMs / 1000;
  const to = toMs / 1000;
  const settings = { mutations_sync: "2" } as const;
  const ts = `toDateTime64(${from}, 3, 'UTC') AND ts < toDateTime64(${to}, 3, 'UTC')`;
  if ((await count(client, `SELECT count() AS n FROM ${db}.request_log WHERE ts >= ${ts}`)) > 0) {
    await client.command({
      query: `ALTER TABLE ${db}.request_log DELETE WHERE ts >= ${ts}`,
      clickhouse_settings: settings,
    });
  }
  const spans = `fromUnixTimestamp64Milli(${fromMs}) AND Timestamp < fromUnixTimestamp64Milli(${toMs})`;
  if (
    (await count(
      client,
      `SELECT count() AS n FROM ${DEMO_TRACES_TABLE} WHERE Timestamp >= ${spans}`,
    )) > 0
  ) {
    await client.command({
      query: `ALTER TABLE ${DEMO_TRACES_TABLE} DELETE WHERE Timestamp >= ${spans}`,
      clickhouse_settings: settings,
    });
  }
  const minute = `toDateTime(${from}, 'UTC') AND minute < toDateTime(${to}, 'UTC')`;
  for (const table of ["request_rollup_1m", "otel_spans_1m"]) {
    if (
      (await count(client, `SELECT count() AS n FROM ${db}.${table} WHERE minute >= ${minute}`)) > 0
    ) {
      await client.command({
        query: `ALTER TABLE ${db}.${table} DELETE WHERE minute >= ${minute}`,
        clickhouse_settings: settings,
      });
    }
  }
  // Hourly rollups: the hours from the one `from` falls in go; that hour's minutes before
  // `from` come back from the per-minute rollup, and the new log rows refill the rest.
  const hourStart = Math.floor(from / 3600) * 3600;
  const hours = `toDateTime(${hourStart}, 'UTC') AND hour < toDateTime(${to}, 'UTC')`;
  const kept = `minute >= toDateTime(${hourStart}, 'UTC') AND minute < toDateTime(${from}, 'UTC')`;
  for (const [table, refill] of [
    ["request_rollup_1h", hourlyFromMinutes],
    ["workload_rollup_1h", workloadHourlyFromMinutes],
  ] as const) {
    if (
      (await count(client, `SELECT count() AS n FROM ${db}.${table} WHERE hour >= ${hours}`)) > 0
    ) {
      await client.command({
        query: `ALTER TABLE ${db}.${table} DELETE WHERE hour >= ${hours}`,
        clickhouse_settings: settings,
      });
      await client.command({ query: refill(kept).replaceAll("{db}", db) });
    }
  }
}

async function prepareStaging(client: ClickHouseClient, workloads: string[]): Promise<void> {
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${STAGE}` });
  await client.command({
    query: `CREATE OR REPLACE TABLE ${STAGE}.minutes (workload String, minute UInt32,
      counts Array(UInt32), mu Float64, sigma Float64, hit Float64, pods Array(String),
      k UInt32) ENGINE = Memory`,
  });
  await client.command({
    query: `CREATE OR REPLACE TABLE ${STAGE}.routes (workload String, routes Array(String),
      methods Array(String), bytes Array(UInt32), cumw Array(Float64), cumw_post Array(Float64),
      has_post UInt8) ENGINE = Memory`,
  });
  await client.insert({
    table: `${STAGE}.routes`,
    values: routeTableRows(workloads),
    format: "JSONEachRow",
  });
}

/**
 * Seeds the request log for [fromMs, toMs) (whole minutes) from the
 * model: for every (workload, minute, status) the rows' sample_weight sums to exactly
 * the count Prometheus gets. Cost is not seeded: the cost sync computes it from the
 * cluster series the history backfill writes (demo/main.ts, lib/demo-estate.ts).
 */
export async function seedClickHouse(opts: {
  ch: ClickHouse;
  estate: Estate;
  fromMs: number;
  toMs: number;
  log: (line: string) => void;
}): Promise<SeedResult> {
  const { ch, estate, log } = opts;
  const { client, database: db } = ch;
  const started = Date.now();
  const from = opts.fromMs / 60_000;
  const to = opts.toMs / 60_000;
  await client.command({ query: "CREATE DATABASE IF NOT EXISTS otel" });
  await client.command({ query: otelTracesDdl(DEMO_TRACES_TABLE) });
  await clearRange(ch, opts.fromMs, opts.toMs);
  await prepareStaging(
    client,
    estate.workloads.map((w) => w.name),
  );
  const rowsSql = ROWS_SQL.replaceAll("{db}", db);
  const dayMinutes = 1440;
  const days = Math.ceil((to - from) / dayMinutes);
  let rows = 0;
  let lastReport = 0;
  for (let d = 0; d < days; d++) {
    const start = from + d * dayMinutes;
    const end = Math.min(to, from + (d + 1) * dayMinutes);
    const stage: StageRow[] = [];
    for (let m = start; m < end; m++) {
      for (const w of estate.workloads) {
        const s = estate.sample(w, m);
        const k = SAMPLE_EVERY[w.name] ?? 10;
        for (const n of s.statusCounts) rows += Math.ceil(n / k);
        stage.push({
          workload: w.name,
          minute: m,
          counts: s.statusCounts,
          mu: s.mu,
          sigma: s.sigma,
          hit: w.profile.hitRatio === undefined || s.total === 0 ? -1 : s.hits / s.total,
          // the pods serving this minute, by the names Kubernetes gave them
          pods: s.pods.filter((p) => !p.draining).map((p) => p.pod.name),
          k,
        });
      }
    }
    await client.command({ query: `TRUNCATE TABLE ${STAGE}.minutes` });
    await client.insert({ table: `${STAGE}.minutes`, values: stage, format: "JSONEachRow" });
    await client.command({ query: rowsSql });
    await client.command({ query: SPANS_SQL });
    const now = Date.now();
    if (d === days - 1 || now - lastReport > 3000) {
      lastReport = now;
      const pct = ((100 * (d + 1)) / days).toFixed(0).padStart(3);
      log(`  seed ${pct} %  day ${d + 1}/${days}  ${(rows / 1e6).toFixed(1)}M rows`);
    }
  }
  await client.command({ query: `DROP DATABASE IF EXISTS ${STAGE}` });
  await linkSpans(ch, opts.toMs, log);
  return { rows, seconds: (Date.now() - started) / 1000 };
}

/**
 * Links the request log to the spans as the app does at start (lib/clickhouse/otel-link.ts),
 * from the end of the seeded range: spans seeded before it are backfilled here, with
 * progress; spans seeded later (the next start's catch-up) reach the views as written.
 */
async function linkSpans(ch: ClickHouse, toMs: number, log: (line: string) => void) {
  const src = { table: DEMO_TRACES_TABLE };
  const link = await linkTraces(ch, src, BigInt(toMs) * 1_000_000n);
  if (!link || link.backfilledToNs >= link.cutoffNs) return;
  await backfill(ch, src, link, (done, total) => {
    if (done === total || done % 5 === 0) log(`  spans → request log: day ${done}/${total}`);
  });
}
