/**
 * Team scopes end to end (docs/auth.md, "Team scopes"): the demo estate and catalog, sign-in
 * on, a viewer of team payments and an admin. Whatever the viewer asks for (pages, their
 * RSC payloads, every /api/v1 data route), no workload of another team is in the answer,
 * and another team's workload is answered exactly like one that does not exist. The admin
 * asks the same and does get the other teams' names: the check could fail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CostResponse } from "@/lib/cost/api-shape";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { DEMO_CATALOG, startDemoEstate, type DemoEstate } from "@/scripts/lib/demo-estate";
import { signInAll, writeUsersFile } from "../support/users";

const SECRET = "e2e-scope-secret-of-at-least-thirty-two-characters";
const PASSWORD = "a password only this test knows";
/** Team A: the viewer's. */
const OWN = ["checkout"];
/**
 * Every other team's workload with a name that no page would hold by chance (the demo's
 * "search", "clickhouse" and "sightline", the app's own name, are words of the UI too: they
 * are checked as JSON values, links, text and CSV fields).
 */
const FOREIGN = ["api-gateway", "redis-cache", "tracking-api", "superset", "web-frontend"];
const FOREIGN_WORDS = ["search", "clickhouse", "sightline"];
/** Team B, whose workload pages and API paths the viewer tries. */
const B = "api-gateway";
const UNKNOWN = "no-such-workload";

let estate: DemoEstate;
let app: AppServer;
let dir: string;
const cookies: Record<"viewer" | "admin", string> = { viewer: "", admin: "" };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-scope-"));
  const usersFile = await writeUsersFile(dir, [
    { name: "pay", password: PASSWORD, role: "viewer", teams: ["payments"] },
    { name: "root", password: PASSWORD, role: "admin" },
  ]);
  estate = await startDemoEstate(2);
  app = await startApp({
    PROMETHEUS_URL: estate.prometheus.url,
    CLICKHOUSE_DATA_DIR: estate.clickhouseDir,
    CATALOG_FILE: DEMO_CATALOG,
    AUTH_USERS_FILE: usersFile,
    AUTH_SECRET: SECRET,
  });
  const signedIn = await signInAll(app.url, [
    { name: "pay", password: PASSWORD },
    { name: "root", password: PASSWORD },
  ]);
  cookies.viewer = signedIn.pay!;
  cookies.admin = signedIn.root!;
});

afterAll(async () => {
  await app?.stop();
  await estate?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function get(who: "viewer" | "admin", path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, {
    headers: { Cookie: cookies[who], ...headers },
    // An RSC request is first sent to the same URL with an _rsc cache-busting parameter.
    redirect: headers.RSC ? "follow" : "manual",
  });
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    body: await res.text(),
  };
}

/** The names of other teams' workloads found in `body`, bar `asked` (named in the request). */
function foreignIn(body: string, asked = ""): string[] {
  const strict = FOREIGN.filter((n) => n !== asked && body.includes(n));
  const quoted = FOREIGN_WORDS.filter((n) =>
    [":", "[", ",", ":\\", "[\\", ",\\"]
      .map((before) => `${before}"${n}${before.endsWith("\\") ? "\\" : ""}"`)
      .concat([`/workloads/${n}`, `>${n}<`, `\n${n},`])
      .some((q) => body.includes(q)),
  );
  return [...strict, ...quoted];
}

