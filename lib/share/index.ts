/**
 * Report links (docs/report-links.md): create a frozen page, read it at /r/{id}, list and
 * revoke. Every exported entry point checks the session itself (sessionForRoute), so a
 * server action, a route handler or a page reaches no link without the check; the `…As`
 * functions take a session already checked, for those entry points and the tests.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { hasRole } from "../auth/roles";
import { issueLimiter, tooManyIssued } from "../auth/issue-limit";
import { sessionForRoute, type VerifiedSession } from "../auth/session";
import { getClickHouse } from "../clickhouse";
import {
  insertReportLink,
  insertReportLinkView,
  revokeReportLink,
  selectReportLink,
  selectReportLinkMeta,
  selectReportLinks,
  type ReportLinkMeta,
} from "../clickhouse/queries/reports";
import { getEnv } from "../env";
import { freezePage } from "./freeze";

export { reportLinkState } from "./state";
import {
  AUDIENCES,
  isReportId,
  REPORT_KINDS,
  reportState,
  TITLE_MAX,
  type Audience,
  type ReportData,
  type ReportKind,
  type ReportListItem,
  type ReportState,
  type ReportView,
} from "./types";
import { recordReportView } from "../metrics";

const DAY_MS = 86_400_000;
/** New links live this long unless the creator chose otherwise (or the maximum is less). */
export const DEFAULT_DAYS = 30;

export type Failure = {
  ok: false;
  status: 400 | 401 | 403 | 404 | 429 | 503;
  message: string;
};

/** 128 random bits, base64url: 22 characters. */
export const newReportId = () => randomBytes(16).toString("base64url");

/** The expiry choices: default and maximum, in days. */
export function expiryDays(): { default: number; max: number } {
  const max = getEnv().REPORT_MAX_DAYS;
  return { default: Math.min(DEFAULT_DAYS, max), max };
}

const createInput = z.object({
  kind: z.enum(REPORT_KINDS),
  range: z.string().max(16),
  workload: z.string().max(253).nullish(),
  title: z.string().max(2000).optional(),
  days: z.number().int().min(1).optional(),
  anyone: z.boolean().optional(),
});
export type CreateInput = z.input<typeof createInput>;

/** A title as stored: one line of printable text, at most TITLE_MAX characters. */
export function cleanTitle(raw: string | undefined, fallback: string): string {
  const t = (raw ?? "").replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return (t || fallback).slice(0, TITLE_MAX);
}

const defaultTitle = (kind: ReportKind, range: string, workload: string | null) =>
  kind === "overview"
    ? `Overview · ${range}`
    : kind === "cost"
      ? `Cost · ${range}`
      : `${workload} · ${range}`;

/** Freezes the page `input` names as `session` sees it, and stores it. */
export async function createReportAs(
  session: VerifiedSession,
  input: unknown,
  nowMs: number = Date.now(),
): Promise<{ ok: true; id: string; expiresMs: number } | Failure> {
  if (!hasRole(session.role, "editor")) {
    return { ok: false, status: 403, message: "making report links needs the editor role" };
  }
  const parsed = createInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      status: 400,
      message: `${issue.path.join(".") || "input"}: ${issue.message}`,
    };
  }
  const { kind, range, anyone } = parsed.data;
  const workload = kind === "workload" ? (parsed.data.workload ?? "") : null;
  const days = parsed.data.days ?? expiryDays().default;
  const { max } = expiryDays();
  if (days > max) {
    return { ok: false, status: 400, message: `days: at most ${max} (REPORT_MAX_DAYS)` };
  }
  const frozen = await freezePage({ kind, range, workload }, session);
  if (!frozen.ok) return frozen;
  const id = newReportId();
  const expiresMs = nowMs + days * DAY_MS;
  await insertReportLink(await getClickHouse(), {
    id,
    creator: session.user,
    createdMs: nowMs,
    expiresMs,
    revokedMs: null,
    audience: anyone ? "anyone" : "signed-in",
    kind,
    range,
    title: cleanTitle(parsed.data.title, defaultTitle(kind, range, workload)),
    workload: workload ?? "",
    teams: frozen.teams,
    data: JSON.stringify(frozen.data),
  });
  return { ok: true, id, expiresMs };
}

/** For a server action or route handler: the same, for the request's session (editors). */
export async function createReport(
  input: unknown,
): Promise<{ ok: true; id: string; expiresMs: number } | Failure> {
  const session = await sessionForRoute("editor");
  if ("status" in session) return { ok: false, ...session };
  // 30 embeds and links in 10 minutes per user (docs/security.md, "Rate limits").
  const issue = await issueLimiter().take(session.user);
  if (!issue.ok) return { ok: false, status: 429, message: tooManyIssued(issue.retryAfterSeconds) };
  return createReportAs(session, input);
}

