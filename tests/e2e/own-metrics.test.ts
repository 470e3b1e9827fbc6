/**
 * Sightline's own metrics end to end (docs/own-metrics.md): the production build as
 * `npm start` runs it (the front door in the same process), with sign-in and METRICS_TOKEN,
 * scraped by a real Prometheus the way the demo's is, read back as a workload of its own
 * catalog. The exposition is checked by Prometheus's own parser, `promtool check metrics`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hash } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "@/scripts/lib/app-server";
import { prometheusConfig } from "@/scripts/demo/simulator";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { signInWithPassword } from "@/scripts/lib/sign-in";

const ADMIN = { name: "ada", password: "a long and unguessable e2e password" };
const SECRET = "e2e-secret-of-at-least-thirty-two-characters";
const TOKEN = "scrape-token-of-the-own-metrics-test";
const WORKLOAD = "sightline";
const CATALOG = `groupingLabel: workload
workloads:
  - name: ${WORKLOAD}
    team: platform
    convention: opentelemetry
    kubernetes: false
    slos:
      - { indicator: availability, objective: 99.5 }
      - { indicator: latency, threshold: 1s, objective: 95 }
`;

let dir: string;
let prom: PrometheusServer;
let app: AppServer;
let cookie: string;

beforeAll(async () => {
  ensurePrometheus();
  dir = mkdtempSync(join(tmpdir(), "sightline-own-metrics-"));
  const usersFile = join(dir, "users.yaml");
  writeFileSync(
    usersFile,
    `users:\n  - { name: ${ADMIN.name}, passwordHash: "${await hash(ADMIN.password)}", role: admin }\n`,
  );
  writeFileSync(join(dir, "workloads.yaml"), CATALOG);
  prom = await startPrometheus({ dir: join(dir, "prometheus") });
  app = await startApp({
    PROMETHEUS_URL: prom.url,
    CLICKHOUSE_DATA_DIR: join(dir, "clickhouse"),
    CATALOG_FILE: join(dir, "workloads.yaml"),
    AUTH_USERS_FILE: usersFile,
    AUTH_SECRET: SECRET,
    METRICS_TOKEN: TOKEN,
    COST_SYNC_INTERVAL_MINUTES: "0",
  });
  // The demo's scrape config, pointed at this app, every second.
  const config = prometheusConfig(1, [], { port: Number(new URL(app.url).port), token: TOKEN })
    .replace("scrape_interval: 15s", "scrape_interval: 1s")
    .replace(/ {2}- job_name: demo\n(?: {4}.*\n)*/, "");
  writeFileSync(join(dir, "prometheus", "prometheus.yml"), config);
  const reload = await fetch(`${prom.url}/-/reload`, { method: "POST" });
  expect(reload.status).toBe(200);
  const signedIn = await signInWithPassword(app.url, ADMIN.name, ADMIN.password);
  cookie = signedIn.cookie!;
  expect(cookie).toBeTruthy();
});

