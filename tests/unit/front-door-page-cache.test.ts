/**
 * The front door's page cache (docs/caching.md, "The front door's page cache"), through a
 * real HTTP server: the front door in front of a stand-in for Next.js that answers as
 * Next.js answers a page cached per scope (x-nextjs-cache, Vary, the nonce placeholder in
 * the body) and counts what reaches it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFrontDoor, PAGE_KEEP_SECONDS } from "@/lib/front-door/index";
import type { User } from "@/lib/auth/users";

const SECRET = "front-door-page-cache-test-secret-0123456789";
const PLACEHOLDER = "PlaceholderOf22Chars_x";
const USERS: User[] = [
  { name: "ann", role: "viewer", teams: ["payments"] },
  { name: "ben", role: "viewer", teams: ["search"] },
];
const NEXT_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";

/** How the stand-in answers the next page requests. */
let answer: { cache: string; status: number; setCookie: boolean };
/** Each URL the stand-in was asked for. */
let asked: string[];
let server: Server;
let base: string;
const cookie: Record<string, string> = {};

function standIn(req: IncomingMessage, res: ServerResponse): void {
  asked.push(req.url!);
  res.statusCode = answer.status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("x-nextjs-cache", answer.cache);
  res.setHeader("Cache-Control", "s-maxage=3600");
  res.setHeader("Vary", NEXT_VARY);
  if (answer.setCookie) res.setHeader("Set-Cookie", "a=b");
  // As Next.js writes a cached page: one string, with the nonce it found in the request's
  // policy (the placeholder) on its scripts and in its payload.
  const nonce = /'nonce-([^']+)'/.exec(String(req.headers["content-security-policy"]))?.[1];
  res.end(
    `<html><script nonce="${nonce}">1</script><p>${req.url} ${asked.length}</p>` +
      `<script nonce="${nonce}">self.__next_f.push([1,"${nonce}"])</script></html>`,
  );
}

beforeAll(async () => {
  const frontDoor = createFrontDoor({
    authEnabled: true,
    secret: SECRET,
    users: () => USERS,
    placeholder: PLACEHOLDER,
  });
  server = createServer((req, res) => {
    const pass = frontDoor(req, res);
    if (pass === true) standIn(req, res);
    else if (pass !== false) void pass.then((ok) => ok && standIn(req, res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const u of USERS) {
    const token = await encode({ token: { user: u.name, name: u.name }, secret: SECRET });
    cookie[u.name] = `next-auth.session-token=${token}`;
  }
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

beforeEach(async () => {
  answer = { cache: "HIT", status: 200, setCookie: false };
  asked = [];
  // What an earlier test kept is gone.
  await sleep(PAGE_KEEP_SECONDS * 1000 + 50);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function get(path: string, user?: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    headers: { ...headers, ...(user && { Cookie: cookie[user]! }) },
    redirect: "manual",
  });
  const body = await res.text();
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
  return {
    status: res.status,
    body,
    nonce,
    fromFrontDoor: res.headers.get("x-sightline-cache") === "HIT",
    length: res.headers.get("content-length"),
    headers: res.headers,
  };
}

/** The body with its nonce written as N: what stays the same between responses. */
const withoutNonce = (r: { body: string; nonce?: string }) => r.body.replaceAll(r.nonce!, "N");

describe("the front door's page cache", () => {
  it("serves a page Next.js served from its cache again for the same scope, each time with a nonce of its own", async () => {
    const first = await get("/overview/1h", "ann");
    const again = await Promise.all([1, 2, 3].map(() => get("/overview/1h", "ann")));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^\/s\/[^/]+\/overview\/1h$/);
    expect(first.fromFrontDoor).toBe(false);
    const nonces = new Set([first, ...again].map((r) => r.nonce));
    expect(nonces.size).toBe(4);
    for (const r of again) {
      expect(r.fromFrontDoor).toBe(true);
      expect(r.status).toBe(200);
      expect(withoutNonce(r)).toBe(withoutNonce(first));
      // Every nonce of the body is this response's, and the placeholder never leaves.
      expect(r.body.split(r.nonce!)).toHaveLength(4);
      expect(r.body).not.toContain(PLACEHOLDER);
      expect(Number(r.length)).toBe(Buffer.byteLength(r.body));
      expect(r.headers.get("cache-control")).toBe("private, no-cache");
      expect(r.headers.get("vary")).toContain("Cookie");
      expect(r.headers.get("x-frame-options")).toBe("DENY");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("never serves one scope's page to another, nor to a request without a session", async () => {
    const ann = await get("/overview/1h", "ann");
    const ben = await get("/overview/1h", "ben");
    const nobody = await get("/overview/1h");
    const forged = await get("/overview/1h", undefined, { Cookie: "next-auth.session-token=x" });
    expect(asked).toHaveLength(4);
    expect(ben.fromFrontDoor || nobody.fromFrontDoor || forged.fromFrontDoor).toBe(false);
    const annPath = asked[0]!;
    expect(asked[1]).not.toBe(annPath);
    expect(ben.body).not.toContain(annPath);
    // Without a session the page is not rewritten to any scope (the app then signs in).
    expect(asked.slice(2)).toEqual(["/overview/1h", "/overview/1h"]);
    expect(ann.body).toContain(annPath);
  });

  it("keeps a page by the path asked for, for PAGE_KEEP_SECONDS", async () => {
    await get("/overview/1h", "ann");
    await get("/overview/6h", "ann");
    await get("/overview/1h?x=1", "ann");
    expect(asked).toHaveLength(3);
    expect((await get("/overview/6h", "ann")).fromFrontDoor).toBe(true);
    await sleep(PAGE_KEEP_SECONDS * 1000 + 50);
    expect((await get("/overview/6h", "ann")).fromFrontDoor).toBe(false);
    expect(asked).toHaveLength(4);
  });

  it("leaves to Next.js what its Vary names (RSC, prefetch), conditional requests and other methods", async () => {
    await get("/overview/1h", "ann");
    const asks: Record<string, string>[] = [
      { RSC: "1" },
      { "Next-Router-Prefetch": "1" },
      { "Next-Router-State-Tree": "x" },
      { "If-None-Match": '"abc"' },
    ];
    for (const headers of asks) {
      expect((await get("/overview/1h", "ann", headers)).fromFrontDoor).toBe(false);
    }
    const head = await fetch(base + "/overview/1h", {
      method: "HEAD",
      headers: { Cookie: cookie.ann! },
    });
    expect(head.headers.get("x-sightline-cache")).toBeNull();
    expect(asked).toHaveLength(6);
    // An RSC answer is not kept in place of the page.
    expect((await get("/overview/6h", "ann", { RSC: "1" })).fromFrontDoor).toBe(false);
    expect((await get("/overview/6h", "ann")).fromFrontDoor).toBe(false);
    expect((await get("/overview/6h", "ann")).fromFrontDoor).toBe(true);
  });

  it("keeps only pages Next.js served from its cache as they are: not a fresh render, a stale one, an error or one setting a cookie", async () => {
    for (const a of [
      { cache: "MISS", status: 200, setCookie: false },
      { cache: "STALE", status: 200, setCookie: false },
      { cache: "HIT", status: 500, setCookie: false },
      { cache: "HIT", status: 200, setCookie: true },
    ]) {
      answer = a;
      asked = [];
      await get("/cost/30d", "ann");
      expect((await get("/cost/30d", "ann")).fromFrontDoor).toBe(false);
      expect(asked).toHaveLength(2);
    }
  });
});
