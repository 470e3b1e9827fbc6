/**
 * The front door (docs/security.md): runs in `npm start`'s process (scripts/start.mjs)
 * before Next.js sees a request, because Next.js's proxy costs a large share of a cached
 * page's throughput and this costs next to nothing. It decides nothing about access on its
 * own: pages and route handlers check the session themselves (lib/auth/session.ts).
 *
 * - Every request: the socket's address in x-sightline-peer (the sign-in limiter's count),
 *   and the headers a client must not choose removed. Every response: nosniff, a
 *   Referrer-Policy, X-Frame-Options (not for embeds), HSTS behind HTTPS.
 * - Pages with a cached twin (overview, workload, cost): rewritten to app/s/[scope]/…,
 *   cached per scope, with the viewer's scope signed in the path.
 * - Every response but embeds': a Content-Security-Policy with a fresh nonce. Next.js writes the nonce
 *   it finds in the request's policy into the page; pages are cached, so the request
 *   carries a fixed secret placeholder and the response's bytes get this response's nonce.
 * - Compression, after that replacement (next.config.ts turns Next.js's own off).
 * - Embeds' public responses, kept for their max-age and served from here; pages cached per
 *   scope that Next.js served from its cache, kept for a second and served from here with
 *   each response's nonce (docs/caching.md, "The front door's page cache").
 * - Every request counted by route template and status, with its duration, for
 *   /api/metrics (docs/own-metrics.md).
 */
import { randomFillSync } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { PEER_HEADER } from "../auth/client-ip";
import { markEmbedView, measureRequest } from "../metrics/http";
import { OPEN_SCOPE, writeScopeCap, type Scope } from "../auth/scope-cap";
import type { User } from "../auth/users";
import { THEME_SCRIPT } from "../theme-script";
import { policyWithNonce } from "./csp";
import { createReplacer, type Replacer } from "./replace";
import {
  createResponseCache,
  PAGE_LIMITS,
  publicMaxAge,
  RESPONSE_CACHE_KEY,
  type CachedResponse,
  type ResponseCache,
} from "./response-cache";
import { createSessionReader } from "./session";

export const PATH_HEADER = "x-sightline-path";
/** Set on globalThis once a front door runs in this process (lib/startup.ts checks it). */
export const FRONT_DOOR_KEY = Symbol.for("sightline.front-door");

