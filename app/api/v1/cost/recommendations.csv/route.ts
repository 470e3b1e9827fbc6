import type { NextRequest } from "next/server";
import { recommendationsGet } from "@/lib/api/recommendations";

/** GET /api/v1/cost/recommendations.csv: the right-sizing table as a CSV download. */
export function GET(req: NextRequest) {
  return recommendationsGet(req, "csv");
}
