import { reportResponse } from "@/lib/api/report-response";
import { getOnCall, onCallFailed } from "@/lib/oncall";
import { apiRoute } from "@/lib/api/route";
import { scopeOf } from "@/lib/auth/viewer-scope";
import { scopeOnCall } from "@/lib/oncall/scope";

/**
 * GET /api/v1/oncall: what is burning, active alerts, the last 24 h of page incidents and
 * who is on call, at the current 15-s evaluation step. Served from the per-step cache
 * shared by every viewer; a failed source is its panels' last good data marked stale, or
 * a panel error in the body, never a 5xx. The viewer's teams only (docs/auth.md, "Team
 * scopes").
 */
export const GET = apiRoute(async (_req: Request, _ctx: unknown, session) => {
  const report = scopeOnCall(await getOnCall(), session, scopeOf(session));
  return reportResponse(report, report, {
    failed: onCallFailed(report),
    headers: { "Cache-Control": "no-store" },
  });
});
