import type { NextRequest } from "next/server";
import { recommendationsGet } from "@/lib/api/recommendations";
import { apiRoute } from "@/lib/api/route";

/** GET /api/v1/cost/recommendations.csv: the right-sizing table as a CSV download. */
export const GET = apiRoute(async (req: NextRequest, _ctx: unknown, session) => {
  return recommendationsGet(req, "csv", session);
});