export interface FrontDoorConfig {
  authEnabled: boolean;
  /** AUTH_SECRET; required with sign-in on. */
  secret?: string;
  /** NEXTAUTH_URL is https: next-auth's cookie is then the `__Secure-` one. */
  secureCookie?: boolean;
  users: () => User[];
  /** 22 base64url characters, secret, the same across restarts (see start.mjs). */
  placeholder: string;
  /** Wraps a response in compression (Next.js's compression middleware). */
  compress?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Handles a request before Next.js: false when it answered it itself. A promise only when
 * it must wait (a session cookie not seen a moment ago): a cached page's path does not.
 */
export type FrontDoor = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

const STATIC = /^\/(?:_next\/static\/|favicon\.ico$|screenshots\/)/;
const CACHED_PAGE = /^\/(?:$|overview\/[^/]+$|cost\/[^/]+$|workloads\/[^/]+\/[^/]+$)/;
const EMBED = /^\/embed\//;
/**
 * How long a page Next.js served from its cache is served from here (docs/caching.md, "The
 * front door's page cache"): what a viewer sees is at most this much older than Next.js's
 * own cached page, and Next.js gets a request per page and scope at most this often.
 */
export const PAGE_KEEP_SECONDS = 1;

export function createFrontDoor(cfg: FrontDoorConfig): FrontDoor {
  if (!/^[A-Za-z0-9_-]{22}$/.test(cfg.placeholder)) {
    throw new Error("front door: the nonce placeholder must be 22 base64url characters");
  }
  if (cfg.authEnabled && !cfg.secret) throw new Error("front door: sign-in needs AUTH_SECRET");
  const sessions = cfg.secret
    ? createSessionReader(cfg.secret, cfg.users, cfg.secureCookie ?? false)
    : null;
  // For the server's start-up check: pages are being served through a front door.
  (globalThis as Record<symbol, boolean>)[FRONT_DOOR_KEY] = true;
  const placeholder = Buffer.from(cfg.placeholder);
  const policy = policyWithNonce({ frameAncestors: [], inlineScripts: [THEME_SCRIPT] });
  const requestPolicy = policy(cfg.placeholder);
  const caps = createCapCache(cfg.secret ?? "");
  // Embeds' responses (public, one revalidation period at most): served from here while
  // fresh. The app drops them all when a token is revoked (dropCachedResponses).
  const responses = createResponseCache();
  (globalThis as Record<symbol, ResponseCache>)[RESPONSE_CACHE_KEY] = responses;
  const placeholderText = cfg.placeholder;
  // Pages cached per scope, by the scope's capability and the path asked for.
  const pages = createResponseCache<string>(PAGE_LIMITS);

  /** A kept page, with this response's nonce in its policy and its body. */
  const servePage = (req: IncomingMessage, res: ServerResponse, page: CachedResponse<string>) => {
    res.statusCode = page.status;
    for (const [name, value] of page.headers) res.setHeader(name, value);
    const nonce = newNonce();
    res.setHeader("Content-Security-Policy", policy(nonce));
    res.setHeader("X-Sightline-Cache", "HIT");
    cfg.compress?.(req, res);
    res.end(page.body.replaceAll(placeholderText, nonce));
    return false;
  };

  /** The rest of a request, once the scope of a cached page is known (its signed
   * capability; null: none). */
  const pass = (req: IncomingMessage, res: ServerResponse, cap: string | null): boolean => {
    const h = req.headers;
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    let pageKey: string | null = null;
    // The page cached for this scope (app/s/[scope]/): rewritten here rather than by a
    // next.config.ts rule, whose matching costs throughput (docs/security.md).
    if (cap) {
      // Served from here when Next.js served it from its cache for this scope a moment ago.
      // A conditional request goes to Next.js, which may answer 304; so does a client
      // navigation (RSC), which no page kept here answers.
      if (req.method === "GET" && h["if-none-match"] === undefined && h.rsc === undefined) {
        pageKey = `${cap} ${url}`;
        const hit = pages.get(pageKey);
        if (hit && lacksAll(h, hit.response.lacking)) return servePage(req, res, hit.response);
      }
      const prefix = `/s/${cap}`;
      req.url = `${prefix}${path === "/" ? "/overview/1h" : path}${url.slice(path.length)}`;
      forViewer(res, prefix, cfg.authEnabled);
    }
    // Embeds write their own policy, with the origins their token allows to frame them
    // (app/embed, docs/embeds.md); they carry no script.
    if (EMBED.test(path)) return embed(req, res, path, url, q);
    const nonce = newNonce();
    h["content-security-policy"] = requestPolicy;
    res.setHeader("Content-Security-Policy", policy(nonce));
    cfg.compress?.(req, res);
    replaceInBody(res, placeholder, placeholderText, nonce);
    // Outermost, so that it sees the body as Next.js wrote it: with the placeholder.
    if (pageKey) {
      const key = pageKey;
      keepIfCachedPage(res, h, (page) => pages.put(key, page, PAGE_KEEP_SECONDS));
    }
    return true;
  };

  const embed = (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    url: string,
    q: number,
  ): boolean => {
    cfg.compress?.(req, res);
    if (req.method !== "GET") return true;
    // The embed routes read one query parameter, the theme (app/embed): any other makes
    // no other response, and must not make another cache entry.
    const asked = q < 0 ? null : new URLSearchParams(url.slice(q + 1)).get("theme");
    const theme = asked === "light" || asked === "dark" ? asked : "";
    const key = `${path}?theme=${theme}`;
    const hit = responses.get(key);
    markEmbedView(res, hit ? "hit" : "miss");
    if (!hit) {
      // Not kept if the cache was dropped (a revocation) while this request ran.
      const generation = responses.generation();
      keepIfPublic(res, (response, maxAge) => {
        if (responses.generation() === generation) responses.put(key, response, maxAge);
      });
      return true;
    }
    res.statusCode = hit.response.status;
    for (const [name, value] of hit.response.headers) res.setHeader(name, value);
    // What is left of its max-age, not all of it again.
    res.setHeader("Cache-Control", `public, max-age=${hit.secondsLeft}`);
    res.setHeader("X-Sightline-Cache", "HIT");
    res.end(hit.response.body);
    return false;
  };

  return (req, res) => {
    const h = req.headers;
    h[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    delete h[PATH_HEADER];
    delete h["content-security-policy"];
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    measureRequest(req, res, path);
    // Only a path in its plain form: Next.js would resolve dot segments, backslashes and
    // absolute forms itself, past the checks below (to /s/…, say).
    if (!isPlainPath(path)) {
      res.statusCode = 400;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end("Bad request: the path is not in its plain form");
      return false;
    }
    staticHeaders(req, res, EMBED.test(path));
    if (STATIC.test(path)) {
      cfg.compress?.(req, res);
      return true;
    }
    if (/^\/s(?:\/|$)/.test(safeDecode(path))) {
      res.statusCode = 404;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end("Not found");
      return false;
    }
    if (!path.startsWith("/api/")) h[PATH_HEADER] = url;
    if (!CACHED_PAGE.test(path)) return pass(req, res, null);
    if (!cfg.authEnabled) return pass(req, res, OPEN_SCOPE);
    const known = sessions!.known(h.cookie);
    if (known !== undefined) return pass(req, res, known && caps(known));
    return sessions!.scopeOf(h.cookie).then((scope) => pass(req, res, scope && caps(scope)));
  };
}

/**
 * 128 random bits, base64url (22 characters, the placeholder's length). Drawn from a pool
 * filled 256 nonces at a time: one system call per request would weigh on a cached
 * page's serving time.
 */
const NONCE_BYTES = 16;
const pool = Buffer.alloc(NONCE_BYTES * 256);
let poolAt = pool.length;
function newNonce(): string {
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += NONCE_BYTES;
  return pool.toString("base64url", poolAt - NONCE_BYTES, poolAt);
}

/** A scope's signed capability, written once per scope and UTC day (lib/auth/scope-cap.ts). */
function createCapCache(secret: string): (scope: Scope) => string {
  const kept = new Map<string, { day: number; cap: string }>();
  // The session reader hands out one scope object per session: found without a key.
  const bySession = new WeakMap<Scope, { day: number; cap: string }>();
  return (scope) => {
    const day = Math.floor(Date.now() / 86_400_000);
    const mine = bySession.get(scope);
    if (mine?.day === day) return mine.cap;
    const cap = capOf(scope, day);
    bySession.set(scope, { day, cap });
    return cap;
  };
  function capOf(scope: Scope, day: number): string {
    const key = `${scope.role}|${scope.teams === "all" ? "*" : JSON.stringify(scope.teams)}`;
    const hit = kept.get(key);
    if (hit?.day === day) return hit.cap;
    if (kept.size > 10_000) kept.clear();
    const cap = writeScopeCap(secret, scope);
    kept.set(key, { day, cap });
    return cap;
  }
}

/**
 * What every response carries (docs/security.md). Here rather than in next.config.ts,
 * whose per-request header rules cost throughput (docs/security.md). A route
 * handler may still set its own (embeds set their Referrer-Policy).
 */
function staticHeaders(req: IncomingMessage, res: ServerResponse, embed: boolean): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  // Embeds are framed by the origins their token names (their own policy's frame-ancestors).
  if (!embed) res.setHeader("X-Frame-Options", "DENY");
  // Behind a reverse proxy that terminates HTTPS; over plain HTTP a browser ignores it.
  if (req.headers["x-forwarded-proto"] === "https") {
    res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
}

/** Headers of the transfer, not of the response: not kept with a cached one. */
const TRANSFER = new Set([
  "content-encoding",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "date",
]);

/** Headers the front door sets on each response itself: never kept with a page. */
const PER_RESPONSE = new Set([
  ...TRANSFER,
  "content-security-policy",
  "x-content-type-options",
  "referrer-policy",
  "x-frame-options",
  "strict-transport-security",
  "x-sightline-cache",
]);

/** The response's headers but `leaveOut`, as a cached response keeps them. */
function headersOf(res: ServerResponse, leaveOut: Set<string>): CachedResponse["headers"] {
  return Object.entries(res.getHeaders())
    .filter(([name, v]) => v !== undefined && !leaveOut.has(name))
    .map(([name, v]) => [name, Array.isArray(v) ? v : String(v)] as [string, string | string[]]);
}

/**
 * Collects the body Next.js writes and, at its end and before it is sent, hands it to
 * `done` (a cached page's body comes as one string in `end`: kept as it is).
 */
function collectBody(res: ServerResponse, done: (body: () => Buffer | string) => void): void {
  const write = res.write as (...a: unknown[]) => boolean;
  const end = res.end as (...a: unknown[]) => ServerResponse;
  const chunks: (Buffer | string)[] = [];
  const add = (chunk: unknown, encoding: unknown) => {
    const utf8 =
      encoding == null || typeof encoding === "function" || /^utf-?8$/i.test(`${encoding}`);
    chunks.push(typeof chunk === "string" && utf8 ? chunk : Buffer.from(toBuffer(chunk, encoding)));
  };
  res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown, cb?: unknown) {
    if (chunk != null) add(chunk, encoding);
    return write.call(this, chunk, encoding, cb);
  } as Write;
  res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown, cb?: unknown) {
    if (chunk != null && typeof chunk !== "function") add(chunk, encoding);
    done(() =>
      chunks.length === 1 && typeof chunks[0] === "string"
        ? chunks[0]
        : Buffer.concat(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c))),
    );
    return end.call(this, chunk, encoding, cb);
  } as End;
}

