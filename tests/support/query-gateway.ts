import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** What the gateway saw of one request. */
export interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The form or query parameters of the request. */
  params: URLSearchParams;
}

export interface QueryGateway {
  url: string;
  seen: SeenRequest[];
  /** Added to every successful answer's `warnings` while non-empty, as Thanos and Mimir do. */
  warnings: string[];
  close(): Promise<void>;
}

/**
 * A loopback gateway in front of a real Prometheus, standing in for what Thanos Query or
 * Mimir's query frontend do to its answers: it refuses requests without the tenant header
 * (`X-Scope-OrgID`, 401 as Mimir does) and can add `warnings` to successful answers, a
 * field of Prometheus's own API. Every answer's data comes from Prometheus.
 */
export async function startQueryGateway(
  upstream: string,
  opts: { tenant?: string } = {},
): Promise<QueryGateway> {
  const seen: SeenRequest[] = [];
  const gateway: Omit<QueryGateway, "url" | "close"> = { seen, warnings: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const url = new URL(req.url ?? "/", "http://gateway");
        const params = new URLSearchParams(url.search);
        for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
        seen.push({ path: url.pathname, headers: req.headers, params });
        if (opts.tenant && req.headers["x-scope-orgid"] !== opts.tenant) {
          res.writeHead(401, { "content-type": "text/plain" });
          res.end("no org id\n");
          return;
        }
        const answer = await fetch(`${upstream}${req.url}`, {
          method: req.method,
          headers: req.headers["content-type"]
            ? { "content-type": req.headers["content-type"] }
            : {},
          body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
        });
        let text = await answer.text();
        if (gateway.warnings.length > 0 && answer.ok) {
          const json = JSON.parse(text) as Record<string, unknown>;
          text = JSON.stringify({ ...json, warnings: [...gateway.warnings] });
        }
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(text);
      })().catch((e: unknown) => {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(gateway, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}
