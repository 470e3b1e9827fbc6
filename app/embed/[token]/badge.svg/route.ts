import { renderEmbedBadge } from "@/lib/embed/pages";
import { badgeResponse, refusedResponse } from "@/lib/embed/response";
import { embedAccess } from "@/lib/embed/revocations";

/** The SLO badge of a badge token (docs/embeds.md): an SVG image, no script. */
export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const access = await embedAccess(token);
  if (!access.ok) return refusedResponse(access.status, "badge");
  if (access.claims.panel !== "badge") return refusedResponse(401, "badge");
  return badgeResponse(await renderEmbedBadge(access.claims), access.claims);
}
