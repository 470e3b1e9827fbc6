/**
 * Embeds end to end (docs/embeds.md): the app with sign-in, a real Prometheus and the
 * embedded ClickHouse engine. An editor creates embeds, a viewer cannot; the embeds open
 * signed out, refuse widening, tampering and the wrong route; Chromium frames one from an
 * allowed loopback origin and refuses it from another; a revoked one answers 401.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { launchChromium } from "../support/browser";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";
import { signInAll, TEST_AUTH_SECRET, type TestUser, writeUsersFile } from "../support/users";

const SHOTS = "test-results/screenshots";

const PASSWORD = "correct horse battery staple";
let prom: KnownPrometheus;
let app: AppServer;
let browser: Browser;
let dir: string;
let hosts: Server[] = [];
const cookies: Record<string, string> = {};

/** A page on its own loopback origin that frames `src`. */
async function framingSite(src: string): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(`<!doctype html><title>host</title><iframe id="e" src="${src}"></iframe>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hosts.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-embed-"));
  const users: TestUser[] = [
    { name: "ed", password: PASSWORD, role: "editor", teams: ["core"] },
    { name: "vera", password: PASSWORD, role: "viewer", teams: ["core"] },
    { name: "ops", password: PASSWORD, role: "admin" },
  ];
  const usersFile = await writeUsersFile(dir, users);
  prom = await startKnownPrometheus();
  app = await startApp({
    PROMETHEUS_URL: prom.url,
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    CATALOG_FILE: "tests/fixtures/catalog.yaml",
    AUTH_USERS_FILE: usersFile,
    AUTH_SECRET: TEST_AUTH_SECRET,
    EMBED_KEY: Buffer.alloc(32, 42).toString("base64url"),
    EMBED_KEY_ID: "e2e",
  });
  Object.assign(cookies, await signInAll(app.url, users));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await prom?.cleanup();
  for (const s of hosts) s.close();
  hosts = [];
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const api = (who: string, path: string, init: RequestInit = {}) =>
  fetch(`${app.url}${path}`, {
    ...init,
    headers: { Cookie: cookies[who]!, "Content-Type": "application/json", ...init.headers },
  });

async function create(who: string, body: object) {
  const res = await api(who, "/api/v1/embeds", { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe("embeds", () => {
  let allowed: string;
  let indicator: { token: string; id: string; url: string };
  let badge: { token: string; url: string };

  it("lets editors create embeds and refuses viewers and the signed out", async () => {
    allowed = await framingSite("about:blank"); // its origin; the page is replaced below
    const viewer = await create("vera", { panel: "badge", workload: "alpha" });
    expect(viewer.status).toBe(403);
    const out = await fetch(`${app.url}/api/v1/embeds`, { method: "POST", body: "{}" });
    expect(out.status).toBe(401);
    const made = await create("ed", {
      panel: "indicator",
      workload: "alpha",
      indicator: "requests",
      range: "24h",
      origins: [allowed],
    });
    expect(made.status).toBe(201);
    indicator = { token: made.body.token!, id: made.body.id!, url: made.body.url! };
    expect(made.body.html).toContain(`<iframe src="${app.url}/embed/${indicator.token}"`);
    const b = await create("ed", { panel: "badge", workload: "alpha" });
    expect(b.status).toBe(201);
    badge = { token: b.body.token!, url: b.body.url! };
    // Team core's editor cannot embed team edge's workloads.
    expect((await create("ed", { panel: "badge", workload: "gamma" })).status).toBe(404);
    // Another origin's change is refused.
    const foreign = await api("ed", "/api/v1/embeds", {
      method: "POST",
      headers: { Origin: "http://evil.example" },
      body: JSON.stringify({ panel: "badge", workload: "alpha" }),
    });
    expect(foreign.status).toBe(403);
  });

  it("serves the embed signed out, without script, framed only by its origins", async () => {
    const res = await fetch(indicator.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(
      new RegExp(`frame-ancestors ${allowed}$`),
    );
    expect(res.headers.get("set-cookie")).toBeNull();
    const body = await res.text();
    expect(body).toContain("alpha: ");
    expect(body).toContain("Last 24 hours");
    expect(body).not.toMatch(/<script/i);
    // Query parameters cannot widen the token: only the theme changes.
    const wide = await fetch(
      `${indicator.url}?range=30d&workload=gamma&panel=team&team=edge&indicator=latency&theme=dark`,
    );
    const wideBody = await wide.text();
    expect(wideBody).toContain("Last 24 hours");
    expect(wideBody).not.toContain("gamma");
    expect(wideBody).toContain('data-theme="dark"');
  });

  it("refuses tampered tokens and tokens for another route with 401", async () => {
    const [h, p, s] = indicator.token.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, workload: "gamma" })).toString(
      "base64url",
    );
    for (const url of [
      `${app.url}/embed/${h}.${widened}.${s}`,
      `${app.url}/embed/not-a-token`,
      `${app.url}/embed/${badge.token}`,
      `${indicator.url}/badge.svg`,
    ]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(401);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.text()).not.toContain("alpha");
    }
  });

  it("draws the badge as an SVG image", async () => {
    const res = await fetch(badge.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toMatch(/budget/);
    expect(svg).not.toMatch(/<script/i);
  });

  it("renders in an iframe from the allowed origin and is refused from another", async () => {
    hosts.forEach((s) => s.close());
    hosts = [];
    const port = Number(new URL(allowed).port);
    const good = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(
        `<!doctype html><iframe id="e" src="${indicator.url}" width="640" height="340"></iframe>`,
      );
    });
    await new Promise<void>((r) => good.listen(port, "127.0.0.1", r));
    hosts.push(good);
    const other = await framingSite(indicator.url);
    const page = await browser.newPage();
    try {
      await page.goto(allowed, { waitUntil: "load" });
      const framed = page.frames().find((f) => f.url().startsWith(indicator.url));
      expect(framed).toBeDefined();
      expect(await framed!.locator("h1").textContent()).toMatch(/^alpha: /);
      // For the README: the panel as another site frames it.
      await page.setViewportSize({ width: 720, height: 420 });
      await page.screenshot({ path: join(SHOTS, "embed.png") });

      await page.goto(other, { waitUntil: "load" });
      const refused = page.frames().find((f) => f !== page.mainFrame());
      const text = await refused!
        .evaluate(() => document.body?.innerText ?? "")
        .catch(() => "(blocked)");
      expect(text).not.toContain("alpha");
    } finally {
      await page.close();
    }
  });

  it("lists embeds (admins: everyone's) and a revoked one answers 401", async () => {
    const mine = (await (await api("ed", "/api/v1/embeds")).json()) as {
      embeds: { id: string }[];
    };
    expect(mine.embeds.map((e) => e.id)).toContain(indicator.id);
    const vera = (await (await api("vera", "/api/v1/embeds")).json()) as { embeds: unknown[] };
    expect(vera.embeds).toEqual([]);
    const all = (await (await api("ops", "/api/v1/embeds")).json()) as {
      embeds: { creator: string }[];
    };
    expect(all.embeds.map((e) => e.creator)).toContain("ed");
    expect((await api("vera", `/api/v1/embeds/${indicator.id}`, { method: "DELETE" })).status).toBe(
      404,
    );
    // Served from the front door's cache of public responses (docs/embeds.md) ...
    expect((await fetch(indicator.url)).status).toBe(200);
    const cached = await fetch(indicator.url);
    expect(cached.status).toBe(200);
    expect(cached.headers.get("x-sightline-cache")).toBe("HIT");
    expect(cached.headers.get("content-security-policy")).toContain("frame-ancestors");
    // ... and dropped from it when the token is revoked: refused at once.
    const revoked = await api("ed", `/api/v1/embeds/${indicator.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect((await fetch(indicator.url)).status).toBe(401);
    const page = await fetch(`${app.url}/embeds`, { headers: { Cookie: cookies.ed! } });
    expect(await page.text()).toContain('data-state="revoked"');
  });
});