/**
 * Hands the response to `keep` when it is a 200 a shared cache may keep (`public,
 * max-age`, no cookie set).
 */
function keepIfPublic(
  res: ServerResponse,
  keep: (response: CachedResponse, maxAgeSeconds: number) => void,
): void {
  collectBody(res, (body) => {
    const maxAge = publicMaxAge(String(res.getHeader("cache-control") ?? ""));
    if (res.statusCode !== 200 || !maxAge || res.hasHeader("set-cookie")) return;
    const b = body();
    keep({ status: 200, headers: headersOf(res, TRANSFER), body: Buffer.from(b) }, maxAge);
  });
}

/**
 * Request headers a page's Vary names that its key stands for: the cookie (by the scope's
 * capability) and the encoding (compression is done after, per response).
 */
const IN_KEY = new Set(["cookie", "accept-encoding"]);

const lacksAll = (h: IncomingMessage["headers"], names: string[] | undefined) =>
  !names || names.every((n) => h[n] === undefined);

/**
 * Hands the response to `keep` when it is an HTML page Next.js served from its cache
 * (x-nextjs-cache: HIT, a 200, no cookie set) for a request without any other header the
 * page varies on (RSC requests, prefetches). The page keeps its placeholder.
 */
function keepIfCachedPage(
  res: ServerResponse,
  requestHeaders: IncomingMessage["headers"],
  keep: (page: CachedResponse<string>) => void,
): void {
  collectBody(res, (body) => {
    if (res.statusCode !== 200 || res.getHeader("x-nextjs-cache") !== "HIT") return;
    if (res.hasHeader("set-cookie") || !isHtml(res)) return;
    const vary = String(res.getHeader("vary") ?? "")
      .split(",")
      .map((v) => v.trim().toLowerCase())
      .filter((v) => v && !IN_KEY.has(v));
    if (vary.includes("*") || !lacksAll(requestHeaders, vary)) return;
    const b = body();
    const text = typeof b === "string" ? b : b.toString("utf8");
    // Its length stays that of the page: the nonce has the placeholder's length.
    const headers = headersOf(res, PER_RESPONSE);
    headers.push(["content-length", String(Buffer.byteLength(text))]);
    keep({ status: 200, headers, body: text, lacking: vary });
  });
}

