/**
 * Spans worked out by hand, with their answers, as the OpenTelemetry Collector's
 * ClickHouse exporter writes them (scripts/lib/otel-ddl.ts, docs/request-data.md).
 */

interface Span {
  n: number;
  kind: "Server" | "Client";
  attributes: Record<string, string>;
  ms: number;
  traceState?: string;
}

const SPANS: Span[] = [
  // /v1/orders: 10 + 2 (503) + 2 in the older spelling = 14 requests, 2 errors.
  {
    n: 10,
    kind: "Server",
    ms: 100,
    attributes: {
      "http.route": "/v1/orders",
      "http.request.method": "GET",
      "http.response.status_code": "200",
    },
  },
  {
    n: 2,
    kind: "Server",
    ms: 300,
    attributes: {
      "http.route": "/v1/orders",
      "http.request.method": "POST",
      "http.response.status_code": "503",
    },
  },
  {
    n: 2,
    kind: "Server",
    ms: 100,
    attributes: { "http.route": "/v1/orders", "http.method": "GET", "http.status_code": "200" },
  },
  // /v1/items: 4 spans sampled at 1/2 (threshold 0x80000000000000) and one at 1/4 (p:2).
  {
    n: 4,
    kind: "Server",
    ms: 50,
    traceState: "ot=th:8",
    attributes: {
      "http.route": "/v1/items",
      "http.request.method": "GET",
      "http.response.status_code": "200",
    },
  },
  {
    n: 1,
    kind: "Server",
    ms: 40,
    traceState: "vendor=x,ot=rv:abcdef01234567;p:2",
    attributes: {
      "http.route": "/v1/items",
      "http.request.method": "PUT",
      "http.response.status_code": "201",
    },
  },
  // Not requests: client spans, a server span without a route, one with a malformed status.
  {
    n: 3,
    kind: "Client",
    ms: 20,
    attributes: { "http.route": "/downstream", "http.response.status_code": "200" },
  },
  { n: 1, kind: "Server", ms: 10, attributes: { "http.response.status_code": "200" } },
  {
    n: 1,
    kind: "Server",
    ms: 10,
    attributes: { "http.route": "/v1/items", "http.response.status_code": "oops" },
  },
];

/** The spans above as the exporter writes them, one a second from `atMs`. */
export function spanRows(atMs: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  let i = 0;
  for (const s of SPANS) {
    for (let k = 0; k < s.n; k++, i++) {
      const t = atMs + i * 1000;
      rows.push({
        Timestamp: `${Math.floor(t / 1000)}.${String((t % 1000) * 1_000_000).padStart(9, "0")}`,
        TraceId: (BigInt(t) * 1000n + BigInt(i)).toString(16).padStart(32, "0"),
        SpanId: i.toString(16).padStart(16, "0"),
        TraceState: s.traceState ?? "",
        SpanName: `${s.attributes["http.request.method"] ?? "GET"} ${s.attributes["http.route"] ?? ""}`,
        SpanKind: s.kind,
        ServiceName: "checkout-api",
        ResourceAttributes: {
          "service.name": "checkout-api",
          "k8s.pod.name": "checkout-api-0",
          "k8s.deployment.name": "checkout",
        },
        SpanAttributes: s.attributes,
        Duration: s.ms * 1_000_000,
        StatusCode: "Unset",
      });
    }
  }
  return rows;
}

/** What spanRows gives, worked out by hand from the list above. */
export const SPANS_EXPECTED = {
  workload: "checkout-api",
  deployment: "checkout",
  spans: 24,
  routes: [
    // p99 weighted: 12 requests at 100 ms, 2 at 300 ms → 300; 4 at 40 ms, 8 at 50 ms → 50.
    { route: "/v1/orders", requests: 14, errorRatio: 2 / 14, p99Ms: 300 },
    { route: "/v1/items", requests: 12, errorRatio: 0, p99Ms: 50 },
  ],
  // 19 spans are requests (their weights make the 26 requests above).
  spanCounts: { request: 19, not_server: 3, no_route: 1, bad_status: 1 },
};
