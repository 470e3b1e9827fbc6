import type { NextRequest } from "next/server";
import { embedTheme, renderEmbedPage } from "@/lib/embed/pages";
import { embedPageResponse, refusedResponse } from "@/lib/embed/response";
import { embedAccess } from "@/lib/embed/revocations";

/**
 * An embedded panel (docs/embeds.md): authorised by its signed token, not a session; a
 * whole HTML document without script or app chrome. Rendered per request from the cached
 * reports (an ISR page could not answer 401 to a revoked token, nor ship no JavaScript).
 */
export const dynamic = "force-dynamic";

export async function GET(req: NextRequest, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const access = await embedAccess(token);
  if (!access.ok) return refusedResponse(access.status, "page");
  // A badge token is good for the badge only.
  if (access.claims.panel === "badge") return refusedResponse(401, "page");
  const theme = embedTheme(access.claims, req.nextUrl.searchParams.get("theme"));
  const page = await renderEmbedPage(access.claims, theme);
  return embedPageResponse(page.html, page.status, access.claims);
}
