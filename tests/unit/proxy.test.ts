import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { config, proxy } from "@/proxy";

afterEach(() => vi.unstubAllEnvs());

const request = (path: string, cookie?: string) =>
  new NextRequest(`http://127.0.0.1:3000${path}`, {
    headers: cookie ? { cookie, "x-sightline-path": "/forged" } : { "x-sightline-path": "/forged" },
  });

describe("proxy.ts with sign-in on", () => {
  const on = () => vi.stubEnv("AUTH_DISABLED", "false");

  it("sends a page request with no session cookie to /login, coming back to it", () => {
    on();
    const res = proxy(request("/workloads/shop%2Fcheckout/24h?x=1"));
    expect(res.status).toBe(307);
    const to = new URL(res.headers.get("location")!);
    expect(to.pathname).toBe("/login");
    expect(to.searchParams.get("callbackUrl")).toBe("/workloads/shop%2Fcheckout/24h?x=1");
  });

  it("answers an API request with no session cookie 401, with nothing else in the body", async () => {
    on();
    const res = proxy(request("/api/v1/workloads?range=1h"));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { message: "sign in first (see /login)" } });
  });

  it("lets through the sign-in, liveness and the API description, and requests with a cookie", () => {
    on();
    for (const path of ["/login", "/api/auth/csrf", "/api/v1/health", "/api/v1/openapi.json"]) {
      expect(proxy(request(path)).headers.get("x-middleware-next"), path).toBe("1");
    }
    const res = proxy(request("/overview/1h", "next-auth.session-token=abc"));
    expect(res.headers.get("x-middleware-next")).toBe("1");
    // Where the page comes back to is the path asked for, never the client's header.
    expect(res.headers.get("x-middleware-request-x-sightline-path")).toBe("/overview/1h");
    const secure = proxy(request("/overview/1h", "__Secure-next-auth.session-token.0=abc"));
    expect(secure.headers.get("x-middleware-next")).toBe("1");
    // An empty or look-alike cookie is no session cookie.
    expect(proxy(request("/overview/1h", "next-auth.session-token=")).status).toBe(307);
    expect(proxy(request("/overview/1h", "next-auth.session-tokenx=abc")).status).toBe(307);
  });
});

describe("proxy.ts with sign-in off", () => {
  it("serves the ISR twins of the overview, workload and cost pages", () => {
    vi.stubEnv("AUTH_DISABLED", "true");
    const rewrite = (path: string) => {
      const to = proxy(request(path)).headers.get("x-middleware-rewrite");
      return to ? new URL(to).pathname + new URL(to).search : null;
    };
    expect(rewrite("/")).toBe("/open/overview/1h");
    expect(rewrite("/overview/24h")).toBe("/open/overview/24h");
    expect(rewrite("/workloads/shop%2Fcheckout/7d")).toBe("/open/workloads/shop%2Fcheckout/7d");
    expect(rewrite("/cost/30d?_rsc=1")).toBe("/open/cost/30d?_rsc=1");
    expect(rewrite("/oncall")).toBeNull();
    expect(rewrite("/api/v1/workloads")).toBeNull();
    expect(proxy(request("/api/v1/workloads")).status).toBe(200);
  });
});

describe("proxy.ts matcher", () => {
  it("skips embeds (a token authorises them) but not the embeds list or anything else", () => {
    // Next.js anchors the matcher at both ends.
    const matches = (path: string) => new RegExp(`^${config.matcher[0]}$`).test(path);
    expect(matches("/embed/abc.def.ghi")).toBe(false);
    expect(matches("/embed/abc.def.ghi/badge.svg")).toBe(false);
    for (const path of ["/embeds", "/embedded", "/api/v1/embeds", "/overview/1h", "/"]) {
      expect(matches(path), path).toBe(true);
    }
  });
});
