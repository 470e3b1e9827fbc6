import { exposition, metricsAllowed } from "@/lib/metrics";

/**
 * Sightline's own metrics, in Prometheus's text format, for Prometheus to scrape
 * (docs/own-metrics.md). Not a data route: no workload, user or token is in it. With
 * METRICS_TOKEN set, only a scrape that sends it as a bearer token reads it; without,
 * it is open (docs/security.md, "Sightline's own metrics").
 */
export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  if (!metricsAllowed(req.headers.get("authorization"))) {
    return new Response("Unauthorized: /api/metrics needs the METRICS_TOKEN bearer token\n", {
      status: 401,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
        "WWW-Authenticate": 'Bearer realm="sightline-metrics"',
      },
    });
  }
  const { body, contentType } = await exposition();
  return new Response(body, {
    headers: { "Content-Type": contentType, "Cache-Control": "no-store" },
  });
}
