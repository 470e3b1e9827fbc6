/**
 * The registry of issued embed tokens (docs/embeds.md): written when a token is created,
 * written again when it is revoked (ReplacingMergeTree by version; readers use FINAL).
 * Every value is a server-side parameter.
 */
import "server-only";
import { z } from "zod";
import { insertRows, runCommand, selectRows, type ClickHouse } from "../connect";

export interface EmbedTokenRow {
  jti: string;
  creator: string;
  createdMs: number;
  expiresMs: number;
  panel: string;
  /** "" when the panel has none. */
  workload: string;
  team: string;
  slo: string;
  indicator: string;
  range: string;
  origins: string[];
  theme: string;
  keyId: string;
  revokedMs: number | null;
  revokedBy: string;
}

const ms = z.string().transform((s) => Date.parse(s.replace(" ", "T") + "Z"));

const ROW = z.object({
  jti: z.string(),
  creator: z.string(),
  created_at: ms,
  expires_at: ms,
  panel: z.string(),
  workload: z.string(),
  team: z.string(),
  slo: z.string(),
  indicator: z.string(),
  range: z.string(),
  origins: z.array(z.string()),
  theme: z.string(),
  key_id: z.string(),
  revoked_at: ms.nullable(),
  revoked_by: z.string(),
});

const toRow = (r: z.output<typeof ROW>): EmbedTokenRow => ({
  jti: r.jti,
  creator: r.creator,
  createdMs: r.created_at,
  expiresMs: r.expires_at,
  panel: r.panel,
  workload: r.workload,
  team: r.team,
  slo: r.slo,
  indicator: r.indicator,
  range: r.range,
  origins: r.origins,
  theme: r.theme,
  keyId: r.key_id,
  revokedMs: r.revoked_at,
  revokedBy: r.revoked_by,
});

/** A DateTime64(3, 'UTC') value as JSONEachRow input: "2026-11-30 12:00:00.000". */
const dateTime64 = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

const COLUMNS = `jti, creator, created_at, expires_at, panel, workload, team, slo, indicator,
  range, origins, theme, key_id, revoked_at, revoked_by`;

/** Records an issued token. */
export async function insertEmbedToken(
  ch: ClickHouse,
  row: Omit<EmbedTokenRow, "revokedMs" | "revokedBy">,
): Promise<void> {
  await insertRows(ch, {
    tag: "embeds:insert",
    table: "embed_tokens",
    values: [
      {
        jti: row.jti,
        creator: row.creator,
        created_at: dateTime64(row.createdMs),
        expires_at: dateTime64(row.expiresMs),
        panel: row.panel,
        workload: row.workload,
        team: row.team,
        slo: row.slo,
        indicator: row.indicator,
        range: row.range,
        origins: row.origins,
        theme: row.theme,
        key_id: row.keyId,
        revoked_at: null,
        revoked_by: "",
        version: row.createdMs,
      },
    ],
  });
}

/**
 * Tokens expired less than `keepExpiredMs` ago or still valid, newest first: one
 * creator's, or everyone's when `creator` is null (admins).
 */
export async function listEmbedTokens(
  ch: ClickHouse,
  opts: { creator: string | null; nowMs: number; keepExpiredMs: number; limit: number },
): Promise<EmbedTokenRow[]> {
  const rows = await selectRows(ch, {
    tag: "embeds:list",
    query: `SELECT ${COLUMNS} FROM {db}.embed_tokens FINAL
      WHERE ({everyone:UInt8} = 1 OR creator = {creator:String})
        AND expires_at > fromUnixTimestamp64Milli({since:Int64}, 'UTC')
      ORDER BY created_at DESC
      LIMIT {limit:UInt32}`,
    params: {
      everyone: opts.creator === null ? 1 : 0,
      creator: opts.creator ?? "",
      since: Math.floor(opts.nowMs - opts.keepExpiredMs),
      limit: opts.limit,
    },
    row: ROW,
  });
  return rows.map(toRow);
}

/** One token's row, or null. */
export async function findEmbedToken(ch: ClickHouse, jti: string): Promise<EmbedTokenRow | null> {
  const rows = await selectRows(ch, {
    tag: "embeds:find",
    query: `SELECT ${COLUMNS} FROM {db}.embed_tokens FINAL WHERE jti = {jti:String} LIMIT 1`,
    params: { jti },
    row: ROW,
  });
  return rows[0] ? toRow(rows[0]) : null;
}

/** Marks a token revoked at `atMs` by `by`; a token revoked already keeps its first revocation. */
export async function revokeEmbedToken(
  ch: ClickHouse,
  spec: { jti: string; by: string; atMs: number },
): Promise<void> {
  await runCommand(ch, {
    tag: "embeds:revoke",
    query: `INSERT INTO {db}.embed_tokens
      SELECT jti, creator, created_at, expires_at, panel, workload, team, slo, indicator,
        range, origins, theme, key_id, fromUnixTimestamp64Milli({at:Int64}, 'UTC'), {by:String},
        greatest(version + 1, toUInt64({at:Int64}))
      FROM {db}.embed_tokens FINAL
      WHERE jti = {jti:String} AND revoked_at IS NULL`,
    params: { jti: spec.jti, by: spec.by, at: Math.floor(spec.atMs) },
  });
}

/** The ids of revoked tokens that have not expired at `nowMs`: what embed pages refuse. */
export async function revokedEmbedIds(ch: ClickHouse, nowMs: number): Promise<string[]> {
  const rows = await selectRows(ch, {
    tag: "embeds:revoked",
    query: `SELECT jti FROM {db}.embed_tokens FINAL
      WHERE revoked_at IS NOT NULL AND expires_at > fromUnixTimestamp64Milli({now:Int64}, 'UTC')`,
    params: { now: Math.floor(nowMs) },
    row: z.object({ jti: z.string() }),
  });
  return rows.map((r) => r.jti);
}
