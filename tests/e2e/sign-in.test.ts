/**
 * Sign-in end to end (docs/auth.md): the app started with a users file, a real Prometheus
 * and the embedded ClickHouse engine; Chromium signs in through /login.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { signInWithPassword } from "@/scripts/lib/sign-in";
import { launchChromium } from "../support/browser";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";
import { TEST_AUTH_SECRET, writeUsersFile } from "../support/users";

const WORKLOADS = ["alpha", "beta", "gamma", "delta"];
const VIEWER = { name: "vera", password: "correct horse battery staple" };

let prom: KnownPrometheus;
let app: AppServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-sign-in-"));
  const usersFile = await writeUsersFile(dir, [
    { ...VIEWER, role: "viewer", teams: ["core"] },
    { name: "ops", email: "ops@example.com", role: "admin" },
  ]);
  prom = await startKnownPrometheus();
  app = await startApp({
    PROMETHEUS_URL: prom.url,
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    CATALOG_FILE: "tests/fixtures/catalog.yaml",
    AUTH_USERS_FILE: usersFile,
    AUTH_SECRET: TEST_AUTH_SECRET,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await prom?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The API's data endpoints, each of which must answer 401 without a session. */
const API = [
  "/api/v1/workloads?range=1h",
  "/api/v1/slos",
  "/api/v1/slos/alpha",
  "/api/v1/workloads/alpha/series",
  "/api/v1/workloads/alpha/routes",
  "/api/v1/cost",
  "/api/v1/cost/recommendations",
  "/api/v1/cost/recommendations.csv",
  "/api/v1/oncall",
  "/api/v1/catalog/check",
];
const PAGES = ["/", "/overview/1h", "/workloads/alpha/1h", "/cost/30d", "/oncall", "/oncall/tv"];

/** Headers that once let a request skip Next.js middleware (CVE-2025-29927). */
const FORGED = [
  "proxy:proxy:proxy:proxy:proxy",
  "middleware:middleware:middleware:middleware:middleware",
  "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
  "proxy",
  "middleware",
];

/** `body` names no workload, except one the request itself named (`asked`). */
function expectNoData(body: string, what: string, asked = "") {
  for (const w of WORKLOADS) {
    if (!asked.includes(w)) expect(body, `${what} names ${w}`).not.toContain(w);
  }
}

/** A page refused: 307 to /login, coming back to where it was asked for. */
async function expectLogin(res: Response, back: string) {
  expect(res.status, back).toBe(307);
  const to = new URL(res.headers.get("location")!, app.url);
  expect(to.origin).toBe(app.url);
  expect(to.pathname).toBe("/login");
  expect(to.searchParams.get("callbackUrl")).toBe(back);
  // The redirect repeats the path asked for, and nothing else.
  expectNoData(await res.text(), back, back);
}

