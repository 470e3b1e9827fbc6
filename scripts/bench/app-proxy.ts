/**
 * A recording reverse proxy for Prometheus (bench only, 127.0.0.1): forwards every request
 * to the real Prometheus and logs its path, body and duration, so the bench can count the
 * queries a render issues and replay each one alone.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedQuery {
  method: string;
  /** Path and query string, e.g. /api/v1/query_range. */
  path: string;
  contentType: string | undefined;
  body: string;
  status: number;
  /** performance.now() when the request arrived and when its response ended. */
  startedAt: number;
  ms: number;
}

export interface PrometheusProxy {
  url: string;
  log: RecordedQuery[];
  /** Queries (not health or metadata calls) recorded since `from` (performance.now()). */
  queriesSince(from: number): RecordedQuery[];
  stop(): Promise<void>;
}

const QUERY_PATHS = /^\/api\/v1\/(query|query_range|alerts|series|labels)\b/;

function forwardHeaders(h: IncomingHttpHeaders, target: URL): IncomingHttpHeaders {
  return { ...h, host: target.host, connection: "close" };
}

export async function startPrometheusProxy(targetUrl: string): Promise<PrometheusProxy> {
  const target = new URL(targetUrl);
  if (target.hostname !== "127.0.0.1") throw new Error(`refusing to proxy to ${target.host}`);
  const log: RecordedQuery[] = [];
  const server = createServer((req, res) => {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: forwardHeaders(req.headers, target),
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          up.on("end", () => {
            log.push({
              method: req.method ?? "GET",
              path: req.url ?? "/",
              contentType: req.headers["content-type"],
              body: body.toString("utf8"),
              status: up.statusCode ?? 0,
              startedAt,
              ms: performance.now() - startedAt,
            });
          });
        },
      );
      upstream.on("error", (e) => {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`bench proxy: ${e.message}`);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    queriesSince: (from) => log.filter((q) => q.startedAt >= from && QUERY_PATHS.test(q.path)),
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Sends one recorded query straight to Prometheus, alone; returns its wall time in ms. */
export async function replayQuery(prometheusUrl: string, q: RecordedQuery): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(new URL(q.path, prometheusUrl), {
    method: q.method,
    headers: q.contentType ? { "content-type": q.contentType } : {},
    body: q.method === "GET" || q.method === "HEAD" ? undefined : q.body,
  });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`replay of ${q.path} answered HTTP ${res.status}`);
  return ms;
}

/** A short human label for a recorded query: the endpoint and the start of its PromQL. */
export function describeQuery(q: RecordedQuery): string {
  const params = new URLSearchParams(q.method === "GET" ? (q.path.split("?")[1] ?? "") : q.body);
  const promql = (params.get("query") ?? "").replace(/\s+/g, " ");
  const endpoint = q.path.split("?")[0]!.replace("/api/v1/", "");
  return `${endpoint} ${promql.length > 70 ? `${promql.slice(0, 67)}...` : promql}`;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
