/**
 * Report links' SQL (lib/share, docs/report-links.md): the frozen pages behind /r/{id},
 * their revocations and their views. Every value is a server-side parameter.
 */
import "server-only";
import { z } from "zod";
import { insertRows, runCommand, selectRows, type ClickHouse } from "../connect";

/** What is known of a link without its data. Times are unix ms. */
export interface ReportLinkMeta {
  id: string;
  creator: string;
  createdMs: number;
  expiresMs: number;
  revokedMs: number | null;
  audience: string;
  kind: string;
  range: string;
  title: string;
  /** "" when the page has none (overview, cost). */
  workload: string;
  /** The teams whose workloads the data holds. */
  teams: string[];
}

export interface ReportLinkRow extends ReportLinkMeta {
  /** The frozen page: JSON. */
  data: string;
}

export interface ReportLinkListRow extends ReportLinkMeta {
  viewsSignedIn: number;
  viewsAnyone: number;
}

/** "2026-12-01 10:00:00.000": how DateTime64(3, 'UTC') reads a time in JSONEachRow. */
const chTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

const META_COLUMNS = `id, creator,
  toUnixTimestamp64Milli(created) AS created_ms,
  toUnixTimestamp64Milli(expires) AS expires_ms,
  if(revoked_at IS NULL, NULL, toUnixTimestamp64Milli(assumeNotNull(revoked_at))) AS revoked_ms,
  toString(audience) AS audience, toString(kind) AS kind, range, title, workload, teams`;

const metaRow = z.object({
  id: z.string(),
  creator: z.string(),
  created_ms: z.number(),
  expires_ms: z.number(),
  revoked_ms: z.number().nullable(),
  audience: z.string(),
  kind: z.string(),
  range: z.string(),
  title: z.string(),
  workload: z.string(),
  teams: z.array(z.string()),
});

const toMeta = (r: z.output<typeof metaRow>): ReportLinkMeta => ({
  id: r.id,
  creator: r.creator,
  createdMs: r.created_ms,
  expiresMs: r.expires_ms,
  revokedMs: r.revoked_ms,
  audience: r.audience,
  kind: r.kind,
  range: r.range,
  title: r.title,
  workload: r.workload,
  teams: r.teams,
});

export async function insertReportLink(ch: ClickHouse, r: ReportLinkRow): Promise<void> {
  await insertRows(ch, {
    tag: "reports:insert",
    table: "report_links",
    values: [
      {
        id: r.id,
        creator: r.creator,
        created: chTime(r.createdMs),
        expires: chTime(r.expiresMs),
        revoked_at: r.revokedMs === null ? null : chTime(r.revokedMs),
        audience: r.audience,
        kind: r.kind,
        range: r.range,
        title: r.title,
        workload: r.workload,
        teams: r.teams,
        data: r.data,
      },
    ],
  });
}

/** One link without its data (the proxy's look-up), or null. */
export async function selectReportLinkMeta(
  ch: ClickHouse,
  id: string,
): Promise<ReportLinkMeta | null> {
  const [row] = await selectRows(ch, {
    tag: "reports:meta",
    query: `SELECT ${META_COLUMNS} FROM {db}.report_links FINAL WHERE id = {id:String} LIMIT 1`,
    params: { id },
    row: metaRow,
  });
  return row ? toMeta(row) : null;
}

/** One link with its data, or null. */
export async function selectReportLink(ch: ClickHouse, id: string): Promise<ReportLinkRow | null> {
  const [row] = await selectRows(ch, {
    tag: "reports:read",
    query: `SELECT ${META_COLUMNS}, data FROM {db}.report_links FINAL WHERE id = {id:String} LIMIT 1`,
    params: { id },
    row: metaRow.extend({ data: z.string() }),
  });
  return row ? { ...toMeta(row), data: row.data } : null;
}

/** Links newest first with their views: one creator's, or everyone's (`creator` null). */
export async function selectReportLinks(
  ch: ClickHouse,
  creator: string | null,
  limit = 500,
): Promise<ReportLinkListRow[]> {
  const rows = await selectRows(ch, {
    tag: "reports:list",
    query: `SELECT ${META_COLUMNS},
        toUInt64(ifNull(v.signed_in_views, 0)) AS views_signed_in,
        toUInt64(ifNull(v.anyone_views, 0)) AS views_anyone
      FROM (
        SELECT * FROM {db}.report_links FINAL
        WHERE {everyone:Bool} OR creator = {creator:String}
      ) AS l
      LEFT JOIN (
        SELECT id, countIf(signed_in) AS signed_in_views, countIf(NOT signed_in) AS anyone_views
        FROM {db}.report_link_views GROUP BY id
      ) AS v ON v.id = l.id
      ORDER BY created DESC, id
      LIMIT {limit:UInt32}`,
    params: { everyone: creator === null, creator: creator ?? "", limit },
    row: metaRow.extend({ views_signed_in: z.number(), views_anyone: z.number() }),
  });
  return rows.map((r) => ({
    ...toMeta(r),
    viewsSignedIn: r.views_signed_in,
    viewsAnyone: r.views_anyone,
  }));
}

/**
 * Revokes a link that is not revoked yet: writes it again with revoked_at and a later
 * version (ReplacingMergeTree), copied on the server. The caller checked who may.
 */
export async function revokeReportLink(ch: ClickHouse, id: string, atMs: number): Promise<void> {
  await runCommand(ch, {
    tag: "reports:revoke",
    query: `INSERT INTO {db}.report_links
        (id, creator, created, expires, revoked_at, audience, kind, range, title, workload, teams, data, updated)
      SELECT id, creator, created, expires, fromUnixTimestamp64Milli({at:Int64}, 'UTC'),
        audience, kind, range, title, workload, teams, data, greatest(now64(3), updated + toIntervalMillisecond(1))
      FROM {db}.report_links FINAL
      WHERE id = {id:String} AND revoked_at IS NULL`,
    params: { id, at: atMs },
  });
}

/** Counts one showing of a link. */
export async function insertReportLinkView(
  ch: ClickHouse,
  view: { id: string; atMs: number; signedIn: boolean },
): Promise<void> {
  await insertRows(ch, {
    tag: "reports:view",
    table: "report_link_views",
    values: [{ id: view.id, at: chTime(view.atMs), signed_in: view.signedIn }],
  });
}
