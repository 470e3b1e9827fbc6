import type { NextRequest } from "next/server";
import { apiRoute } from "@/lib/api/route";
import { issueLimiter, tooManyIssued } from "@/lib/auth/issue-limit";
import { embedJson, foreignOrigin, json, outcomeResponse, registryContext } from "@/lib/embed/api";
import { createEmbed, listEmbeds } from "@/lib/embed/registry";

/** GET /api/v1/embeds: the caller's embed tokens (an admin's: everyone's). docs/embeds.md. */
export const GET = apiRoute(async (req: NextRequest, _ctx: unknown, session) => {
  const items = await listEmbeds(session, registryContext(req));
  return json({ embeds: items.map(embedJson) });
});

/**
 * POST /api/v1/embeds {panel, workload|team, slo?, indicator?, range, theme, expiresInDays,
 * origins}: a new token and its snippet. Editors and admins (checked again in
 * lib/embed/registry.ts), 30 in 10 minutes per user (lib/auth/issue-limit.ts). The token
 * is shown once; the registry keeps its id only.
 */
export const POST = apiRoute(async (req: NextRequest, _ctx: unknown, session) => {
  const foreign = foreignOrigin(req);
  if (foreign) return foreign;
  if (!req.headers.get("content-type")?.startsWith("application/json")) {
    return json(
      { error: { message: "expected a JSON body (Content-Type: application/json)" } },
      415,
    );
  }
  const issue = await issueLimiter().take(session.user);
  if (!issue.ok) {
    const res = json({ error: { message: tooManyIssued(issue.retryAfterSeconds) } }, 429);
    res.headers.set("Retry-After", String(issue.retryAfterSeconds));
    return res;
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return json({ error: { message: "body: expected JSON" } }, 400);
  }
  const made = await createEmbed(session, body, registryContext(req));
  return outcomeResponse(made, 201, (v) => ({
    id: v.claims.jti,
    token: v.token,
    expiresAt: new Date(v.claims.exp * 1000).toISOString(),
    claims: v.claims,
    ...v.snippets,
  }));
}, "editor");