describe("without a session", () => {
  it("sends pages to /login and answers the API 401 with no workload in the body", async () => {
    for (const path of PAGES) {
      await expectLogin(await fetch(`${app.url}${path}`, { redirect: "manual" }), path);
    }
    for (const path of API) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(401);
      expectNoData(await res.text(), path);
    }
    // Liveness and the API's description stay public.
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/v1/openapi.json`)).status).toBe(200);
  });

  it("refuses a cookie that is no session, and a session of a user not in the users file", async () => {
    const ghost = await encode({
      token: { sub: "ghost", user: "ghost", name: "ghost", role: "admin", teams: "all" },
      secret: TEST_AUTH_SECRET,
    });
    for (const cookie of ["next-auth.session-token=forged", `next-auth.session-token=${ghost}`]) {
      // Past the proxy (a cookie is there), the page's own check sends it to /login ...
      const page = await fetch(`${app.url}/overview/1h`, {
        redirect: "manual",
        headers: { Cookie: cookie },
      });
      expect(page.status, cookie).toBe(307);
      expect(new URL(page.headers.get("location")!, app.url).pathname).toBe("/login");
      expectNoData(await page.text(), cookie);
      // ... the API's answers 401 ...
      const api = await fetch(`${app.url}/api/v1/workloads`, { headers: { Cookie: cookie } });
      expect(api.status).toBe(401);
      expectNoData(await api.text(), cookie);
      // ... and the pages cached per scope are not reachable by their own path, nor by a
      // scope header a client writes (the front door takes the scope from the cookie only).
      for (const twin of ["/s/open/overview/1h", "/%73/open/overview/1h"]) {
        const res = await fetch(`${app.url}${twin}`, { headers: { Cookie: cookie } });
        expect(res.status, twin).toBe(404);
        expectNoData(await res.text(), twin);
      }
      const scoped = await fetch(`${app.url}/overview/1h`, {
        redirect: "manual",
        headers: { Cookie: cookie, "x-sightline-scope": "open" },
      });
      expect(scoped.status).toBe(307);
      expectNoData(await scoped.text(), "/overview/1h with a scope header");
    }
  });

  it("changes nothing with a forged x-middleware-subrequest header", async () => {
    for (const forged of FORGED) {
      const headers = { "x-middleware-subrequest": forged };
      for (const path of PAGES) {
        const res = await fetch(`${app.url}${path}`, { redirect: "manual", headers });
        await expectLogin(res, path);
      }
      for (const path of API) {
        const res = await fetch(`${app.url}${path}`, { headers });
        expect(res.status, `${path} with ${forged}`).toBe(401);
        expectNoData(await res.text(), path);
      }
    }
  });
});

describe("signing in", () => {
  it("signs the viewer in from the page asked for, back to it, with no sign-in-off banner", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/workloads/alpha/1h`);
    await page.waitForURL(/\/login\?callbackUrl=/);
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/workloads/alpha/1h");
    await page.fill('input[name="username"]', VIEWER.name);
    await page.fill('input[name="password"]', VIEWER.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${app.url}/workloads/alpha/1h`);
    await page.waitForSelector('[data-testid="chart-requests"]');
    await expect(page.textContent('[data-testid="user-menu"]')).resolves.toContain(VIEWER.name);
    expect(await page.locator('[data-testid="sign-in-off"]').count()).toBe(0);
    // The browser's session opens the API too.
    const api = await page.evaluate(async () => {
      const r = await fetch("/api/v1/workloads?range=1h");
      return { status: r.status, body: await r.text() };
    });
    expect(api.status).toBe(200);
    expect(api.body).toContain('"workload":"alpha"');
    // Signing out ends it.
    await page.click('[data-testid="user-menu"] button');
    await page.waitForURL(/\/login/);
    const after = await page.evaluate(async () => (await fetch("/api/v1/workloads")).status);
    expect(after).toBe(401);
    await context.close();
  });

  it("refuses a wrong password with a message, and stays on /login", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/login?callbackUrl=%2Foncall`);
    await page.fill('input[name="username"]', VIEWER.name);
    await page.fill('input[name="password"]', "wrong password");
    await page.click('button[type="submit"]');
    await expect(page.textContent('[data-testid="login-error"]')).resolves.toBe(
      "Wrong name or password.",
    );
    expect(new URL(page.url()).pathname).toBe("/login");
    expect((await context.cookies()).some((c) => c.name.includes("session-token"))).toBe(false);
    await context.close();
  });

  it("keeps every callbackUrl on the site", async () => {
    const evil = [
      "https://evil.example/",
      "//evil.example/overview/1h",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      `http://evil.example@${new URL(app.url).host}/`,
      "javascript:alert(document.cookie)",
    ];
    for (const callbackUrl of evil) {
      // next-auth's answer (its redirect callback) ...
      const r = await signInWithPassword(app.url, VIEWER.name, VIEWER.password, callbackUrl);
      expect(r.cookie, callbackUrl).toBeDefined();
      // ... and where the browser ends up from the login page.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${app.url}/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await page.fill('input[name="username"]', VIEWER.name);
      await page.fill('input[name="password"]', VIEWER.password);
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-testid="indicators-1h"]');
      expect(page.url(), callbackUrl).toBe(`${app.url}/`);
      await context.close();
    }
    // The redirect callback itself: an absolute callbackUrl comes back as the site's root.
    const csrf = await fetch(`${app.url}/api/auth/csrf`);
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${app.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({
        username: VIEWER.name,
        password: VIEWER.password,
        csrfToken,
        callbackUrl: "https://evil.example/",
        json: "true",
      }),
    });
    expect(((await res.json()) as { url: string }).url).toBe(`${app.url}/`);
  });

  it(
    "refuses the 11th failed sign-in within a minute with 429 and how long to wait",
    { timeout: 180_000 },
    async () => {
      // The earlier tests' attempts came from this address too: wait out their minute.
      await new Promise((r) => setTimeout(r, 61_000));
      const name = "mallory";
      for (let failures = 1; failures <= 10; failures++) {
        // A client's own x-forwarded-for does not make it another address (no proxy in front).
        const forged = { "x-forwarded-for": `198.51.100.${failures}` };
        const r = await signInWithPassword(app.url, name, `guess ${failures}`, "/", forged);
        expect(r.error, `failure ${failures}`).toBe("CredentialsSignin");
        expect(r.cookie).toBeUndefined();
      }
      const refused = await signInWithPassword(app.url, name, "guess 11");
      expect(refused.status).toBe(429);
      expect(refused.error).toMatch(/^Too many failed sign-ins: try again in \d+ s\.$/);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
      // From this address, even the right password waits now: the count is the address's.
      const right = await signInWithPassword(app.url, VIEWER.name, VIEWER.password);
      expect(right.status).toBe(429);
      expect(right.cookie).toBeUndefined();
      // The login form says so.
      const page = await browser.newPage();
      await page.goto(`${app.url}/login`);
      await page.fill('input[name="username"]', VIEWER.name);
      await page.fill('input[name="password"]', VIEWER.password);
      await page.click('button[type="submit"]');
      await expect(page.textContent('[data-testid="login-error"]')).resolves.toMatch(
        /^Too many failed sign-ins: try again in \d+ s\.$/,
      );
      await page.close();
    },
  );
});

describe("with AUTH_DISABLED=true", () => {
  it("says so on every page, and serves the cached pages without a session", async () => {
    const off = await startApp({
      PROMETHEUS_URL: prom.url,
      CLICKHOUSE_DATA_DIR: join(dir, "clickhouse-off"),
      CATALOG_FILE: "tests/fixtures/catalog.yaml",
      AUTH_DISABLED: "true",
    });
    try {
      const banner =
        "Sign-in is off (AUTH_DISABLED=true): anyone who reaches this port sees everything";
      for (const path of ["/", "/workloads/alpha/1h", "/oncall", "/login"]) {
        const res = await fetch(`${off.url}${path}`);
        expect(res.status, path).toBe(200);
        expect(await res.text(), path).toContain(banner);
      }
      // The overview is its ISR twin again: the second request is a cache hit.
      const again = await fetch(`${off.url}/overview/1h`);
      expect(again.headers.get("x-nextjs-cache")).toMatch(/HIT|STALE/);
      expect((await fetch(`${off.url}/api/v1/workloads`)).status).toBe(200);
      expect((await fetch(`${off.url}/api/auth/session`)).status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});
