/**
 * Embed tokens as a feature (docs/embeds.md): who may create, list and revoke them (the
 * check lives here, not only in the route handlers), the registry in ClickHouse, and the
 * check every embed page makes: a valid signature and not revoked.
 */
import "server-only";
import { z } from "zod";
import { hasRole } from "../auth/roles";
import type { VerifiedSession } from "../auth/session";
import type { Catalog } from "../catalog";
import type { ClickHouse } from "../clickhouse";
import { dropCachedResponses } from "../front-door/response-cache";
import {
  findEmbedToken,
  insertEmbedToken,
  listEmbedTokens,
  revokeEmbedToken,
  type EmbedTokenRow,
} from "../clickhouse/queries/embeds";
import type { PanelResult } from "../errors/data-source-error";
import { RANGES } from "../time/ranges";
import { CHART_KEYS } from "../workload/types";
import { exactOrigin, MAX_ORIGINS, PANELS, THEMES, type EmbedClaims } from "./claims";
import { signEmbedToken, verifyEmbedToken, type EmbedKeys } from "./token";
import { embedSnippets, type EmbedSnippets } from "./snippets";

export interface RegistryContext {
  ch: () => Promise<ClickHouse>;
  /** Null: EMBED_KEY is unset and embeds are off. */
  keys: EmbedKeys | null;
  catalog: Catalog;
  /** Where embeds are reached (NEXTAUTH_URL, or the request's origin). */
  baseUrl: string;
  now?: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; message: string };
const refuse = (status: number, message: string) => ({ ok: false, status, message }) as const;

export const DEFAULT_EXPIRY_DAYS = 90;
export const MAX_EXPIRY_DAYS = 366;

/** What the editor's dialog (components/embed/) and POST /api/v1/embeds send. */
export const createEmbedInput = z
  .object({
    panel: z.enum(PANELS),
    workload: z.string().min(1).max(256).optional(),
    team: z.string().min(1).max(256).optional(),
    slo: z.string().min(1).max(256).optional(),
    indicator: z.enum(CHART_KEYS).optional(),
    range: z.enum(Object.keys(RANGES) as [keyof typeof RANGES]).default("30d"),
    theme: z.enum(THEMES).default("light"),
    expiresInDays: z.number().int().min(1).max(MAX_EXPIRY_DAYS).default(DEFAULT_EXPIRY_DAYS),
    origins: z
      .array(
        z
          .string()
          .refine(
            (o) => exactOrigin(o) !== null,
            "expected an exact origin like https://wiki.example (scheme, host, port; no path)",
          ),
      )
      .max(MAX_ORIGINS)
      .default([]),
  })
  .strict();
export type CreateEmbedInput = z.input<typeof createEmbedInput>;

export interface CreatedEmbed {
  token: string;
  claims: EmbedClaims;
  snippets: EmbedSnippets;
}

const mayShowTeam = (s: VerifiedSession, team: string) =>
  s.teams === "all" || s.teams.includes(team);

/**
 * Creates a token for what `input` names: editors and admins only, for a workload or team
 * the caller may see, and recorded in the registry before it is handed out.
 */
