/**
 * The standalone server as the container runs it (docs/deploying.md, Dockerfile): the
 * production build's .next/standalone, completed by scripts/standalone.mjs, copied out
 * of the repository (so no module can come from the repository's node_modules) and
 * started with `node start.mjs`, with sign-in, a real Prometheus and the embedded
 * ClickHouse engine on a temp data directory. Its start-up check and its front door are
 * the bundled ones: every response must carry the front door's headers.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/clickhouse/connect";
import { startStandaloneApp, type AppServer } from "@/scripts/lib/app-server";
import { freePort } from "@/scripts/lib/processes";
import { DATABASE, openEmbedded } from "../support/clickhouse";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";
import { signInAll, TEST_AUTH_SECRET, writeUsersFile } from "../support/users";

const ADMIN = { name: "ada", password: "a long and unguessable e2e password" };
const TOKEN = "scrape-token-of-the-standalone-test";
const ROUTE = "/standalone/orders";

let dir: string;
let tree: string;
let prom: KnownPrometheus;
let app: AppServer;
let cookie: string;
let env: Record<string, string>;

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  expect(r.status, `${cmd} ${args.join(" ")}: ${r.stderr}${r.stdout}`).toBe(0);
}

beforeAll(async () => {
  if (!existsSync(".next/standalone/server.js")) {
    throw new Error("no standalone build: run `npx next build` first (npm test does)");
  }
  run(process.execPath, ["scripts/standalone.mjs"]);
  dir = mkdtempSync(join(tmpdir(), "sightline-standalone-"));
  tree = join(dir, "app");
  // node_modules (chdb's native library alone is over 500 MB) as hard links, read only;
  // .next as a copy, since the server writes its page cache there.
  run("cp", ["-al", ".next/standalone", tree]);
  rmSync(join(tree, ".next"), { recursive: true });
  run("cp", ["-a", ".next/standalone/.next", join(tree, ".next")]);

  const usersFile = await writeUsersFile(dir, [{ ...ADMIN, role: "admin" }]);
  copyFileSync("tests/fixtures/catalog.yaml", join(dir, "catalog.yaml"));
  prom = await startKnownPrometheus();
  // Requests of alpha in the last hour, written before the server owns the data directory.
  const ch = openEmbedded(join(dir, "clickhouse"));
  await migrate(ch);
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.request_log
      (ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight)
      SELECT now64(3) - toIntervalSecond(120 + number), 'alpha', {route:String}, 'GET',
             if(number < 2, 503, 200), 20, 'miss', 100, 'alpha-0', 1
      FROM numbers(12)`,
    query_params: { route: ROUTE },
  });
  await ch.client.close();
  env = {
    PROMETHEUS_URL: prom.url,
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    CATALOG_FILE: join(dir, "catalog.yaml"),
    AUTH_USERS_FILE: usersFile,
    AUTH_SECRET: TEST_AUTH_SECRET,
    METRICS_TOKEN: TOKEN,
    COST_SYNC_INTERVAL_MINUTES: "0",
  };
  app = await startStandaloneApp(tree, env);
  cookie = (await signInAll(app.url, [ADMIN]))[ADMIN.name]!;
});

afterAll(async () => {
  await app?.stop();
  await prom?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { redirect: "manual", headers: { Cookie: cookie, ...headers } });

/** The nonce of a response's Content-Security-Policy, which only the front door writes. */
function nonceOf(res: Response): string {
  const csp = res.headers.get("content-security-policy");
  expect(csp, res.url).toBeTruthy();
  const nonce = /'nonce-([A-Za-z0-9_-]{22})'/.exec(csp!)?.[1];
  expect(nonce, res.url).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  return nonce!;
}