const isHtml = (res: ServerResponse) =>
  /^text\/html/.test(String(res.getHeader("content-type") ?? ""));

/**
 * The answer to a request rewritten to a page cached per scope, at its public URL:
 * - private, with sign-in: Next.js marks a cached page `s-maxage`, which would let a
 *   shared cache in front (a CDN, a reverse proxy) give one team's page to another or to
 *   anyone (with sign-in off, every page is everyone's);
 * - a redirect Next.js answers (an RSC request without its cache key, a trailing slash)
 *   names the rewritten path: it goes back to the path asked for, as the browser must not
 *   be sent to /s/… (which the front door refuses).
 * The wrapper is one function for every response, its state on the response: a closure
 * made per request costs a cached page's throughput.
 */
const VIEWER = Symbol("sightline.viewer");
type ForViewer = ServerResponse & {
  [VIEWER]: { prefix: string; signedIn: boolean; setHeader: ServerResponse["setHeader"] };
};

function forViewer(res: ServerResponse, prefix: string, signedIn: boolean): void {
  const r = res as ForViewer;
  r[VIEWER] = { prefix, signedIn, setHeader: res.setHeader };
  res.setHeader = setHeaderForViewer as ServerResponse["setHeader"];
  if (!signedIn) return;
  r[VIEWER].setHeader.call(res, "Cache-Control", "private, no-cache");
  r[VIEWER].setHeader.call(res, "Vary", "Cookie");
}

function setHeaderForViewer(
  this: ForViewer,
  name: string,
  value: number | string | readonly string[],
): ServerResponse {
  const { prefix, signedIn, setHeader } = this[VIEWER];
  const n = name.toLowerCase();
  if (signedIn && n === "cache-control") return setHeader.call(this, name, "private, no-cache");
  // Next.js sets its own Vary (the RSC headers) over ours: Cookie stays in it.
  if (signedIn && n === "vary") return setHeader.call(this, name, withCookie(value));
  if (n === "location" && typeof value === "string" && value.startsWith(prefix)) {
    return setHeader.call(this, name, value.slice(prefix.length) || "/");
  }
  return setHeader.call(this, name, value);
}

