/**
 * Requests from OpenTelemetry spans (docs/request-data.md): the SQL that reads the
 * Collector's ClickHouse exporter table (`otel_traces`, its own DDL) and writes request-log
 * rows, which the request log's materialized views roll up as any other. Spans that are
 * not a server's HTTP requests are counted per reason in otel_spans_1m.
 *
 * The table and the attribute key are configuration, validated by lib/env as identifiers;
 * they are part of view definitions, which take no parameters, so they are quoted here.
 */
import "server-only";
import { z } from "zod";
import { runCommand, selectRows, type ClickHouse } from "../connect";

export interface OtelSource {
  /** `table` or `database.table` (lib/env). */
  table: string;
  /** A resource attribute that names the workload; none: the span's ServiceName. */
  workloadAttribute?: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ATTRIBUTE = /^[A-Za-z0-9_.-]{1,128}$/;

/** The source table, quoted; the database is Sightline's own when none is named. */
export function quotedSource(src: OtelSource, database: string): string {
  const parts = src.table.includes(".") ? src.table.split(".") : [database, src.table];
  if (parts.length !== 2 || !parts.every((p) => IDENT.test(p))) {
    throw new Error(`not a table name: ${src.table}`);
  }
  return parts.map((p) => `\`${p}\``).join(".");
}

const literal = (key: string) => {
  if (!ATTRIBUTE.test(key)) throw new Error(`not an attribute key: ${key}`);
  return `'${key}'`;
};

/** The workload a span belongs to. */
function workloadOf(src: OtelSource): string {
  if (!src.workloadAttribute) return "ServiceName";
  const key = literal(src.workloadAttribute);
  return `if(ResourceAttributes[${key}] != '', ResourceAttributes[${key}], ServiceName)`;
}

// Semantic conventions 1.21 and later spell the status `http.response.status_code`, the
// method `http.request.method`; earlier ones `http.status_code`, `http.method`.
const STATUS_TEXT = `if(SpanAttributes['http.response.status_code'] != '',
  SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])`;
const STATUS = `toUInt16OrZero(${STATUS_TEXT})`;
const METHOD = `if(SpanAttributes['http.request.method'] != '',
  SpanAttributes['http.request.method'], SpanAttributes['http.method'])`;
const BYTES = `toUInt32OrZero(if(SpanAttributes['http.response.body.size'] != '',
  SpanAttributes['http.response.body.size'], SpanAttributes['http.response_content_length']))`;
// The exporter writes a span's kind as "Server"; some versions as "SPAN_KIND_SERVER".
const SERVER = `SpanKind IN ('Server', 'SPAN_KIND_SERVER')`;
const ROUTE = `SpanAttributes['http.route']`;

/**
 * How many requests a span stands for: the inverse of its sampling probability, from the
 * W3C tracestate's OpenTelemetry entry. `th` is the rejection threshold of 56-bit
 * randomness (probability (2^56 - th) / 2^56, hex right-padded to 14 digits); the older
 * `p` gives probability 2^-p. Without either, 1.
 */
export const SAMPLE_WEIGHT = `toUInt32(least(4294967295, multiIf(
  match(TraceState, '(?:^|,)ot=(?:[^,;]*;)*th:[0-9a-f]{1,14}(?:[;,]|$)'),
  round(exp2(56) / (exp2(56) - toFloat64(reinterpretAsUInt64(reverse(unhex(rightPad(
    extract(TraceState, '(?:^|,)ot=(?:[^,;]*;)*th:([0-9a-f]{1,14})'), 14, '0'))))))),
  match(TraceState, '(?:^|,)ot=(?:[^,;]*;)*p:[0-9]{1,2}(?:[;,]|$)'),
  exp2(least(32, toUInt8OrZero(extract(TraceState, '(?:^|,)ot=(?:[^,;]*;)*p:([0-9]{1,2})')))),
  1)))`;

/**
 * Why a span is not a request: '' when it is one. A request row meets every constraint of
 * the request log (migration 10), so the views never refuse the exporter's insert.
 */
const reason = (src: OtelSource) => `multiIf(NOT (${SERVER}), 'not_server',
  ${ROUTE} = '', 'no_route',
  ${STATUS} < 100 OR ${STATUS} > 599, 'bad_status',
  ${workloadOf(src)} = '' OR toInt64(Duration) < 0, 'malformed', '')`;

export const SPAN_KINDS = ["request", "not_server", "no_route", "bad_status", "malformed"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

/** Spans at or after `fromNs` (and before `toNs` when given), as a WHERE clause. */
function window(fromNs: bigint | null, toNs: bigint | null): string {
  const parts: string[] = [];
  if (fromNs !== null) parts.push(`Timestamp >= fromUnixTimestamp64Nano(toInt64(${fromNs}))`);
  if (toNs !== null) parts.push(`Timestamp < fromUnixTimestamp64Nano(toInt64(${toNs}))`);
  return parts.length ? parts.join(" AND ") : "1";
}

/** Request-log rows of the server spans in a window (columns of migration 1, in order). */
export function requestsSelect(
  src: OtelSource,
  database: string,
  fromNs: bigint | null,
  toNs: bigint | null,
): string {
  return `SELECT
      toDateTime64(Timestamp, 3, 'UTC') AS ts,
      ${workloadOf(src)} AS workload,
      ${ROUTE} AS route,
      ${METHOD} AS method,
      ${STATUS} AS status,
      toFloat32(Duration / 1e6) AS duration_ms,
      '' AS cache_status,
      ${BYTES} AS bytes,
      ResourceAttributes['k8s.pod.name'] AS pod,
      ${SAMPLE_WEIGHT} AS sample_weight
    FROM ${quotedSource(src, database)}
    WHERE ${window(fromNs, toNs)} AND ${reason(src)} = ''`;
}

/** Per-minute counts of the spans in a window: requests, and the others by reason. */
export function spansSelect(
  src: OtelSource,
  database: string,
  fromNs: bigint | null,
  toNs: bigint | null,
): string {
  return `SELECT
      toStartOfMinute(toDateTime(Timestamp, 'UTC')) AS minute,
      ${workloadOf(src)} AS workload,
      if(${reason(src)} = '', 'request', ${reason(src)}) AS reason,
      toUInt64(count()) AS spans
    FROM ${quotedSource(src, database)}
    WHERE ${window(fromNs, toNs)}
    GROUP BY minute, workload, reason`;
}

const REQUEST_COLUMNS =
  "ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight";

export const REQUESTS_VIEW = "otel_requests_mv";
export const SPANS_VIEW = "otel_spans_mv";

/** The two views that derive rows from spans written from `cutoffNs` on. */
export function createViews(src: OtelSource, database: string, cutoffNs: bigint): string[] {
  return [
    `CREATE MATERIALIZED VIEW IF NOT EXISTS \`${database}\`.${REQUESTS_VIEW}
      TO \`${database}\`.request_log (${REQUEST_COLUMNS}) AS
      ${requestsSelect(src, database, cutoffNs, null)}`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS \`${database}\`.${SPANS_VIEW}
      TO \`${database}\`.otel_spans_1m AS
      ${spansSelect(src, database, cutoffNs, null)}`,
  ];
}

export function dropViews(database: string): string[] {
  return [REQUESTS_VIEW, SPANS_VIEW].map((v) => `DROP VIEW IF EXISTS \`${database}\`.${v}`);
}

/** The backfill of one window: both inserts. */
export function backfillWindow(
  src: OtelSource,
  database: string,
  fromNs: bigint,
  toNs: bigint,
): string[] {
  return [
    `INSERT INTO \`${database}\`.request_log (${REQUEST_COLUMNS})
      ${requestsSelect(src, database, fromNs, toNs)}`,
    `INSERT INTO \`${database}\`.otel_spans_1m
      ${spansSelect(src, database, fromNs, toNs)}`,
  ];
}

/** The exporter's columns Sightline reads, with the types of its DDL. */
export const EXPECTED_COLUMNS: Record<string, RegExp> = {
  Timestamp: /^DateTime64\(9/,
  TraceState: /^String$/,
  SpanKind: /^LowCardinality\(String\)$|^String$/,
  ServiceName: /^LowCardinality\(String\)$|^String$/,
  ResourceAttributes: /^Map\(LowCardinality\(String\), String\)$/,
  SpanAttributes: /^Map\(LowCardinality\(String\), String\)$/,
  Duration: /^U?Int64$/,
};

/** The source table's columns and types; empty when it does not exist. */
export async function sourceColumns(
  ch: ClickHouse,
  src: OtelSource,
  database: string,
): Promise<Map<string, string>> {
  const [db, table] = src.table.includes(".") ? src.table.split(".") : [database, src.table];
  const rows = await selectRows(ch, {
    tag: "otel:columns",
    query: `SELECT name, type FROM system.columns WHERE database = {db:String} AND table = {table:String}`,
    params: { db, table },
    row: z.object({ name: z.string(), type: z.string() }),
  });
  return new Map(rows.map((r) => [r.name, r.type]));
}

/** The span time range of the source before `beforeNs`: nulls when it holds none. */
export async function sourceSpan(
  ch: ClickHouse,
  src: OtelSource,
  database: string,
  beforeNs: bigint,
): Promise<{ minNs: bigint | null; spans: number }> {
  const rows = await selectRows(ch, {
    tag: "otel:span",
    query: `SELECT toString(min(toUnixTimestamp64Nano(Timestamp))) AS min, count() AS spans
      FROM ${quotedSource(src, database)} WHERE ${window(null, beforeNs)}`,
    params: {},
    row: z.object({ min: z.string(), spans: z.number() }),
  });
  const r = rows[0];
  return !r || r.spans === 0 ? { minNs: null, spans: 0 } : { minNs: BigInt(r.min), spans: r.spans };
}

/** A workload's spans over [from, to): requests, and the others per reason. */
export async function fetchSpanCounts(
  ch: ClickHouse,
  workload: string,
  fromMs: number,
  toMs: number,
): Promise<Partial<Record<SpanKind, number>>> {
  const rows = await selectRows(ch, {
    tag: "otel:spans",
    query: `SELECT reason, sum(spans) AS spans FROM {db}.otel_spans_1m
      WHERE workload = {workload:String}
        AND minute >= toDateTime({from:UInt32}) AND minute < toDateTime({to:UInt32})
      GROUP BY reason`,
    params: { workload, from: Math.floor(fromMs / 1000), to: Math.floor(toMs / 1000) },
    row: z.object({ reason: z.enum(SPAN_KINDS), spans: z.number() }),
  });
  return Object.fromEntries(rows.map((r) => [r.reason, r.spans]));
}

/** The link of a source: from when its views count spans, how far the backfill came. */
export interface OtelLink {
  source: string;
  cutoffNs: bigint;
  /** The earliest span before the cutoff when the link was made (the backfill's start). */
  minNs: bigint;
  /** Spans before this time are backfilled (minNs: none yet; cutoffNs: all). */
  backfilledToNs: bigint;
  spansBefore: number;
}

export async function readLink(ch: ClickHouse, source: string): Promise<OtelLink | null> {
  const rows = await selectRows(ch, {
    tag: "otel:link",
    query: `SELECT source, toString(cutoff_ns) AS cutoff, toString(min_ns) AS min,
        toString(backfilled_to_ns) AS done, spans_before
      FROM {db}.otel_links FINAL WHERE source = {source:String}`,
    params: { source },
    row: z.object({
      source: z.string(),
      cutoff: z.string(),
      min: z.string(),
      done: z.string(),
      spans_before: z.number(),
    }),
  });
  const r = rows[0];
  if (!r) return null;
  return {
    source: r.source,
    cutoffNs: BigInt(r.cutoff),
    minNs: BigInt(r.min),
    backfilledToNs: BigInt(r.done),
    spansBefore: r.spans_before,
  };
}

export async function writeLink(ch: ClickHouse, link: OtelLink): Promise<void> {
  await runCommand(ch, {
    tag: "otel:link",
    query: `INSERT INTO {db}.otel_links (source, cutoff_ns, min_ns, backfilled_to_ns, spans_before)
      VALUES ({source:String}, {cutoff:Int64}, {min:Int64}, {done:Int64}, {spans:UInt64})`,
    params: {
      source: link.source,
      cutoff: link.cutoffNs.toString(),
      min: link.minNs.toString(),
      done: link.backfilledToNs.toString(),
      spans: link.spansBefore,
    },
  });
}

/** Sightline's views on spans that exist now (none, one or both). */
export async function existingViews(ch: ClickHouse): Promise<string[]> {
  const rows = await selectRows(ch, {
    tag: "otel:views",
    query: `SELECT name FROM system.tables
      WHERE database = {database:String} AND name IN ({names:Array(String)})`,
    params: { database: ch.database, names: [REQUESTS_VIEW, SPANS_VIEW] },
    row: z.object({ name: z.string() }),
  });
  return rows.map((r) => r.name);
}
