import { revalidateTag } from "next/cache";
import type { NextRequest } from "next/server";
import type { VerifiedSession } from "@/lib/auth/session";
import { apiRoute } from "@/lib/api/route";
import { embedJson, foreignOrigin, outcomeResponse, registryContext } from "@/lib/embed/api";
import { revokeEmbed } from "@/lib/embed/registry";
import { REVOCATIONS_TAG } from "@/lib/embed/revocations";

type Ctx = { params: Promise<{ jti: string }> };

/**
 * Revokes an embed token: its creator's, or anyone's for an admin (lib/embed/registry.ts).
 * At once on this server; on every replica within one revalidation period (docs/embeds.md).
 */
async function revoke(req: NextRequest, ctx: Ctx, session: VerifiedSession) {
  const foreign = foreignOrigin(req);
  if (foreign) return foreign;
  const { jti } = await ctx.params;
  const done = await revokeEmbed(session, jti, registryContext(req));
  if (done.ok) revalidateTag(REVOCATIONS_TAG, { expire: 0 });
  return outcomeResponse(done, 200, embedJson);
}

/** DELETE /api/v1/embeds/{id} */
export const DELETE = apiRoute(revoke);
/** POST /api/v1/embeds/{id} (for clients without DELETE): the same. */
export const POST = apiRoute(revoke);