export async function createEmbed(
  session: VerifiedSession,
  raw: unknown,
  ctx: RegistryContext,
): Promise<Outcome<CreatedEmbed>> {
  if (!hasRole(session.role, "editor")) return refuse(403, "creating embeds needs the editor role");
  if (!ctx.keys) return refuse(503, "embeds are off: set EMBED_KEY (docs/embeds.md)");
  const parsed = createEmbedInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  const input = parsed.data;
  const unknown = refuse(404, "no such workload or team");
  if (input.panel === "team") {
    const team = input.team;
    if (!team || input.workload || input.slo || input.indicator) {
      return refuse(400, "team: the team panel takes a team and nothing else");
    }
    if (!ctx.catalog.workloads.some((w) => w.team === team) || !mayShowTeam(session, team)) {
      return unknown;
    }
  } else {
    const w = ctx.catalog.workloads.find((x) => x.name === input.workload);
    if (input.team) return refuse(400, "team: only the team panel takes a team");
    if (!w || !mayShowTeam(session, w.team)) return unknown;
    if (input.slo !== undefined && !w.slos.some((s) => s.name === input.slo)) {
      return refuse(404, `slo: ${w.name} has no SLO named ${JSON.stringify(input.slo)}`);
    }
    if (input.panel === "burndown" && input.slo === undefined) {
      return refuse(400, "slo: the burn-down panel needs an SLO");
    }
    if (input.panel === "indicator" && input.indicator === undefined) {
      return refuse(400, "indicator: the indicator panel needs a chart");
    }
    if (input.panel !== "indicator" && input.indicator !== undefined) {
      return refuse(400, "indicator: only the indicator panel takes a chart");
    }
    if (input.panel === "indicator" && input.slo !== undefined) {
      return refuse(400, "slo: the indicator panel takes a chart, not an SLO");
    }
  }
  // A badge is an image: frame-ancestors does not apply to it.
  const origins = input.panel === "badge" ? [] : input.origins;
  if (input.panel !== "badge" && origins.length === 0) {
    return refuse(400, "origins: name at least one origin allowed to frame the panel");
  }
  const now = ctx.now ?? Date.now();
  const { token, claims } = await signEmbedToken(
    {
      panel: input.panel,
      ...(input.workload !== undefined && input.panel !== "team" && { workload: input.workload }),
      ...(input.panel === "team" && { team: input.team }),
      ...(input.slo !== undefined && { slo: input.slo }),
      ...(input.indicator !== undefined && { indicator: input.indicator }),
      range: input.range,
      origins,
      theme: input.theme,
    },
    ctx.keys,
    { ttlSeconds: input.expiresInDays * 86_400, now },
  );
  await insertEmbedToken(await ctx.ch(), {
    jti: claims.jti,
    creator: session.user,
    // To the millisecond (iat is whole seconds): the list is newest first.
    createdMs: now,
    expiresMs: claims.exp * 1000,
    panel: claims.panel,
    workload: claims.workload ?? "",
    team: claims.team ?? "",
    slo: claims.slo ?? "",
    indicator: claims.indicator ?? "",
    range: claims.range,
    origins: claims.origins,
    theme: claims.theme,
    keyId: ctx.keys.current.id,
  });
  return {
    ok: true,
    value: { token, claims, snippets: embedSnippets(ctx.baseUrl, token, claims) },
  };
}

export interface EmbedListItem extends EmbedTokenRow {
  state: "active" | "expired" | "revoked";
}

/** Listed for 30 days after they expire. */
const KEEP_EXPIRED_MS = 30 * 86_400_000;

/** The caller's tokens; an admin's list has everyone's. */
export async function listEmbeds(
  session: VerifiedSession,
  ctx: Pick<RegistryContext, "ch" | "now">,
): Promise<EmbedListItem[]> {
  const now = ctx.now ?? Date.now();
  const rows = await listEmbedTokens(await ctx.ch(), {
    creator: session.role === "admin" ? null : session.user,
    nowMs: now,
    keepExpiredMs: KEEP_EXPIRED_MS,
    limit: 500,
  });
  return rows.map((r) => ({
    ...r,
    state: r.revokedMs !== null ? "revoked" : r.expiresMs <= now ? "expired" : "active",
  }));
}

/**
 * Revokes a token: its creator's or, for an admin, anyone's. Someone else's token answers
 * 404 like one that does not exist, so ids cannot be probed.
 */
export async function revokeEmbed(
  session: VerifiedSession,
  jti: string,
  ctx: Pick<RegistryContext, "ch" | "now">,
): Promise<Outcome<EmbedListItem>> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(jti)) return refuse(404, "no such embed");
  const ch = await ctx.ch();
  const row = await findEmbedToken(ch, jti);
  if (!row || (row.creator !== session.user && session.role !== "admin")) {
    return refuse(404, "no such embed");
  }
  const now = ctx.now ?? Date.now();
  if (row.revokedMs === null) await revokeEmbedToken(ch, { jti, by: session.user, atMs: now });
  // The front door's copies of embed responses: gone at once (lib/front-door).
  dropCachedResponses();
  const after = (await findEmbedToken(ch, jti)) ?? row;
  return { ok: true, value: { ...after, state: "revoked" } };
}

export type EmbedAccess =
  { ok: true; claims: EmbedClaims } | { ok: false; status: 401 | 503; reason: string };

/**
 * What every embed page and the badge check first: the signature (lib/embed/token.ts)
 * and the registry's revocations (`revoked`: cached, so a revocation takes effect within
 * one revalidation period, docs/embeds.md). Unknown registry (never read): 503.
 */
export async function checkEmbedToken(
  token: string,
  keys: EmbedKeys | null,
  revoked: () => Promise<PanelResult<readonly string[]>>,
  now: number = Date.now(),
): Promise<EmbedAccess> {
  if (!keys) return { ok: false, status: 401, reason: "embeds are off" };
  const verified = await verifyEmbedToken(token, keys, now);
  if (!verified.ok) return { ok: false, status: 401, reason: verified.reason };
  const list = await revoked();
  if (!list.ok) return { ok: false, status: 503, reason: list.error.message };
  if (list.data.includes(verified.claims.jti)) return { ok: false, status: 401, reason: "revoked" };
  return verified;
}
