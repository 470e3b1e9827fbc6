import type { NextRequest } from "next/server";
import { recommendationsGet } from "@/lib/api/recommendations";
import { apiRoute } from "@/lib/api/route";

/**
 * GET /api/v1/cost/recommendations?format=json|csv&time=…&team=…&workload=…: right-sizing
 * per workload and container (KRR's simple strategy), current against recommended
 * requests, monthly savings and the reasons a recommendation is held back.
 */
export const GET = apiRoute(async (req: NextRequest, _ctx: unknown, session) => {
  return recommendationsGet(req, null, session);
});
