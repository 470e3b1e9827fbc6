/**
 * What the /api/v1/embeds handlers share (docs/embeds.md): the registry's context from
 * the configuration, JSON answers that are never cached, and a same-origin check on
 * changes (the session cookie is SameSite=Lax; this refuses a foreign Origin outright).
 */
import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { getCatalog } from "../catalog";
import { getClickHouse } from "../clickhouse";
import { getAuthEnv, getEmbedKeys } from "../env";
import type { EmbedListItem, Outcome, RegistryContext } from "./registry";

export function registryContext(req: NextRequest): RegistryContext {
  return {
    ch: getClickHouse,
    keys: getEmbedKeys(),
    catalog: getCatalog(),
    baseUrl: getAuthEnv().url ?? req.nextUrl.origin,
  };
}

const NO_STORE = { "Cache-Control": "no-store" };

export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: NO_STORE });
}

export function outcomeResponse<T>(o: Outcome<T>, status = 200, map?: (v: T) => unknown) {
  if (!o.ok) return json({ error: { message: o.message } }, o.status);
  return json(map ? map(o.value) : o.value, status);
}

/** A change asked from another origin: 403. No Origin header (curl, server-side): allowed. */
export function foreignOrigin(req: NextRequest): NextResponse | null {
  const origin = req.headers.get("origin");
  if (origin === null) return null;
  const ours = new Set([req.nextUrl.origin, getAuthEnv().url?.replace(/\/+$/, "")]);
  const host = req.headers.get("host");
  if (host) ours.add(`${req.nextUrl.protocol}//${host}`);
  return ours.has(origin)
    ? null
    : json({ error: { message: "refused: this change comes from another site" } }, 403);
}

/** An embed as the API lists it: times in ISO 8601. */
export function embedJson(e: EmbedListItem) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: e.jti,
    state: e.state,
    creator: e.creator,
    createdAt: iso(e.createdMs),
    expiresAt: iso(e.expiresMs),
    revokedAt: iso(e.revokedMs),
    revokedBy: e.revokedBy || null,
    panel: e.panel,
    workload: e.workload || null,
    team: e.team || null,
    slo: e.slo || null,
    indicator: e.indicator || null,
    range: e.range,
    origins: e.origins,
    theme: e.theme,
  };
}
