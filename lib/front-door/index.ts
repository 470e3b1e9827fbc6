/**
 * The front door (docs/security.md): runs in `npm start`'s process (scripts/start.mjs)
 * before Next.js sees a request, because Next.js's proxy costs about 40 % of a cached
 * page's throughput and this costs next to nothing. It decides nothing about access on its
 * own: pages and route handlers check the session themselves (lib/auth/session.ts).
 *
 * - Every request: the socket's address in x-sightline-peer (the sign-in limiter's count),
 *   and the headers a client must not choose removed.
 * - Pages with a cached twin (overview, workload, cost): the viewer's scope, signed, in
 *   x-sightline-scope, which next.config.ts rewrites to app/s/[scope]/…, cached per scope.
 * - Every response but embeds': a Content-Security-Policy with a fresh nonce. Next.js writes the nonce
 *   it finds in the request's policy into the page; pages are cached, so the request
 *   carries a fixed secret placeholder and the response's bytes get this response's nonce.
 * - Compression, after that replacement (next.config.ts turns Next.js's own off).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { PEER_HEADER } from "../auth/client-ip";
import { OPEN_SCOPE, writeScopeCap } from "../auth/scope-cap";
import type { User } from "../auth/users";
import { THEME_SCRIPT } from "../theme-script";
import { contentSecurityPolicy } from "./csp";
import { createReplacer, type Replacer } from "./replace";
import { createSessionReader } from "./session";

export const SCOPE_HEADER = "x-sightline-scope";
export const PATH_HEADER = "x-sightline-path";

export interface FrontDoorConfig {
  authEnabled: boolean;
  /** AUTH_SECRET; required with sign-in on. */
  secret?: string;
  users: () => User[];
  /** 22 base64url characters, secret, the same across restarts (see start.mjs). */
  placeholder: string;
  /** Wraps a response in compression (Next.js's compression middleware). */
  compress?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Handles a request before Next.js: resolves to false when it answered it itself. */
export type FrontDoor = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const STATIC = /^\/(?:_next\/static\/|favicon\.ico$|screenshots\/)/;
const CACHED_PAGE = /^\/(?:$|overview\/[^/]+$|cost\/[^/]+$|workloads\/[^/]+\/[^/]+$)/;
const EMBED = /^\/embed\//;

export function createFrontDoor(cfg: FrontDoorConfig): FrontDoor {
  if (!/^[A-Za-z0-9_-]{22}$/.test(cfg.placeholder)) {
    throw new Error("front door: the nonce placeholder must be 22 base64url characters");
  }
  if (cfg.authEnabled && !cfg.secret) throw new Error("front door: sign-in needs AUTH_SECRET");
  const sessions = cfg.secret ? createSessionReader(cfg.secret, cfg.users) : null;
  const placeholder = Buffer.from(cfg.placeholder);
  const requestPolicy = contentSecurityPolicy({
    nonce: cfg.placeholder,
    frameAncestors: [],
    inlineScripts: [THEME_SCRIPT],
  });

  return async (req, res) => {
    const h = req.headers;
    h[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    delete h[SCOPE_HEADER];
    delete h[PATH_HEADER];
    delete h["content-security-policy"];
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
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
    if (CACHED_PAGE.test(path)) {
      if (!cfg.authEnabled) h[SCOPE_HEADER] = OPEN_SCOPE;
      else {
        const scope = await sessions!.scopeOf(h.cookie);
        if (scope) h[SCOPE_HEADER] = writeScopeCap(cfg.secret!, scope);
      }
    }
    if (!path.startsWith("/api/")) h[PATH_HEADER] = url;
    // Embeds write their own policy, with the origins their token allows to frame them
    // (app/embed, docs/embeds.md); they carry no script.
    if (EMBED.test(path)) {
      cfg.compress?.(req, res);
      return true;
    }
    const nonce = randomBytes(16).toString("base64url");
    h["content-security-policy"] = requestPolicy;
    res.setHeader(
      "Content-Security-Policy",
      contentSecurityPolicy({ nonce, frameAncestors: [], inlineScripts: [THEME_SCRIPT] }),
    );
    cfg.compress?.(req, res);
    replaceInBody(res, placeholder, Buffer.from(nonce));
    return true;
  };
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

/** Rewrites the placeholder into `to` in HTML and RSC bodies, whatever the chunks. */
function replaceInBody(res: ServerResponse, from: Buffer, to: Buffer): void {
  const write = res.write as (...a: unknown[]) => boolean;
  const end = res.end as (...a: unknown[]) => ServerResponse;
  let replacer: Replacer | null | undefined;
  const pick = () => {
    if (replacer === undefined) {
      const type = String(res.getHeader("content-type") ?? "");
      replacer = /^text\/(?:html|x-component)/.test(type) ? createReplacer(from, to) : null;
    }
    return replacer;
  };
  res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown, cb?: unknown) {
    const r = pick();
    if (!r || chunk == null) return write.call(this, chunk, encoding, cb);
    const done = (typeof encoding === "function" ? encoding : cb) as Callback | undefined;
    return write.call(this, r.push(toBuffer(chunk, encoding)), done);
  } as Write;
  res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown, cb?: unknown) {
    const r = pick();
    if (!r) return end.call(this, chunk, encoding, cb);
    const done = [chunk, encoding, cb].find((a) => typeof a === "function") as Callback | undefined;
    const body =
      chunk != null && typeof chunk !== "function"
        ? Buffer.concat([r.push(toBuffer(chunk, encoding)), r.end()])
        : r.end();
    return end.call(this, body, done);
  } as End;
}
