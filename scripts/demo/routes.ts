/** Routes of each demo workload for the request log: method, path, weight, typical bytes. */
export interface Route {
  method: string;
  route: string;
  weight: number;
  bytes: number;
}

const r = (method: string, route: string, weight: number, bytes: number): Route => ({
  method,
  route,
  weight,
  bytes,
});

export const ROUTES: Record<string, Route[]> = {
  "api-gateway": [
    r("GET", "/v1/products", 30, 14_000),
    r("GET", "/v1/products/{id}", 22, 4_200),
    r("GET", "/v1/search", 18, 9_500),
    r("POST", "/v1/orders", 6, 1_800),
    r("GET", "/v1/orders/{id}", 9, 2_600),
    r("POST", "/v1/auth/token", 5, 900),
    r("GET", "/v1/tracking/{id}", 10, 3_100),
  ],
  "tracking-api": [
    r("POST", "/v1/events", 55, 350),
    r("GET", "/v1/shipments/{id}", 22, 2_400),
    r("GET", "/v1/shipments/{id}/events", 15, 6_800),
    r("POST", "/v1/webhooks/carrier", 8, 600),
  ],
  checkout: [
    r("GET", "/cart", 35, 3_800),
    r("POST", "/cart/items", 20, 1_200),
    r("POST", "/checkout", 12, 2_100),
    r("POST", "/payments/authorize", 10, 900),
    r("GET", "/orders/{id}", 18, 2_900),
    r("DELETE", "/cart/items/{id}", 5, 300),
  ],
  search: [
    r("GET", "/search", 62, 18_000),
    r("GET", "/suggest", 30, 1_400),
    r("GET", "/facets", 8, 5_200),
  ],
  "web-frontend": [
    r("GET", "/", 20, 48_000),
    r("GET", "/products/[slug]", 34, 61_000),
    r("GET", "/search", 14, 52_000),
    r("GET", "/cart", 9, 23_000),
    r("GET", "/_next/data/[build]/products/[slug].json", 15, 9_000),
    r("POST", "/api/session", 8, 700),
  ],
  superset: [
    r("POST", "/api/v1/chart/data", 48, 85_000),
    r("GET", "/superset/dashboard/{id}", 20, 140_000),
    r("GET", "/api/v1/dataset/", 12, 22_000),
    r("GET", "/api/v1/chart/{id}", 15, 8_000),
    r("POST", "/api/v1/sqllab/execute/", 5, 40_000),
  ],
  "redis-cache": [
    r("GET", "GET", 62, 900),
    r("GET", "MGET", 14, 7_200),
    r("SET", "SET", 16, 40),
    r("SET", "EXPIRE", 5, 10),
    r("DEL", "DEL", 3, 10),
  ],
  clickhouse: [
    r("POST", "SELECT", 70, 24_000),
    r("POST", "INSERT", 25, 60),
    r("GET", "/ping", 5, 10),
  ],
};

/** Rows of the seeding lookup table: one per workload, routes as parallel arrays. */
export function routeTableRows(names: string[]) {
  return names.map((workload) => {
    const routes = ROUTES[workload] ?? [r("GET", "/", 1, 1_000)];
    const cum = (ws: number[]) => {
      const total = ws.reduce((a, b) => a + b, 0);
      let acc = 0;
      return ws.map((w) => (total > 0 ? (acc += w) / total : 0));
    };
    const post = routes.map((x) => (x.method === "POST" ? x.weight : 0));
    return {
      workload,
      routes: routes.map((x) => x.route),
      methods: routes.map((x) => x.method),
      bytes: routes.map((x) => x.bytes),
      cumw: cum(routes.map((x) => x.weight)),
      cumw_post: cum(post),
      has_post: post.some((w) => w > 0) ? 1 : 0,
    };
  });
}