/** An answer with the name asked for, and the ids React gives each render, taken out. */
const same = (body: string, asked: string) =>
  body
    .replaceAll(asked, "?")
    .replace(/[\w-]{21}(?=[vm]")/g, "<id>")
    // Each response's CSP nonce (docs/security.md).
    .replace(/(nonce=\\?"|'nonce-|\\?"nonce\\?":\\?")[A-Za-z0-9_-]{22}/g, "$1<nonce>");

/** A page as HTML, and as its RSC payload (what a client-side navigation fetches). */
const AS: Record<string, string>[] = [{}, { RSC: "1" }];

const PAGES = ["/overview/1h", "/overview/24h", "/cost/7d", "/oncall", "/oncall/tv"];
const API = [
  "/api/v1/workloads?range=1h",
  "/api/v1/workloads?range=24h",
  "/api/v1/slos",
  "/api/v1/cost?range=7d",
  "/api/v1/cost?range=7d&groupBy=team",
  "/api/v1/cost/recommendations",
  "/api/v1/cost/recommendations.csv",
  "/api/v1/oncall",
  "/api/v1/catalog/check",
];

describe("a viewer of team payments", () => {
  it("sees no other team's workload on any page, in HTML or the RSC payload", async () => {
    for (const path of PAGES) {
      for (const headers of AS) {
        const what = `${path} ${JSON.stringify(headers)}`;
        const mine = await get("viewer", path, headers);
        expect(mine.status, what).toBe(200);
        expect(foreignIn(mine.body), what).toEqual([]);
        // The admin's answer to the same request names them: the page does carry them.
        const admin = await get("admin", path, headers);
        expect(admin.status, what).toBe(200);
        if (!path.startsWith("/oncall"))
          expect(foreignIn(admin.body).length, what).toBeGreaterThan(0);
      }
    }
    // The viewer's own workload is there, with its search row and sparkline.
    const overview = await get("viewer", "/overview/24h", { RSC: "1" });
    expect(overview.type).toContain("text/x-component");
    for (const w of OWN) expect(overview.body).toContain(w);
    expect(overview.body).toContain('"sparkline"');
  });

  it("sees no other team's workload in any API answer", async () => {
    for (const path of API) {
      const mine = await get("viewer", path);
      expect([200, 503], path).toContain(mine.status);
      expect(foreignIn(mine.body), path).toEqual([]);
      const admin = await get("admin", path);
      // (On-call names whoever burns now; the CSV lists only workloads with a recommendation.)
      if (path !== "/api/v1/oncall" && !path.endsWith(".csv")) {
        expect(foreignIn(admin.body).length, `admin ${path}`).toBeGreaterThan(0);
      }
    }
    const list = JSON.parse((await get("viewer", "/api/v1/workloads?range=1h")).body) as {
      workloads: { workload: string; team: string }[];
    };
    expect(list.workloads.map((w) => w.workload)).toEqual(OWN);
    const oncall = (await get("viewer", "/api/v1/oncall")).body;
    expect(JSON.parse(oncall).roster.map((r: { team: string }) => r.team)).toEqual(["payments"]);
  });

  it("gets totals summed over its own workloads only", async () => {
    const mine = JSON.parse((await get("viewer", "/api/v1/cost?range=7d")).body) as CostResponse;
    const all = JSON.parse((await get("admin", "/api/v1/cost?range=7d")).body) as CostResponse;
    expect(mine.rows!.map((r) => r.key)).toEqual(OWN);
    expect(mine.total!.costUsd).toBeCloseTo(mine.rows![0]!.costUsd, 6);
    expect(all.total!.costUsd).toBeGreaterThan(mine.total!.costUsd);
    const teams = JSON.parse(
      (await get("viewer", "/api/v1/cost?range=7d&groupBy=team")).body,
    ) as CostResponse;
    expect(teams.rows!.map((r) => r.key)).toEqual(["payments"]);
    expect(teams.overTime!.series.map((s) => s.key)).toEqual(["payments"]);
  });

  it("is answered for team B's workload exactly as for one that does not exist", async () => {
    const now = Math.floor(Date.now() / 1000);
    const lastHour = `from=${now - 3600}&to=${now}`;
    const paths = (w: string) => [
      `/workloads/${w}/24h`,
      `/workloads/${w}`,
      `/api/v1/workloads/${w}/series?${lastHour}`,
      `/api/v1/workloads/${w}/routes?${lastHour}`,
      `/api/v1/slos/${w}`,
      `/api/v1/cost/recommendations?workload=${w}`,
    ];
    const foreign = paths(B);
    const unknown = paths(UNKNOWN);
    for (const [i, path] of foreign.entries()) {
      for (const headers of path.startsWith("/api/") ? AS.slice(0, 1) : AS) {
        const what = `${path} ${JSON.stringify(headers)}`;
        const b = await get("viewer", path, headers);
        const u = await get("viewer", unknown[i]!, headers);
        expect(b.status, what).toBe(u.status);
        // An RSC payload streams (200) the not-found page; an HTML page or the API says 404.
        if (headers.RSC) expect(b.body, what).toContain("404");
        else expect([400, 404], what).toContain(b.status);
        expect(foreignIn(b.body, B), what).toEqual([]);
        // The very answer an unknown name gets (a page's render ids aside).
        expect(same(b.body, B), what).toBe(same(u.body, UNKNOWN));
        // The admin is shown it (or, for right-sizing, not refused).
        expect((await get("admin", path, headers)).status, `admin ${what}`).toBeLessThan(400);
      }
    }
    // A team of another, asked for by name, is no team at all.
    const team = await get("viewer", "/api/v1/cost/recommendations?team=platform");
    const none = await get("viewer", "/api/v1/cost/recommendations?team=no-such-team");
    expect(team.status).toBe(400);
    expect(team.body.replace("platform", "?")).toBe(none.body.replace("no-such-team", "?"));
    // Its own workload's page and API answer.
    expect((await get("viewer", "/workloads/checkout/24h")).status).toBe(200);
    expect((await get("viewer", "/api/v1/slos/checkout")).status).toBe(200);
  });
});
