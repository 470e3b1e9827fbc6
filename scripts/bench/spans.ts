/**
 * npm run bench:spans — requests from OpenTelemetry spans in the embedded ClickHouse engine
 * (docs/request-data.md): 100 M spans of one service over 30 days, in the exporter's own
 * table, inserted through Sightline's views (so the insert pays for them), then the route
 * table over the 30 days from the rollups against the same answer computed from the raw
 * spans. Prints rows per second and the ratio, measured in this one run (the machine is
 * shared). `-- --spans N` sets the number of spans.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectClickHouse, migrate, type ClickHouse } from "../../lib/clickhouse/connect";
import { linkTraces } from "../../lib/clickhouse/otel-link";
import { SAMPLE_WEIGHT } from "../../lib/clickhouse/queries/otel";
import { fetchRouteRows } from "../../lib/clickhouse/queries/routes";
import { otelTracesDdl } from "../lib/otel-ddl";
import { fmtX, printTable, type Row } from "./app-report";

const SPANS = Number(process.argv[process.argv.indexOf("--spans") + 1]) || 100_000_000;
const BATCH = 5_000_000;
const DAY = 86_400_000;
const TABLE = "otel.otel_traces";
const SERVICE = "api-gateway";
const ROUTES = ["/v1/products", "/v1/products/{id}", "/v1/search", "/v1/orders", "/v1/orders/{id}"];

const log = (s: string) => console.log(s);

/** `n` server spans from `offset` on, evenly over [fromMs, fromMs + 30 days), one in ten a
 * client span, one in four sampled at 1/4. */
const insertSql = (offset: number, n: number, fromMs: number) => `
INSERT INTO ${TABLE} (Timestamp, TraceId, SpanId, TraceState, SpanName, SpanKind, ServiceName,
  ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode)
SELECT
  fromUnixTimestamp64Milli(toInt64(${fromMs} + intDiv(number * ${30 * DAY}, ${SPANS}))) AS Timestamp,
  lower(hex(number)) AS TraceId,
  lower(hex(number * 7)) AS SpanId,
  if(number % 4 = 0, 'ot=th:c', '') AS TraceState,
  route AS SpanName,
  if(number % 10 = 9, 'Client', 'Server') AS SpanKind,
  '${SERVICE}' AS ServiceName,
  map('service.name', '${SERVICE}', 'k8s.pod.name', concat('${SERVICE}-', toString(number % 6))),
  '@opentelemetry/instrumentation-http', '0.57.2',
  map('http.route', route, 'http.request.method', 'GET',
      'http.response.status_code', if(number % 97 = 0, '503', '200')) AS SpanAttributes,
  toUInt64((5 + (number * 2654435761) % 400) * 1000000) AS Duration,
  'Unset'
FROM (SELECT number, [${ROUTES.map((r) => `'${r}'`).join(", ")}][1 + number % ${ROUTES.length}] AS route
      FROM numbers(${offset}, ${n}))
SETTINGS max_threads = 2, max_insert_threads = 2`;

/** The route table over [from, to) computed from the raw spans, as the views would. */
const RAW_SQL = `SELECT SpanAttributes['http.route'] AS route,
    sum(${SAMPLE_WEIGHT}) AS total,
    sumIf(${SAMPLE_WEIGHT}, toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500) AS failed,
    quantilesTDigestWeighted(0.95, 0.99)(Duration / 1e6, ${SAMPLE_WEIGHT}) AS q
  FROM ${TABLE}
  WHERE ServiceName = {service:String} AND SpanKind = 'Server'
    AND SpanAttributes['http.route'] != ''
    AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})
  GROUP BY route ORDER BY total DESC, route`;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "sightline-bench-spans-"));
  const ch: ClickHouse = connectClickHouse({
    user: "default",
    password: "",
    database: "sightline",
    dataDir: join(dir, "clickhouse"),
    timeoutMs: 3_600_000,
  });
  try {
    await migrate(ch);
    await ch.client.command({ query: "CREATE DATABASE IF NOT EXISTS otel" });
    await ch.client.command({ query: otelTracesDdl(TABLE) });
    const toMs = Math.floor(Date.now() / 60_000) * 60_000;
    const fromMs = toMs - 30 * DAY;
    // Linked before the spans arrive: every span below goes through the views.
    await linkTraces(ch, { table: TABLE }, BigInt(fromMs) * 1_000_000n);
    log(`bench:spans — ${SPANS.toLocaleString("en-US")} spans of ${SERVICE} over 30 days`);
    const t0 = performance.now();
    for (let offset = 0; offset < SPANS; offset += BATCH) {
      const n = Math.min(BATCH, SPANS - offset);
      await ch.client.command({ query: insertSql(offset, n, fromMs) });
      const s = (performance.now() - t0) / 1000;
      log(
        `  ingest ${(((offset + n) / SPANS) * 100).toFixed(0).padStart(3)} %  ` +
          `${((offset + n) / 1e6).toFixed(0)}M spans  ${s.toFixed(0)} s  ` +
          `${((offset + n) / s / 1000).toFixed(0)}k spans/s`,
      );
    }
    const ingestS = (performance.now() - t0) / 1000;
    await ch.client.command({ query: "OPTIMIZE TABLE sightline.request_rollup_1m FINAL" });

    // Alternate the two answers, three times each: the medians are compared.
    const rollup: number[] = [];
    const raw: number[] = [];
    let rows: Awaited<ReturnType<typeof fetchRouteRows>>["rows"] = [];
    let rawRows: { route: string; total: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await timed(() => fetchRouteRows(ch, SERVICE, fromMs, toMs));
      rollup.push(a.ms);
      rows = a.value.rows;
      const b = await timed(async () => {
        const rs = await ch.client.query({
          query: RAW_SQL,
          query_params: { service: SERVICE, from: fromMs, to: toMs },
          format: "JSONEachRow",
        });
        return rs.json<{ route: string; total: string | number }>();
      });
      raw.push(b.ms);
      rawRows = b.value.map((r) => ({ route: r.route, total: Number(r.total) }));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const same =
      rows.length === rawRows.length &&
      rows.every((r, i) => r.route === rawRows[i]!.route && r.requests === rawRows[i]!.total);
    log(`  route table from rollups: ${rollup.map((x) => x.toFixed(0)).join(", ")} ms`);
    log(`  the same from raw spans:  ${raw.map((x) => x.toFixed(0)).join(", ")} ms`);
    log(`  answers equal (routes and requests): ${same}`);
    const table: Row[] = [
      {
        metric: "span ingest through the views, spans/s",
        measured: `${(SPANS / ingestS).toFixed(0)} spans/s (${SPANS.toLocaleString("en-US")} in ${ingestS.toFixed(0)} s)`,
        target: "reported",
        ratio: "—",
        pass: true,
      },
      {
        metric: "route table, 30 days, from rollups",
        measured: `${med(rollup).toFixed(0)} ms (median of 3)`,
        target: "≤ 1 s",
        ratio: fmtX(med(rollup) / 1000),
        pass: med(rollup) <= 1000 && same,
      },
      {
        metric: "raw spans / rollups, same answer",
        measured: `${med(raw).toFixed(0)} / ${med(rollup).toFixed(0)} ms`,
        target: "≥ 10×",
        ratio: fmtX(med(raw) / med(rollup)),
        pass: med(raw) / med(rollup) >= 10 && same,
      },
    ];
    printTable(table);
  } finally {
    await ch.client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:spans failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
