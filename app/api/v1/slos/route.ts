import { NextResponse, type NextRequest } from "next/server";
import { parseTimeParam } from "@/lib/api/params";
import { getSlos } from "@/lib/slo";

/** GET /api/v1/slos?time=…: every workload's SLOs with budget, burn rates and alert tiers. */
export async function GET(req: NextRequest) {
  const at = parseTimeParam(req.nextUrl.searchParams.get("time"));
  if (at instanceof NextResponse) return at;
  const report = await getSlos(at);
  if (!report.result.ok) {
    return NextResponse.json(
      { evaluatedAt: report.evaluatedAt, error: report.result.error },
      { status: 503 },
    );
  }
  return NextResponse.json({ evaluatedAt: report.evaluatedAt, workloads: report.result.data });
}
