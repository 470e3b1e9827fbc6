import { gonePage, unknownPage } from "@/lib/share/gone";
import { reportLinkState } from "@/lib/share/state";

export const dynamic = "force-dynamic";

/**
 * 410 for an expired or revoked report link (proxy.ts rewrites /r/{id} here). It looks the
 * id up itself, so asking for it directly answers 410 only for a link that is gone, with
 * nothing of the link in the answer; 404 otherwise. docs/report-links.md.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const state = await reportLinkState(id);
  return state === "expired" || state === "revoked" ? gonePage(state) : unknownPage();
}
