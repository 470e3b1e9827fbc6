import { describe, expect, it } from "vitest";
import {
  createResponseCache,
  dropCachedResponses,
  MAX_BODY_BYTES,
  MAX_ENTRIES,
  publicMaxAge,
  RESPONSE_CACHE_KEY,
} from "@/lib/front-door/response-cache";

const response = (body = "x") => ({
  status: 200,
  headers: [["content-type", "text/html"]] as [string, string][],
  body: Buffer.from(body),
});

describe("publicMaxAge: what a shared cache may keep", () => {
  it("reads public responses' max-age, and nothing else", () => {
    expect(publicMaxAge("public, max-age=30")).toBe(30);
    expect(publicMaxAge("max-age=30, public")).toBe(30);
    expect(publicMaxAge("public, s-maxage=5")).toBe(5);
    expect(publicMaxAge("max-age=30")).toBeNull();
    expect(publicMaxAge("public, max-age=30, private")).toBeNull();
    expect(publicMaxAge("no-store")).toBeNull();
    expect(publicMaxAge("public")).toBeNull();
    expect(publicMaxAge(undefined)).toBeNull();
  });
});

describe("createResponseCache", () => {
  it("serves an entry until its max-age, then forgets it", () => {
    const c = createResponseCache();
    c.put("/embed/a", response("a"), 30, 1_000);
    expect(c.get("/embed/a", 30_999)?.response.body.toString()).toBe("a");
    expect(c.get("/embed/a", 21_000)?.secondsLeft).toBe(10);
    expect(c.get("/embed/a", 31_000)).toBeUndefined();
    expect(c.size()).toBe(0);
  });

  it("keeps nothing for zero seconds or a body too large, and stays bounded", () => {
    const c = createResponseCache();
    c.put("zero", response(), 0);
    c.put("large", response("x".repeat(MAX_BODY_BYTES + 1)), 30);
    expect(c.size()).toBe(0);
    for (let i = 0; i <= MAX_ENTRIES; i++) c.put(`k${i}`, response(), 30);
    expect(c.size()).toBe(MAX_ENTRIES);
    expect(c.get("k0")).toBeUndefined(); // the oldest went first
    expect(c.get(`k${MAX_ENTRIES}`)).toBeDefined();
  });

  it("is dropped at once through the process-wide hook (a revoked embed)", () => {
    const c = createResponseCache();
    (globalThis as Record<symbol, unknown>)[RESPONSE_CACHE_KEY] = c;
    c.put("/embed/t", response(), 30);
    const before = c.generation();
    dropCachedResponses();
    expect(c.get("/embed/t")).toBeUndefined();
    expect(c.generation()).toBe(before + 1);
    delete (globalThis as Record<symbol, unknown>)[RESPONSE_CACHE_KEY];
  });
});
