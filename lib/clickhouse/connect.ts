import "server-only";
import { createClient, type ClickHouseClient } from "@clickhouse/client";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { DataSourceError, describeCause } from "../errors/data-source-error";
import { recordQuery } from "../metrics";
import { MIGRATIONS } from "./migrations";

export interface ClickHouseConfig {
  /** HTTP(S) URL of a ClickHouse server; unset means the embedded engine. */
  url?: string;
  user: string;
  password: string;
  database: string;
  /** Data directory of the embedded engine. */
  dataDir: string;
  timeoutMs: number;
}

export interface ClickHouse {
  client: ClickHouseClient;
  database: string;
  timeoutMs: number;
  transport: "http" | "embedded";
}

/**
 * One client, two transports (docs/architecture.md, "ClickHouse: one client, embedded or
 * remote"): HTTP to a server, or the embedded chdb engine behind the same @clickhouse/client
 * API.
 */
export function connectClickHouse(cfg: ClickHouseConfig): ClickHouse {
  if (cfg.url) {
    const client = createClient({
      url: cfg.url,
      username: cfg.user,
      password: cfg.password,
      request_timeout: cfg.timeoutMs,
      application: "sightline",
    });
    return { client, database: cfg.database, timeoutMs: cfg.timeoutMs, transport: "http" };
  }
  // Loaded lazily so a process that talks HTTP never loads the native engine.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createChdbConnection } = require("chdb/connection") as typeof import("chdb/connection");
  const path = resolve(cfg.dataDir);
  mkdirSync(path, { recursive: true });
  // chdb's Connection is typed against the deprecated @clickhouse/client-common: one cast.
  const connection = createChdbConnection({ path }) as unknown as NonNullable<
    Parameters<typeof createClient>[0]
  >["connection"];
  const client = createClient({ connection });
  return { client, database: cfg.database, timeoutMs: cfg.timeoutMs, transport: "embedded" };
}

function withDb(sql: string, database: string): string {
  return sql.replaceAll("{db}", database);
}

/** Applies pending migrations in order; safe to call at every start. */
export async function migrate(ch: ClickHouse): Promise<number[]> {
  const { client, database } = ch;
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  await client.command({
    query: withDb(
      `CREATE TABLE IF NOT EXISTS {db}.schema_migrations
       (version UInt32, name String, applied_at DateTime DEFAULT now())
       ENGINE = MergeTree ORDER BY version`,
      database,
    ),
  });
  const rs = await client.query({
    query: withDb("SELECT version FROM {db}.schema_migrations", database),
    format: "JSONEachRow",
  });
  const done = new Set((await rs.json<{ version: number }>()).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    for (const statement of m.statements) {
      await client.command({ query: withDb(statement, database) });
    }
    await client.insert({
      table: `${database}.schema_migrations`,
      values: [{ version: m.version, name: m.name }],
      format: "JSONEachRow",
    });
    applied.push(m.version);
  }
  return applied;
}

export interface QuerySpec<S extends z.ZodType> {
  /** Names the query in errors, logs and metrics. */
  tag: string;
  /** SQL with `{db}` for the database and `{name:Type}` server-side parameters. */
  query: string;
  params?: Record<string, unknown>;
  /** Validates each row where it enters the app. */
  row: S;
}

/**
 * Runs one SELECT with server-side parameters, a deadline and row validation. Every
 * failure becomes a DataSourceError naming ClickHouse and the tag.
 */
export async function selectRows<S extends z.ZodType>(
  ch: ClickHouse,
  spec: QuerySpec<S>,
): Promise<z.output<S>[]> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${ch.timeoutMs} ms`));
    }, ch.timeoutMs);
  });
  let rows: unknown[];
  const started = performance.now();
  try {
    const run = async () => {
      const rs = await ch.client.query({
        query: withDb(spec.query, ch.database),
        query_params: spec.params,
        format: "JSONEachRow",
        abort_signal: controller.signal,
        clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
      });
      return rs.json<unknown>();
    };
    rows = await Promise.race([run(), deadline]);
    recordQuery("clickhouse", "ok", started);
  } catch (e) {
    recordQuery("clickhouse", controller.signal.aborted ? "timeout" : "error", started);
    throw new DataSourceError("ClickHouse", spec.tag, describeCause(e), { cause: e });
  } finally {
    clearTimeout(timer);
  }
  return rows.map((r, i) => {
    const parsed = spec.row.safeParse(r);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DataSourceError(
        "ClickHouse",
        spec.tag,
        `row ${i} has an unexpected shape at ${issue?.path.join(".") || "(row)"}: ${issue?.message}`,
      );
    }
    return parsed.data;
  });
}

/** Runs `fn` under the client's deadline; every failure becomes a DataSourceError naming ClickHouse and `tag`. */
async function withDeadline<T>(
  ch: ClickHouse,
  tag: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${ch.timeoutMs} ms`));
    }, ch.timeoutMs);
  });
  const started = performance.now();
  try {
    const done = await Promise.race([fn(controller.signal), deadline]);
    recordQuery("clickhouse", "ok", started);
    return done;
  } catch (e) {
    recordQuery("clickhouse", controller.signal.aborted ? "timeout" : "error", started);
    throw new DataSourceError("ClickHouse", tag, describeCause(e), { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/** A statement without a result (INSERT … SELECT, ALTER) with server-side parameters. */
export async function runCommand(
  ch: ClickHouse,
  spec: { tag: string; query: string; params?: Record<string, unknown> },
): Promise<void> {
  await withDeadline(ch, spec.tag, (signal) =>
    ch.client.command({
      query: withDb(spec.query, ch.database),
      query_params: spec.params,
      abort_signal: signal,
    }),
  );
}

/** Inserts rows (objects keyed by column) into a table of Sightline's database. */
export async function insertRows(
  ch: ClickHouse,
  spec: { tag: string; table: string; values: Record<string, unknown>[] },
): Promise<void> {
  if (spec.values.length === 0) return;
  await withDeadline(ch, spec.tag, (signal) =>
    ch.client.insert({
      table: `${ch.database}.${spec.table}`,
      values: spec.values,
      format: "JSONEachRow",
      abort_signal: signal,
    }),
  );
}
