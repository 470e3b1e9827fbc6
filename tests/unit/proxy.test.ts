import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy as fullProxy, sessionProxy as proxy } from "@/proxy";

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

describe("proxy.ts and report links", () => {
  it("lets /r/ paths through without a session cookie: the page checks the link's audience", async () => {
    vi.stubEnv("AUTH_DISABLED", "false");
    // Not an id (22 base64url characters): nothing is looked up, the page answers 404.
    for (const path of ["/r/nope", "/r/", "/r/a/b"]) {
      const res = await fullProxy(request(path));
      expect(res.headers.get("x-middleware-next"), path).toBe("1");
      expect(res.headers.get("x-middleware-rewrite"), path).toBeNull();
      // Where /login sends the reader back to: the path asked for, never the client's header.
      expect(res.headers.get("x-middleware-request-x-sightline-path"), path).toBe(path);
    }
    // Every other path still goes through the session check.
    expect((await fullProxy(request("/shared"))).status).toBe(307);
  });
});
