/**
 * HTTP requests as the front door sees them (docs/own-metrics.md): one histogram observe per
 * response, at its end, by method, status code and route template. On a cached page's path:
 * no closure and no promise per request (one listener function shared by every response, its
 * state on the response), label sets made once per route, method and status, and a path's
 * route remembered (docs/performance.md).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sightlineMetrics, type HttpLabel } from "./registry";

/**
 * Every route of app/ as Next.js names it (OpenTelemetry's http.route), most specific first
 * where two could match. `*` matches one segment, `**` the rest of the path.
 */
const ROUTES: [pattern: string, template: string][] = [
  ["", "/"],
  ["overview/*", "/overview/[range]"],
  ["workloads/*", "/workloads/[name]"],
  ["workloads/*/*", "/workloads/[name]/[range]"],
  ["cost", "/cost"],
  ["cost/*", "/cost/[range]"],
  ["oncall", "/oncall"],
  ["oncall/tv", "/oncall/tv"],
  ["embeds", "/embeds"],
  ["shared", "/shared"],
  ["login", "/login"],
  ["r/*", "/r/[id]"],
  ["r/*/gone", "/r/[id]/gone"],
  ["embed/*", "/embed/[token]"],
  ["embed/*/badge.svg", "/embed/[token]/badge.svg"],
  ["api/metrics", "/api/metrics"],
  ["api/auth/**", "/api/auth/[...nextauth]"],
  ["api/v1/catalog/check", "/api/v1/catalog/check"],
  ["api/v1/cost", "/api/v1/cost"],
  ["api/v1/cost/recommendations", "/api/v1/cost/recommendations"],
  ["api/v1/cost/recommendations.csv", "/api/v1/cost/recommendations.csv"],
  ["api/v1/embeds", "/api/v1/embeds"],
  ["api/v1/embeds/*", "/api/v1/embeds/[jti]"],
  ["api/v1/health", "/api/v1/health"],
  ["api/v1/oncall", "/api/v1/oncall"],
  ["api/v1/openapi.json", "/api/v1/openapi.json"],
  ["api/v1/slos", "/api/v1/slos"],
  ["api/v1/slos/*", "/api/v1/slos/[workload]"],
  ["api/v1/workloads", "/api/v1/workloads"],
  ["api/v1/workloads/*/routes", "/api/v1/workloads/[name]/routes"],
  ["api/v1/workloads/*/series", "/api/v1/workloads/[name]/series"],
  ["_next/static/**", "/_next/static/[...path]"],
  ["favicon.ico", "/favicon.ico"],
  ["screenshots/*", "/screenshots/[file]"],
];

/** No route matched (a 404): http.route is left out, as the conventions say. */
export const NO_ROUTE = "";
const TEMPLATES = [...ROUTES.map(([, t]) => t), NO_ROUTE];
const PATTERNS = ROUTES.map(([p]) => (p === "" ? [] : p.split("/")));

function matches(pattern: string[], segments: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === "**") return segments.length > i;
    if (i >= segments.length || (p !== "*" && p !== segments[i]) || segments[i] === "") {
      return false;
    }
  }
  return pattern.length === segments.length;
}

function routeIndexOf(path: string): number {
  const trimmed = path.endsWith("/") && path.length > 1 ? path.slice(0, -1) : path;
  const segments = trimmed === "/" ? [] : trimmed.slice(1).split("/");
  const i = PATTERNS.findIndex((p) => matches(p, segments));
  return i < 0 ? TEMPLATES.length - 1 : i;
}

/** The route template of a path (without its query), or "" when no route of the app has it. */
export function routeOf(path: string): string {
  return TEMPLATES[routeIndexOf(path)]!;
}

// Paths seen lately and their route: a cached page's path is found without splitting it.
const known = new Map<string, number>();
const MAX_KNOWN = 2048;

function knownRoute(path: string): number {
  let i = known.get(path);
  if (i === undefined) {
    i = routeIndexOf(path);
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(path, i);
  }
  return i;
}

/** The methods OpenTelemetry names; any other is `_OTHER`. */
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"];
const methodIndex = (m: string | undefined) => {
  const i = m === undefined ? -1 : METHODS.indexOf(m);
  return i < 0 ? METHODS.length : i;
};

type Labels = Record<HttpLabel, string>;
const labelSets = new Map<number, Labels>();

function labelsOf(route: number, method: number, status: number): Labels {
  const key = (route * 16 + method) * 1000 + status;
  let labels = labelSets.get(key);
  if (!labels) {
    labels = {
      http_request_method: METHODS[method] ?? "_OTHER",
      http_response_status_code: String(status),
      http_route: TEMPLATES[route]!,
    };
    labelSets.set(key, labels);
  }
  return labels;
}

const STARTED = Symbol("sightline.http-started");
const ROUTE = Symbol("sightline.http-route");
const EMBED = Symbol("sightline.embed-view");
type Measured = ServerResponse & {
  [STARTED]: number;
  [ROUTE]: number;
  [EMBED]?: "hit" | "miss";
};

const metrics = sightlineMetrics();
const EMBED_BADGE = ROUTES.findIndex(([, t]) => t === "/embed/[token]/badge.svg");

/** Counts this request when its response ends (call first thing, with the path without query). */
export function measureRequest(req: IncomingMessage, res: ServerResponse, path: string): void {
  const r = res as Measured;
  r[STARTED] = performance.now();
  r[ROUTE] = knownRoute(path) * 16 + methodIndex(req.method);
  res.on("close", responseClosed);
}

/** An embed's view: counted at its end when answered 200 (`cache`: the front door's). */
export function markEmbedView(res: ServerResponse, cache: "hit" | "miss"): void {
  (res as Measured)[EMBED] = cache;
}

function responseClosed(this: Measured): void {
  const routeMethod = this[ROUTE];
  const route = (routeMethod / 16) | 0;
  const status = this.statusCode;
  metrics.http.observe(
    labelsOf(route, routeMethod % 16, status > 0 && status < 1000 ? status : 0),
    (performance.now() - this[STARTED]) / 1000,
  );
  const embed = this[EMBED];
  if (embed && status === 200)
    metrics.embedViews.inc(EMBED_LABELS[embed][+(route === EMBED_BADGE)]!);
}

const EMBED_LABELS = {
  hit: [
    { format: "page", cache: "hit" },
    { format: "badge", cache: "hit" },
  ],
  miss: [
    { format: "page", cache: "miss" },
    { format: "badge", cache: "miss" },
  ],
};
