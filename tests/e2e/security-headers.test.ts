/**
 * Security headers end to end (docs/security.md): the app as `npm start` runs it, with
 * sign-in, a real Prometheus and the embedded ClickHouse engine; Chromium checks that the
 * Content-Security-Policy lets the app's own scripts run and nothing else.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/clickhouse/connect";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { DATABASE, openEmbedded } from "../support/clickhouse";
import { launchChromium } from "../support/browser";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";
import { signInAll, TEST_AUTH_SECRET, writeUsersFile } from "../support/users";

const ADMIN = { name: "ada", password: "a long and unguessable e2e password" };
/** A route label as a client could send it: it must stay text on the workload page. */
const ROUTE = `/<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;

let prom: KnownPrometheus;
let app: AppServer;
let browser: Browser;
let dir: string;
let cookie: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-headers-"));
  const usersFile = await writeUsersFile(dir, [{ ...ADMIN, role: "admin" }]);
  prom = await startKnownPrometheus();
  // Requests of alpha on that route, in the last hour, in the app's own ClickHouse.
  const ch = openEmbedded(join(dir, "clickhouse"));
  await migrate(ch);
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.request_log
      (ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight)
      SELECT now64(3) - toIntervalSecond(60 + number), 'alpha', {route:String}, 'GET', 200, 20,
             'miss', 100, 'alpha-0', 1
      FROM numbers(10)`,
    query_params: { route: ROUTE },
  });
  await ch.client.close(); // the app server owns the embedded data directory from here
  app = await startApp({
    PROMETHEUS_URL: prom.url,
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    CATALOG_FILE: "tests/fixtures/catalog.yaml",
    AUTH_USERS_FILE: usersFile,
    AUTH_SECRET: TEST_AUTH_SECRET,
  });
  cookie = (await signInAll(app.url, [ADMIN]))[ADMIN.name]!;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await prom?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A browser context with the admin's session cookie. */
async function signedInContext() {
  const context = await browser.newContext();
  const eq = cookie.indexOf("=");
  await context.addCookies([
    { name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: app.url },
  ]);
  return context;
}

const PAGES = ["/", "/overview/1h", "/workloads/alpha/1h", "/cost/30d", "/oncall", "/oncall/tv"];
const OTHERS = ["/login", "/api/v1/workloads?range=1h", "/api/v1/health", "/no-such-page"];

/** The placeholder cached pages carry: it must never leave the server. */
const placeholder = () => readFileSync(".next/cache/sightline-csp-placeholder", "utf8").trim();