const SIMPLE_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?$/;

/** Vary with Cookie in it; Next.js sends the same few values, so each is worked out once. */
const varied = new Map<string, string>();
function withCookie(value: number | string | readonly string[]): string {
  const key = Array.isArray(value) ? value.join(", ") : String(value);
  let out = varied.get(key);
  if (out === undefined) {
    const parts = key
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    out = parts.some((p) => p.toLowerCase() === "cookie")
      ? parts.join(", ")
      : [...parts, "Cookie"].join(", ");
    if (varied.size > 100) varied.clear();
    varied.set(key, out);
  }
  return out;
}

/** A path as a browser sends it: from "/", no dot segment, backslash or encoded dot. */
export function isPlainPath(path: string): boolean {
  // Segments of unreserved characters that do not start with a dot: plain, and the common
  // case, answered without parsing a URL for each request.
  if (SIMPLE_PATH.test(path)) return true;
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return false;
  if (/(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i.test(path)) return false;
  try {
    return new URL(path, "http://n").pathname === path;
  } catch {
    return false;
  }
}

const safeDecode = (path: string) => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

type Write = ServerResponse["write"];
type End = ServerResponse["end"];
type Callback = (error?: Error | null) => void;

const toBuffer = (chunk: unknown, encoding: unknown): Buffer =>
  Buffer.isBuffer(chunk)
    ? chunk
    : typeof chunk === "string"
      ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
      : Buffer.from(chunk as Uint8Array);

/**
 * Rewrites the placeholder into this response's nonce in HTML and RSC bodies, whatever the
 * chunks. A cached page comes as one string in `end`: replaced in the string, with no copy
 * to bytes and back. As forViewer: one wrapper for every response, its state on it.
 */
const BODY = Symbol("sightline.body");
type WithBody = ServerResponse & {
  [BODY]: {
    from: Buffer;
    fromText: string;
    to: string;
    write: (...a: unknown[]) => boolean;
    end: (...a: unknown[]) => ServerResponse;
    /** Picked at the first write: null when the body is not markup. */
    replacer?: Replacer | null;
  };
};

function replaceInBody(res: ServerResponse, from: Buffer, fromText: string, to: string): void {
  const r = res as WithBody;
  r[BODY] = {
    from,
    fromText,
    to,
    write: res.write as WithBody[typeof BODY]["write"],
    end: res.end as WithBody[typeof BODY]["end"],
  };
  res.write = writeReplacing as Write;
  res.end = endReplacing as End;
}

const isMarkup = (res: ServerResponse) =>
  /^text\/(?:html|x-component)/.test(String(res.getHeader("content-type") ?? ""));

function replacerOf(res: WithBody): Replacer | null {
  const b = res[BODY];
  if (b.replacer === undefined) {
    b.replacer = isMarkup(res) ? createReplacer(b.from, Buffer.from(b.to)) : null;
  }
  return b.replacer;
}

function writeReplacing(this: WithBody, chunk: unknown, encoding?: unknown, cb?: unknown) {
  const b = this[BODY];
  const r = replacerOf(this);
  if (!r || chunk == null) return b.write.call(this, chunk, encoding, cb);
  const done = (typeof encoding === "function" ? encoding : cb) as Callback | undefined;
  return b.write.call(this, r.push(toBuffer(chunk, encoding)), done);
}

function endReplacing(this: WithBody, chunk?: unknown, encoding?: unknown, cb?: unknown) {
  const b = this[BODY];
  // The whole body in one UTF-8 string (a cached page): the placeholder is ASCII, so its
  // characters are its bytes.
  if (
    b.replacer === undefined &&
    typeof chunk === "string" &&
    (encoding == null || typeof encoding === "function" || /^utf-?8$/i.test(String(encoding)))
  ) {
    b.replacer = null;
    const body = isMarkup(this) ? chunk.replaceAll(b.fromText, b.to) : chunk;
    return b.end.call(this, body, encoding, cb);
  }
  const r = replacerOf(this);
  if (!r) return b.end.call(this, chunk, encoding, cb);
  const done = [chunk, encoding, cb].find((a) => typeof a === "function") as Callback | undefined;
  const body =
    chunk != null && typeof chunk !== "function" ? r.last(toBuffer(chunk, encoding)) : r.end();
  return b.end.call(this, body, done);
}