describe("the standalone tree", () => {
  it("stands apart from the repository, with chdb's native library and no tsx", () => {
    expect(resolve(tree).startsWith(resolve("."))).toBe(false);
    for (const file of ["index.js", "chdb_node.node", "libchdb.so"]) {
      expect(existsSync(join(tree, "node_modules/@chdb/lib-linux-x64-gnu", file)), file).toBe(true);
    }
    expect(existsSync(join(tree, "node_modules/tsx"))).toBe(false);
    for (const file of ["start.mjs", "sightline/front-door.cjs", "sightline/check-startup.cjs"]) {
      expect(existsSync(join(tree, file)), file).toBe(true);
    }
  });

  /** Runs a script of the standalone tree to its exit, on a free port, with the app's settings. */
  const runTree = async (script: string, extra: Record<string, string> = {}) =>
    spawnSync(process.execPath, [script], {
      cwd: tree,
      encoding: "utf8",
      timeout: 60_000,
      env: {
        ...process.env,
        ...env,
        NEXTAUTH_URL: app.url,
        PORT: String(await freePort()),
        HOSTNAME: "127.0.0.1",
        ...extra,
      },
    });

  it("refuses a bad catalog in one line, before its port opens", async () => {
    const r = await runTree("start.mjs", { CATALOG_FILE: join(dir, "no-such-catalog.yaml") });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^sightline: cannot start: .*no-such-catalog\.yaml/m);
    expect(r.stdout).not.toContain("Ready");
  });

  it("will not serve without its front door: Next.js's server.js alone exits 1", async () => {
    const r = await runTree("server.js");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^sightline: cannot start: sign-in is on: .*node start\.mjs/m);
  });
});

describe("served through the front door", () => {
  it("answers the health route, with the front door's headers", async () => {
    const res = await fetch(`${app.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    nonceOf(res);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("sends a visitor without a session to sign in, whatever scope header it writes", async () => {
    const res = await fetch(`${app.url}/overview/1h`, {
      redirect: "manual",
      headers: { "x-sightline-scope": "open" },
    });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toContain("/login");
    expect((await fetch(`${app.url}/s/open/overview/1h`)).status).toBe(404);
  });

  it("serves the overview and a workload page cached per scope, every script with the nonce", async () => {
    const placeholder = readFileSync(
      join(tree, ".next/cache/sightline-csp-placeholder"),
      "utf8",
    ).trim();
    for (const path of ["/", "/overview/1h", "/workloads/alpha/1h"]) {
      for (let i = 0; i < 2; i++) {
        const res = await get(path);
        expect(res.status, path).toBe(200);
        const nonce = nonceOf(res);
        const body = await res.text();
        expect(body, path).not.toContain(placeholder);
        // The front door's rewrite to the scope's page: private, varied by cookie.
        expect(res.headers.get("cache-control"), path).toBe("private, no-cache");
        expect(res.headers.get("vary")?.split(/,\s*/), path).toContain("Cookie");
        const scripts = [...body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
        expect(scripts.length, path).toBeGreaterThan(3);
        for (const attrs of scripts) {
          const own = / nonce="([^"]*)"/.exec(attrs)?.[1];
          if (own !== undefined) expect(own, path).toBe(nonce);
        }
        expect(body, path).toContain("alpha");
      }
    }
  });

  it("reads the embedded ClickHouse engine: the workload's route table", async () => {
    const to = Math.floor(Date.now() / 1000);
    const res = await get(`/api/v1/workloads/alpha/routes?from=${to - 3600}&to=${to}`);
    expect(res.status).toBe(200);
    nonceOf(res);
    const body = (await res.json()) as {
      result: { ok: true; data: { route: string; requests: number }[] } | { ok: false };
    };
    expect(body.result.ok).toBe(true);
    const row = body.result.ok ? body.result.data.find((r) => r.route === ROUTE) : undefined;
    expect(row?.requests).toBe(12);
  });

  it("exposes its metrics to the METRICS_TOKEN only, the front door's requests counted", async () => {
    const to = Math.floor(Date.now() / 1000);
    await (await get(`/api/v1/workloads/alpha/routes?from=${to - 3600}&to=${to}`)).arrayBuffer();
    await (await get("/workloads/alpha/6h")).arrayBuffer();
    expect((await fetch(`${app.url}/api/metrics`)).status).toBe(401);
    const res = await fetch(`${app.url}/api/metrics`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const sum = (re: RegExp) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
    expect(
      sum(
        /^http_server_request_duration_seconds_count\{[^}]*http_route="[^"]*\/workloads\/\[name\]\/\[range\]"[^}]*\} (\S+)$/gm,
      ),
    ).toBeGreaterThan(0);
    expect(
      sum(
        /^sightline_backend_query_duration_seconds_count\{[^}]*outcome="ok"[^}]*source="clickhouse"[^}]*\} (\S+)$/gm,
      ) +
        sum(
          /^sightline_backend_query_duration_seconds_count\{[^}]*source="clickhouse"[^}]*outcome="ok"[^}]*\} (\S+)$/gm,
        ),
    ).toBeGreaterThan(0);
  });
});