const audienceOf = (s: string): Audience =>
  (AUDIENCES as readonly string[]).includes(s) ? (s as Audience) : "signed-in";

/** Whether a user of `teams` may see data of every team in `needed`. */
const covers = (teams: VerifiedSession["teams"], needed: string[]) =>
  teams === "all" || needed.every((t) => teams.includes(t));

export type ReadResult =
  /** `nowMs`: the time it was read at. */
  | { kind: "ok"; view: ReportView; nowMs: number }
  | { kind: "gone"; state: Exclude<ReportState, "live"> }
  /** A signed-in link opened without a session. */
  | { kind: "sign-in" }
  /** No such link, or one this viewer may not know of. */
  | { kind: "unknown" };

/**
 * A link as `session` (null: nobody signed in) may see it at `nowMs`. A link for signed-in
 * viewers needs a session whose teams cover every team the data holds; to anyone else it
 * is unknown. Each showing is counted.
 */
export async function readReportAs(
  session: VerifiedSession | null,
  id: string,
  nowMs: number = Date.now(),
): Promise<ReadResult> {
  if (!isReportId(id)) return { kind: "unknown" };
  const ch = await getClickHouse();
  const row = await selectReportLink(ch, id);
  if (!row) return { kind: "unknown" };
  const state = reportState(row, nowMs);
  if (state !== "live") return { kind: "gone", state };
  const audience = audienceOf(row.audience);
  if (audience === "signed-in") {
    if (!session) return { kind: "sign-in" };
    if (!covers(session.teams, row.teams)) return { kind: "unknown" };
  }
  const data = JSON.parse(row.data) as ReportData;
  await insertReportLinkView(ch, { id, atMs: nowMs, signedIn: session !== null });
  return {
    kind: "ok",
    nowMs,
    view: {
      id,
      creator: row.creator,
      createdMs: row.createdMs,
      expiresMs: row.expiresMs,
      audience,
      kind: data.kind,
      range: row.range,
      title: row.title,
      workload: row.workload || null,
      data,
    },
  };
}

/** For /r/{id}: the link as the request's session (if any) may see it. */
export async function readReport(id: string): Promise<ReadResult> {
  const s = await sessionForRoute();
  const result = await readReportAs("status" in s ? null : s, id);
  recordReportView(result.kind);
  return result;
}

const listItem = (
  r: ReportLinkMeta & { viewsSignedIn: number; viewsAnyone: number },
  nowMs: number,
): ReportListItem => ({
  id: r.id,
  creator: r.creator,
  createdMs: r.createdMs,
  expiresMs: r.expiresMs,
  revokedMs: r.revokedMs,
  audience: audienceOf(r.audience),
  kind: r.kind as ReportKind,
  range: r.range,
  title: r.title,
  workload: r.workload || null,
  state: reportState(r, nowMs),
  viewsSignedIn: r.viewsSignedIn,
  viewsAnyone: r.viewsAnyone,
});

/** The links `session` made, newest first; an admin's list holds everyone's. */
export async function listReportsAs(
  session: VerifiedSession,
  nowMs: number = Date.now(),
): Promise<ReportListItem[]> {
  const creator = session.role === "admin" ? null : session.user;
  const rows = await selectReportLinks(await getClickHouse(), creator);
  return rows.map((r) => listItem(r, nowMs));
}

/**
 * Revokes a link `session` made (an admin: anyone's). Another's link, for a non-admin, is
 * unknown (404), so revoking cannot be used to learn which ids exist. Revoking twice is
 * not an error.
 */
export async function revokeReportAs(
  session: VerifiedSession,
  id: string,
  nowMs: number = Date.now(),
): Promise<{ ok: true } | Failure> {
  const unknown: Failure = { ok: false, status: 404, message: "no such report link" };
  if (!isReportId(id)) return unknown;
  const ch = await getClickHouse();
  const meta = await selectReportLinkMeta(ch, id);
  if (!meta) return unknown;
  if (session.role !== "admin" && meta.creator !== session.user) return unknown;
  if (meta.revokedMs === null) await revokeReportLink(ch, id, nowMs);
  return { ok: true };
}

/** For a server action or route handler: the same, for the request's session (editors). */
export async function revokeReport(id: string): Promise<{ ok: true } | Failure> {
  const session = await sessionForRoute("editor");
  if ("status" in session) return { ok: false, ...session };
  return revokeReportAs(session, id);
}

/** For "Shared by me" and the API: the request's session's links (editors; admins all). */
export async function listReports(): Promise<
  { ok: true; links: ReportListItem[]; everyone: boolean } | Failure
> {
  const session = await sessionForRoute("editor");
  if ("status" in session) return { ok: false, ...session };
  return { ok: true, links: await listReportsAs(session), everyone: session.role === "admin" };
}