const policyOf = (res: Response) => {
  const csp = res.headers.get("content-security-policy");
  expect(csp, res.url).toBeTruthy();
  return Object.fromEntries(
    csp!.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
};

describe("headers on every response", () => {
  it("a policy with a fresh nonce that every script of the page carries, and no placeholder", async () => {
    const seen = new Set<string>();
    for (const path of [...PAGES, ...OTHERS]) {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${app.url}${path}`, { headers: { Cookie: cookie } });
        const body = await res.text();
        const p = policyOf(res);
        expect(p["frame-ancestors"], path).toEqual(["'none'"]);
        expect(p["object-src"], path).toEqual(["'none'"]);
        expect(p["script-src"]!.join(" "), path).not.toContain("unsafe-inline");
        const nonce = /^'nonce-([A-Za-z0-9_-]{22})'$/.exec(
          p["script-src"]!.find((v) => v.startsWith("'nonce-")) ?? "",
        )?.[1];
        expect(nonce, path).toBeTruthy();
        expect(seen.has(nonce!), `${path}: a nonce used twice`).toBe(false);
        seen.add(nonce!);
        expect(body, path).not.toContain(placeholder());
        expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
        expect(res.headers.get("x-frame-options"), path).toBe("DENY");
        expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
        expect(res.headers.get("strict-transport-security"), path).toBeNull();
        if (PAGES.includes(path)) {
          expect(res.status, path).toBe(200);
          // One team's page: never for a shared cache in front.
          expect(res.headers.get("cache-control"), path).toMatch(/private|no-store/);
          expect(res.headers.get("cache-control"), path).not.toContain("s-maxage");
          // A page cached per scope: Next.js writes its own Vary, the front door keeps Cookie in it.
          if (/^\/(?:$|overview\/|cost\/|workloads\/)/.test(path)) {
            expect(res.headers.get("vary")?.split(/,\s*/), path).toContain("Cookie");
          }
          const scripts = [...body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
          expect(scripts.length, path).toBeGreaterThan(3);
          // Every script: this response's nonce, or the theme script allowed by its hash.
          for (const attrs of scripts) {
            const own = / nonce="([^"]*)"/.exec(attrs)?.[1];
            if (own !== undefined) expect(own, path).toBe(nonce);
          }
          expect(scripts.filter((a) => !a.includes(" nonce=")).length, path).toBe(1);
        }
      }
    }
  });

  it("answers 400 to a path not in its plain form, which would reach the per-scope pages", async () => {
    const { request } = await import("node:http");
    const raw = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(app.url);
        const r = request(
          { host: u.hostname, port: u.port, path, headers: { Cookie: cookie } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        r.on("error", reject);
        r.end();
      });
    for (const path of [
      "/overview/../s/open/overview/1h",
      "/_next/static/../../s/open/overview/1h",
      "/%2e%2e/s/open/overview/1h",
      `${app.url}/s/open/overview/1h`,
    ]) {
      expect(await raw(path), path).toBe(400);
    }
    expect(await raw("/overview/1h")).toBe(200);
  });

  it("HSTS when a reverse proxy says the request came over HTTPS", async () => {
    const res = await fetch(`${app.url}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toBe(
      "max-age=63072000; includeSubDomains",
    );
  });

  it("compresses after the nonce is written", async () => {
    const res = await fetch(`${app.url}/overview/1h`, {
      headers: { Cookie: cookie, "Accept-Encoding": "gzip" },
    });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy")!)![1];
    expect(await res.text()).toContain(`nonce="${nonce}"`);
  });
});

describe("data rendered inert", () => {
  it("shows a route label that is markup as text, and runs none of it", async () => {
    const context = await signedInContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/workloads/alpha/1h`);
    const cell = page.locator('[data-testid="routes"] tbody tr', { hasText: "<script>" });
    await cell.first().waitFor({ timeout: 30_000 });
    expect(await cell.first().textContent()).toContain(ROUTE);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    const html = await (
      await fetch(`${app.url}/workloads/alpha/1h`, { headers: { Cookie: cookie } })
    ).text();
    expect(html).not.toContain("<script>window.__pwned");
    expect(html).not.toContain("<img src=x");
    await context.close();
  });
});

describe("in Chromium", () => {
  it("runs the app's scripts on every page and reports no policy violation", async () => {
    const context = await signedInContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    for (const path of PAGES) {
      await page.goto(`${app.url}${path}`);
      // The user menu is drawn by a script once the page is up (hidden on the wall screen).
      await page.waitForSelector('[data-testid="user-menu"]', { state: "attached" });
    }
    // A click on a link navigates without a reload (the router's scripts run too).
    await page.goto(`${app.url}/overview/1h`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.click('a[href="/cost"]');
    await page.waitForURL(/\/cost\//);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(violations).toEqual([]);
    // What markup injected into a page would run runs nowhere: event handlers of an image
    // and an SVG. (A script created by a running script is allowed by 'strict-dynamic':
    // that needs script execution already, which is what the nonce keeps out.)
    const injected = await page.evaluate(async () => {
      document.body.insertAdjacentHTML(
        "beforeend",
        `<img src="/no-such-image" onerror="window.injected = 'img'">` +
          `<svg onload="window.injected = 'svg'"></svg>`,
      );
      await new Promise((r) => setTimeout(r, 500));
      return (window as unknown as { injected?: string }).injected ?? null;
    });
    expect(injected).toBeNull();
    // ... and the browser says it refused them: the policy is enforced, not just sent.
    expect(violations.length).toBeGreaterThanOrEqual(2);
    await context.close();
  });
});
