/**
 * Report links end to end (docs/report-links.md): the app with sign-in, a real Prometheus
 * and the embedded ClickHouse; Chromium shares the overview and a workload page as an
 * editor, opens the links signed out, as a viewer of another team and as an admin,
 * revokes them from "Shared by me", prints one, and replays "Share" from a foreign origin.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { signInWithPassword } from "@/scripts/lib/sign-in";
import { launchChromium } from "../support/browser";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";
import { TEST_AUTH_SECRET, writeUsersFile } from "../support/users";

const SHOTS = "test-results/screenshots";

const PASSWORD = "correct horse battery staple";
/** The fixture catalog's teams: core (alpha, beta) and edge (gamma, delta). */
const EDGE = ["gamma", "delta"];
const TITLE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">Weekly`;

let prom: KnownPrometheus;
let app: AppServer;
let browser: Browser;
let dir: string;
/** The overview's link (anyone), then the workload's (signed-in users). */
let anyoneLink = "";
let signedInLink = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-report-links-"));
  const usersFile = await writeUsersFile(dir, [
    { name: "eddie", password: PASSWORD, role: "editor", teams: ["core"] },
    { name: "vera", password: PASSWORD, role: "viewer", teams: ["edge"] },
    { name: "ada", password: PASSWORD, role: "admin" },
  ]);
  prom = await startKnownPrometheus();
  app = await startApp({
    PROMETHEUS_URL: prom.url,
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    CATALOG_FILE: "tests/fixtures/catalog.yaml",
    AUTH_USERS_FILE: usersFile,
    AUTH_SECRET: TEST_AUTH_SECRET,
    REPORT_MAX_DAYS: "45",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await prom?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signedIn(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${app.url}/login`);
  await page.fill('input[name="username"]', name);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${app.url}/`);
  return { context, page };
}

async function cookieOf(name: string): Promise<string> {
  const r = await signInWithPassword(app.url, name, PASSWORD);
  if (!r.cookie) throw new Error(`no session for ${name}: ${r.error}`);
  return r.cookie;
}

/** Shares the page open in `page` through the dialog; the link it shows. */
async function share(page: Page, opts: { title?: string; anyone?: boolean }): Promise<string> {
  await page.click('[data-testid="share-button"]');
  if (opts.title !== undefined) await page.fill('dialog input[name="title"]', opts.title);
  if (opts.anyone) await page.check('[data-testid="share-anyone"]');
  await page.click('[data-testid="share-create"]');
  const link = await page.locator('[data-testid="share-link"]').inputValue({ timeout: 60_000 });
  expect(link).toMatch(new RegExp(`^${app.url}/r/[A-Za-z0-9_-]{22}$`));
  return link;
}

describe("report links", () => {
  it("an editor shares the overview for anyone and a workload for signed-in users", async () => {
    const { context, page } = await signedIn("eddie");
    await page.waitForSelector('[data-testid="indicators-1h"]');
    // The dialog offers the configured maximum.
    await page.click('[data-testid="share-button"]');
    expect(await page.getAttribute('dialog input[name="days"]', "max")).toBe("45");
    await page.click("dialog >> text=Cancel");
    anyoneLink = await share(page, { title: TITLE, anyone: true });
    await page.goto(`${app.url}/workloads/alpha/1h`);
    await page.waitForSelector('[data-testid="chart-requests"]');
    signedInLink = await share(page, {});
    await context.close();
  });

  it("a viewer sees no Share button", async () => {
    const { context, page } = await signedIn("vera");
    await page.waitForSelector('[data-testid="indicators-1h"]');
    expect(await page.locator('[data-testid="share-button"]').count()).toBe(0);
    await context.close();
  });

  it("opens an 'anyone' link signed out: frozen, the title inert, only the creator's teams", async () => {
    const res = await fetch(anyoneLink, { redirect: "manual" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain("<script>window.__pwned");
    expect(html).not.toContain('<img src="x"');
    for (const w of EDGE) expect(html, w).not.toContain(w);
    expect(html).toContain("alpha");

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(anyoneLink);
    await page.waitForSelector('[data-testid="report-header"]');
    expect(await page.textContent('[data-testid="report-title"]')).toBe(TITLE);
    expect(await page.textContent('[data-testid="report-creator"]')).toBe("eddie");
    expect(await page.textContent('[data-testid="report-as-of"]')).toMatch(
      /^As of \d{4}-\d\d-\d\d/,
    );
    expect(await page.textContent('[data-testid="report-range"]')).toContain("Last hour");
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-testid="share-button"]').count()).toBe(0);
    // For the README: a report link as its reader sees it, signed out.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SHOTS, "report-link.png") });
    await context.close();
  });

  it("sends a signed-in link to /login, and hides it from a viewer of another team", async () => {
    const res = await fetch(signedInLink, { redirect: "manual" });
    expect(res.status).toBe(307);
    const to = new URL(res.headers.get("location")!, app.url);
    expect(to.pathname).toBe("/login");
    expect(to.searchParams.get("callbackUrl")).toBe(new URL(signedInLink).pathname);
    expect(await res.text()).not.toContain("alpha");

    const vera = await fetch(signedInLink, { headers: { Cookie: await cookieOf("vera") } });
    expect(vera.status).toBe(404);
    expect(await vera.text()).not.toContain("alpha");

    const ada = await fetch(signedInLink, { headers: { Cookie: await cookieOf("ada") } });
    expect(ada.status).toBe(200);
    expect(await ada.text()).toContain('data-testid="report-link"');
  });

  it("answers 404 for an id that names nothing", async () => {
    for (const path of [
      "/r/AAAAAAAAAAAAAAAAAAAAAA",
      "/r/not-an-id",
      "/r/AAAAAAAAAAAAAAAAAAAAAA/gone",
    ]) {
      expect((await fetch(`${app.url}${path}`)).status, path).toBe(404);
    }
  });

  it("prints a clean page: no navigation or buttons, charts within the page's width", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([
      {
        name: "next-auth.session-token",
        value: (await cookieOf("eddie")).split("=").slice(1).join("="),
        url: app.url,
      },
    ]);
    const page = await context.newPage();
    await page.goto(signedInLink);
    await page.waitForSelector(".recharts-surface");
    await page.emulateMedia({ media: "print" });
    // A4 at 96 dpi less the 12 mm margins: about 703 px.
    await page.setViewportSize({ width: 703, height: 1000 });
    const layout = await page.evaluate(() => ({
      header: getComputedStyle(document.querySelector("body > header")!).display,
      buttons: [...document.querySelectorAll("button")].filter(
        (b) => getComputedStyle(b).display !== "none",
      ).length,
      widest: Math.max(
        ...[...document.querySelectorAll(".recharts-surface")].map(
          (s) => s.getBoundingClientRect().right,
        ),
      ),
      width: document.documentElement.clientWidth,
    }));
    expect(layout.header).toBe("none");
    expect(layout.buttons).toBe(0);
    expect(layout.widest).toBeLessThanOrEqual(layout.width);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await context.close();
  });

  it("refuses 'Share' replayed from a foreign origin", async () => {
    const { context, page } = await signedIn("eddie");
    await page.waitForSelector('[data-testid="indicators-1h"]');
    let action: { url: string; headers: Record<string, string>; body: string } | undefined;
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) {
        const headers = Object.fromEntries(
          Object.entries(r.headers()).filter(
            ([k]) => !/^(host|content-length|connection)$/.test(k),
          ),
        );
        action = { url: r.url(), headers, body: r.postData() ?? "" };
      }
    });
    await share(page, { title: "replayed" });
    expect(action).toBeDefined();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const before = await fetch(`${app.url}/shared`, { headers: { Cookie: cookie } });
    const count = (s: string) => s.split('data-testid="shared-link"').length - 1;
    const n = count(await before.text());
    const replay = (origin: string) =>
      fetch(action!.url, {
        method: "POST",
        headers: { ...action!.headers, cookie, origin },
        body: action!.body,
      });
    const links = async () =>
      count(await (await fetch(`${app.url}/shared`, { headers: { Cookie: cookie } })).text());
    const forged = await replay("http://evil.example");
    expect(forged.status).not.toBe(200);
    expect(await links()).toBe(n);
    // The same request from the site's own origin does make a link: only the origin differs.
    const own = await replay(app.url);
    expect(own.status).toBe(200);
    expect(await links()).toBe(n + 1);
    await context.close();
  });

  it("lists and revokes from 'Shared by me'; a revoked link answers 410 with nothing of it", async () => {
    const { context, page } = await signedIn("eddie");
    await page.goto(`${app.url}/shared`);
    const rows = page.locator('[data-testid="shared-link"]');
    expect(await rows.count()).toBe(4); // the overview's, the workload's, two "replayed"
    const id = new URL(anyoneLink).pathname.split("/")[2]!;
    const row = page.locator(`[data-testid="shared-link"][data-id="${id}"]`);
    expect(await row.textContent()).toContain("anyone with the link");
    page.on("dialog", (d) => void d.accept());
    await row.locator('[data-testid="revoke-link"]').click();
    await page.waitForSelector(
      `[data-testid="shared-link"][data-id="${id}"][data-state="revoked"]`,
    );
    await page.screenshot({ path: join(SHOTS, "shared-by-me.png"), fullPage: true });
    await context.close();

    const gone = await fetch(anyoneLink);
    expect(gone.status).toBe(410);
    const body = await gone.text();
    expect(body).toContain("revoked");
    expect(body).not.toContain("Weekly");
    expect(body).not.toContain("alpha");
    // Skipping the proxy (CVE-2025-29927's forged header) shows nothing of it either.
    const forged = await fetch(anyoneLink, {
      headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    });
    const forgedBody = await forged.text();
    expect(forgedBody).not.toContain("Weekly");
    expect(forgedBody).not.toContain('data-testid="report-link"');
  });

  it("an admin sees everyone's links with their creator and revokes another's", async () => {
    const { context, page } = await signedIn("ada");
    await page.goto(`${app.url}/shared`);
    await page.waitForSelector('[data-testid="shared-links"]');
    expect(await page.textContent('[data-testid="shared-links"] thead')).toContain("Creator");
    const id = new URL(signedInLink).pathname.split("/")[2]!;
    const row = page.locator(`[data-testid="shared-link"][data-id="${id}"]`);
    expect(await row.textContent()).toContain("eddie");
    page.on("dialog", (d) => void d.accept());
    await row.locator('[data-testid="revoke-link"]').click();
    await page.waitForSelector(
      `[data-testid="shared-link"][data-id="${id}"][data-state="revoked"]`,
    );
    await context.close();
    const gone = await fetch(signedInLink, { headers: { Cookie: await cookieOf("ada") } });
    expect(gone.status).toBe(410);
  });
});