afterAll(async () => {
  await app?.stop();
  await prom?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function scrape(): Promise<string> {
  const res = await fetch(`${app.url}/api/metrics`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Series[] {
  return text.split("\n").flatMap((line) => {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) return [];
    const labels = Object.fromEntries(
      [...(m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [
        l[1]!,
        l[2]!,
      ]),
    );
    return [{ name: m[1]!, labels, value: Number(m[3]) }];
  });
}

/** The sum of a metric's samples whose labels include `labels`. */
function sum(series: Series[], name: string, labels: Record<string, string> = {}): number {
  return series
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);
}

const get = (path: string) => fetch(`${app.url}${path}`, { headers: { Cookie: cookie } });

describe("/api/metrics", () => {
  it("needs the METRICS_TOKEN bearer token when one is set, and no session", async () => {
    expect((await fetch(`${app.url}/api/metrics`)).status).toBe(401);
    const wrong = await fetch(`${app.url}/api/metrics`, {
      headers: { Authorization: "Bearer not-the-token-of-this-test" },
    });
    expect(wrong.status).toBe(401);
    expect((await get("/api/metrics")).status).toBe(401); // a session is not the token
    const res = await fetch(`${app.url}/api/metrics`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  });

  it("parses with Prometheus's own text parser (promtool check metrics)", async () => {
    await (await get("/overview/1h")).arrayBuffer(); // every family has samples
    const text = await scrape();
    const check = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(`${check.stdout}${check.stderr}`).toBe("");
    expect(check.status).toBe(0);
  });

  it("moves its counters as pages are rendered, and not when a cached page is served", async () => {
    const route = { http_route: "/cost/[range]", http_request_method: "GET" };
    const before = parse(await scrape());
    const res = await get("/cost/7d");
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const after = parse(await scrape());
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sum(after, name, labels) - sum(before, name, labels);
    expect(moved("http_server_request_duration_seconds_count", route)).toBe(1);
    expect(
      moved("http_server_request_duration_seconds_count", {
        ...route,
        http_response_status_code: "200",
      }),
    ).toBe(1);
    expect(moved("sightline_page_render_duration_seconds_count", { page: "cost" })).toBe(1);
    expect(moved("cache_requests_total", { cache: "cost", result: "miss" })).toBeGreaterThan(0);
    expect(
      moved("sightline_backend_query_duration_seconds_count", {
        source: "prometheus",
        outcome: "ok",
      }),
    ).toBeGreaterThan(0);
    expect(
      moved("sightline_backend_query_duration_seconds_count", { source: "clickhouse" }),
    ).toBeGreaterThan(0);

    // The same page again: served from the page cache, counted as a request, not rendered.
    await (await get("/cost/7d")).arrayBuffer();
    const again = parse(await scrape());
    expect(
      sum(again, "http_server_request_duration_seconds_count", route) -
        sum(after, "http_server_request_duration_seconds_count", route),
    ).toBe(1);
    expect(sum(again, "sightline_page_render_duration_seconds_count", { page: "cost" })).toBe(
      sum(after, "sightline_page_render_duration_seconds_count", { page: "cost" }),
    );
  });

  it("keeps one registry for the front door and every bundle of the app", async () => {
    await (await get(`/workloads/${WORKLOAD}/1h`)).arrayBuffer();
    const text = await scrape();
    const types = text.match(/^# TYPE \S+/gm)!;
    expect(new Set(types).size).toBe(types.length);
    const series = parse(text);
    // The front door (loaded with tsx) and the pages and handlers (Next.js's bundles) each
    // load the module: all of them write to the registry this handler serves.
    expect(sum(series, "sightline_metrics_module_copies")).toBeGreaterThanOrEqual(2);
    expect(sum(series, "http_server_request_duration_seconds_count")).toBeGreaterThan(0);
    expect(
      sum(series, "sightline_page_render_duration_seconds_count", { page: "workload" }),
    ).toBeGreaterThan(0);
  });

  it("labels by route template, never with a workload, user, token or path", async () => {
    await (await get(`/workloads/${WORKLOAD}/6h`)).arrayBuffer();
    await (await get("/api/v1/slos/sightline")).arrayBuffer();
    const values = new Set(parse(await scrape()).flatMap((s) => Object.values(s.labels)));
    for (const secret of [WORKLOAD, ADMIN.name, TOKEN, cookie.slice(cookie.indexOf("=") + 1)]) {
      expect([...values].filter((v) => v.includes(secret))).toEqual([]);
    }
    expect(values).toContain("/workloads/[name]/[range]");
    expect(values).toContain("/api/v1/slos/[workload]");
  });

  it("is scraped by Prometheus, and Sightline reads itself as a workload of its catalog", async () => {
    const until = Date.now() + 90_000;
    let row: { indicators: Record<string, { availability: number | null; p95: number | null }> };
    for (;;) {
      const res = await get("/api/v1/workloads?range=1h");
      expect(res.status).toBe(200);
      const body = (await res.json()) as { workloads: (typeof row & { workload: string })[] };
      row = body.workloads.find((w) => w.workload === WORKLOAD)!;
      if (row.indicators["1h"]?.availability != null || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    // Nothing answered 5xx; scrapes and pages answered fast.
    expect(row.indicators["1h"]!.availability).toBe(1);
    expect(row.indicators["1h"]!.p95).toBeGreaterThan(0);
    const q = await fetch(
      `${prom.url}/api/v1/query?query=${encodeURIComponent(
        `sum by (http_route) (http_server_request_duration_seconds_count{workload="${WORKLOAD}"})`,
      )}`,
    );
    const routes = (
      (await q.json()) as { data: { result: { metric: { http_route: string } }[] } }
    ).data.result.map((r) => r.metric.http_route);
    expect(routes).toContain("/api/metrics");
  });
});
