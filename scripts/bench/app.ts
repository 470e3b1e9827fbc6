/**
 * npm run bench — Sightline's production build on the demo estate, against itself and a
 * hello-world Next.js app, in one run: cached overview throughput (wrk), cold render against
 * its slowest backend query, JavaScript first load per page, Lighthouse score, and backend
 * queries per minute for 50 viewers against 1. Prints ratios and counts (the machine is
 * shared: never seconds against a fixed bar).
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LONG_RANGE } from "../../lib/overview/ranges";
import { RANGES, roundEvalTime, EVAL_STEP_MS } from "../../lib/time/ranges";
import { startApp, type AppServer } from "../lib/app-server";
import { DEMO_CATALOG, startDemoEstate, type DemoEstate } from "../lib/demo-estate";
import { ensureDebianPackages } from "../lib/processes";
import { waitForCompaction } from "../lib/prometheus-server";
import { ensureAppBuild, ensureHelloBuild, startNext } from "./app-build";
import type { ClickHouseTiming } from "./app-clickhouse";
import { jsFirstLoad, lighthouse, simulateViewers, wrk, WRK } from "./app-measure";
import {
  describeQuery,
  median,
  replayQuery,
  startPrometheusProxy,
  type PrometheusProxy,
} from "./app-proxy";
import { fmtKb, fmtMs, fmtX, printTable, type Row } from "./app-report";

const OVERVIEW = "/overview/1h";
const COLD = "/overview/6h";
const PAGES: [route: string, path: string][] = [
  ["/overview/[range]/page", OVERVIEW],
  ["/workloads/[name]/[range]/page", "/workloads/checkout/24h"],
  ["/oncall/page", "/oncall"],
  ["/oncall/tv/page", "/oncall/tv"],
];
const LIGHTHOUSE = [OVERVIEW, "/workloads/checkout/24h"];
const VIEWERS = 50;
/** Alternating wrk rounds per throughput target. */
const WRK_ROUNDS = 3;
const WARMUP_S = 3;
/** The demo's history: the overview's 30-day panel reads 30 days, as in the demo. */
const DAYS = 30;
const SERVING_REVALIDATE_S = 3600;
const LIVE_REVALIDATE_S = 30;
const REFRESH_MS = 15_000;
const MINUTE_MS = 60_000;

const log = (s: string) => console.log(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function get(url: string) {
  const t0 = performance.now();
  const res = await fetch(url);
  const bytes = (await res.arrayBuffer()).byteLength;
  return {
    ms: performance.now() - t0,
    status: res.status,
    bytes,
    cache: res.headers.get("x-nextjs-cache") ?? "-",
  };
}

/** Times fetchWorkloadUsage's two queries in a child process on a copy of the ClickHouse dir. */
function timeClickHouse(dir: string, fromMs: number, toMs: number): Promise<ClickHouseTiming> {
  return new Promise((resolveTiming, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "scripts/bench/app-clickhouse.ts",
        dir,
        String(fromMs),
        String(toMs),
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CATALOG_FILE: DEMO_CATALOG } },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) resolveTiming(JSON.parse(line) as ClickHouseTiming);
      else reject(new Error(`ClickHouse timing failed (exit ${code}): ${err.slice(-1500)}`));
    });
  });
}

/** Page routes of the build, from its app-paths manifest. */
function builtRoutes(): Set<string> {
  const manifest = JSON.parse(
    readFileSync(".next/server/app-paths-manifest.json", "utf8"),
  ) as Record<string, string>;
  return new Set(Object.keys(manifest));
}

/** Polls Prometheus's rules API until every rule group has been evaluated once. */
async function waitForRuleGroups(promUrl: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${promUrl}/api/v1/rules`);
    const body = (await res.json()) as {
      data: { groups: { name: string; lastEvaluation: string }[] };
    };
    const waiting = body.data.groups.filter((g) => g.lastEvaluation.startsWith("0001-"));
    if (waiting.length === 0) return;
    if (Date.now() > until) {
      throw new Error(`rule groups never evaluated: ${waiting.map((g) => g.name).join(", ")}`);
    }
    await sleep(2000);
  }
}

interface RuleGroupState {
  name: string;
  interval: number;
  lastEvaluation: string;
  evaluationTime: number;
}

/**
 * Waits, if need be, until Prometheus's next evaluation of a rule group (the 5-minute SLO
 * window group reads 30 days) is more than `clearMs` away, so that a measurement does not
 * share the machine with it.
 */
async function awayFromRuleEvaluations(promUrl: string, clearMs: number): Promise<void> {
  const res = await fetch(`${promUrl}/api/v1/rules`);
  const body = (await res.json()) as { data: { groups: RuleGroupState[] } };
  let until = Date.now();
  for (const g of body.data.groups) {
    if (g.evaluationTime < 0.5) continue; // light groups do not disturb
    const next = Date.parse(g.lastEvaluation) + g.interval * 1000;
    if (next - Date.now() < clearMs) until = Math.max(until, next + g.evaluationTime * 1000 + 2000);
  }
  if (until > Date.now()) {
    log(`    waiting ${fmtMs(until - Date.now())} for a rule group's evaluation to pass`);
    await sleep(until - Date.now());
  }
}

/**
 * Requests/s of each URL under wrk, alternating between them in `rounds` runs each so
 * that the machine's drift hits every URL alike. Per URL: the runs' mean, and each run.
 */
async function alternateWrk(urls: string[], rounds: number) {
  const runs = urls.map(() => ({ rps: 0, non2xx: 0, errors: 0, each: [] as number[] }));
  // Unmeasured first: the servers' code is compiled hot before any round counts.
  for (const url of urls) await wrk(url, WARMUP_S);
  for (let r = 0; r < rounds; r++) {
    for (const [i, url] of urls.entries()) {
      const one = await wrk(url);
      runs[i]!.rps += one.rps / rounds;
      runs[i]!.non2xx += one.non2xx;
      runs[i]!.errors += one.errors;
      runs[i]!.each.push(one.rps);
    }
  }
  return runs;
}

/** The median over rounds of a/b, each round's runs taken back to back. */
const roundRatio = (a: { each: number[] }, b: { each: number[] }) =>
  median(a.each.map((x, i) => x / b.each[i]!));

/**
 * 1. Cached overview against the hello-world ISR page, and against the same page padded
 * to the overview's byte size: the first ratio is the target, the second tells how much
 * of the gap is the overview's bytes rather than its code.
 */
async function throughput(app: AppServer, helloDir: string): Promise<Row[]> {
  const hello = await startNext(helloDir, "/");
  try {
    for (let i = 0; i < 3; i++) await get(hello.url + "/");
    let warm = await get(app.url + OVERVIEW);
    for (let i = 0; i < 5 && warm.cache !== "HIT"; i++) warm = await get(app.url + OVERVIEW);
    const helloWarm = await get(hello.url + "/");
    // The padded page's size follows its parameter linearly: two probes find the overview's.
    const padded = (n: number) => `${hello.url}/padded/${Math.round(n)}`;
    const probe = await get(padded(warm.bytes));
    const pad = (warm.bytes * (warm.bytes - helloWarm.bytes)) / (probe.bytes - helloWarm.bytes);
    let padWarm = await get(padded(pad));
    for (let i = 0; i < 5 && padWarm.cache !== "HIT"; i++) padWarm = await get(padded(pad));
    log(
      `[1] before wrk: overview ${warm.cache}, ${fmtKb(warm.bytes)} HTML; ` +
        `hello ${helloWarm.cache}, ${fmtKb(helloWarm.bytes)}; ` +
        `hello padded ${padWarm.cache}, ${fmtKb(padWarm.bytes)}`,
    );
    const w = `wrk -t${WRK.threads} -c${WRK.connections} -d${WRK.seconds}s`;
    const [h, o, p] = await alternateWrk(
      [hello.url + "/", app.url + OVERVIEW, padded(pad)],
      WRK_ROUNDS,
    );
    const named = [
      ["hello", h!],
      [OVERVIEW, o!],
      ["hello padded", p!],
    ] as const;
    for (const [what, r] of named) {
      const each = r.each.map((x) => x.toFixed(0)).join(", ");
      log(
        `[1] ${w}, ${WRK_ROUNDS} runs, ${what}: ${r.rps.toFixed(0)} req/s (${each}; non-2xx ${r.non2xx}, errors ${r.errors})`,
      );
    }
    // A machine-wide hiccup (a rule group evaluating 30 days) lands in one round: the
    // median of the rounds' ratios does not follow it.
    const ratio = roundRatio(o!, h!);
    const padRatio = roundRatio(o!, p!);
    const ok = named.every(([, r]) => r.non2xx === 0);
    return [
      {
        metric: "cached overview req/s / hello-world req/s",
        measured: `${o!.rps.toFixed(0)} / ${h!.rps.toFixed(0)} req/s (HTML ${fmtKb(warm.bytes)} vs ${fmtKb(helloWarm.bytes)}; median of ${WRK_ROUNDS} rounds)`,
        target: "≥ 0.8×",
        ratio: fmtX(ratio),
        pass: ratio >= 0.8 && ok,
      },
      {
        metric: "(diagnostic) overview / hello padded to its bytes",
        measured: `${o!.rps.toFixed(0)} / ${p!.rps.toFixed(0)} req/s (HTML ${fmtKb(padWarm.bytes)})`,
        target: "≈ 1×",
        ratio: fmtX(padRatio),
        pass: padRatio >= 0.9 && ok,
      },
    ];
  } finally {
    await hello.stop();
  }
}

/** 2. Cold render of a preset never rendered, at a new evaluation step, against its slowest query alone. */
async function coldRender(
  app: AppServer,
  proxy: PrometheusProxy,
  estate: DemoEstate,
  chCopy: string,
): Promise<{ row: Row; queries: number }> {
  await awayFromRuleEvaluations(estate.prometheus.url, 2 * EVAL_STEP_MS);
  const nextStep = Math.ceil(Date.now() / EVAL_STEP_MS) * EVAL_STEP_MS;
  await sleep(nextStep - Date.now() + 200); // a new evaluation step: no data cached for it
  const mark = performance.now();
  const coldAt = Date.now();
  const res = await fetch(app.url + COLD);
  const html = await res.text();
  const cold = { ms: performance.now() - mark, cache: res.headers.get("x-nextjs-cache") ?? "-" };
  const queries = proxy.queriesSince(mark).filter((q) => q.startedAt <= mark + cold.ms);
  if (res.status !== 200) throw new Error(`cold render of ${COLD} answered HTTP ${res.status}`);
  if (html.includes('data-testid="panel-error"')) {
    throw new Error(`the cold render of ${COLD} has a failed panel: its time would not hold`);
  }
  log(
    `[2] cold render of ${COLD}: ${fmtMs(cold.ms)} (${cold.cache}), ${queries.length} Prometheus queries`,
  );
  const evalSec = String(roundEvalTime(coldAt).getTime() / 1000);
  const atEval = queries.filter((q) => {
    const p = new URLSearchParams(q.method === "GET" ? (q.path.split("?")[1] ?? "") : q.body);
    return (p.get("time") ?? p.get("end")) === evalSec;
  }).length;
  const ranged = queries.filter((q) => q.path.startsWith("/api/v1/query_range")).length;
  log(
    `    ${queries.length - ranged} instant + ${ranged} range queries; ` +
      `${atEval} evaluated at the render's step (${new Date(Number(evalSec) * 1000).toISOString()})`,
  );
  const replays = [];
  for (const q of queries) {
    const times = [];
    for (let i = 0; i < 3; i++) times.push(await replayQuery(estate.prometheus.url, q));
    replays.push({ what: describeQuery(q), inRender: q.ms, alone: median(times) });
  }
  replays.sort((a, b) => b.alone - a.alone);
  for (const r of replays.slice(0, 5)) {
    log(
      `    ${fmtMs(r.alone).padStart(8)} alone, ${fmtMs(r.inRender).padStart(8)} in render: ${r.what}`,
    );
  }
  const evalMs = Number(evalSec) * 1000;
  const ch = await timeClickHouse(chCopy, evalMs - RANGES[LONG_RANGE].ms, evalMs);
  for (const q of ch.queries) log(`    ${fmtMs(q.ms).padStart(8)} alone: ClickHouse ${q.table}`);
  const slowest = [
    ...replays.map((r) => ({ what: `Prometheus ${r.what}`, ms: r.alone })),
    ...ch.queries.map((q) => ({ what: `ClickHouse ${q.table}`, ms: q.ms })),
  ].sort((a, b) => b.ms - a.ms)[0];
  if (!slowest) throw new Error("the cold render issued no backend query");
  const coldRatio = cold.ms / slowest.ms;
  log(`[2] slowest alone: ${slowest.what} — ${fmtMs(slowest.ms)}`);
  return {
    queries: queries.length,
    row: {
      metric: "cold overview render / slowest query",
      measured: `${fmtMs(cold.ms)} / ${fmtMs(slowest.ms)} (${queries.length} Prom + ${ch.queries.length} CH queries)`,
      target: "≤ 1.3×",
      ratio: fmtX(coldRatio),
      pass: coldRatio <= 1.3,
    },
  };
}

async function bench(cleanups: (() => Promise<void> | void)[]): Promise<Row[]> {
  const rows: Row[] = [];
  ensureDebianPackages([
    { pkg: "wrk", bin: "wrk" },
    { pkg: "chromium", bin: "chromium" },
  ]);
  if (!existsSync("node_modules/.bin/lighthouse")) {
    throw new Error("lighthouse is missing: npm install (it is a devDependency)");
  }
  await ensureAppBuild(log);
  const helloDir = await ensureHelloBuild(log);

  log(`starting the demo estate (${DAYS} days of history in Prometheus, seeded ClickHouse)`);
  let t0 = performance.now();
  const estate = await startDemoEstate(DAYS);
  cleanups.push(() => estate.stop());
  // As the demo does: the backfilled blocks are compacted before the first 30-day query.
  await waitForCompaction(estate.prometheus.url, { threshold: 60, timeoutMs: 300_000, log });
  log(`  ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const tmp = mkdtempSync(join(tmpdir(), "sightline-bench-app-"));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  cpSync(estate.clickhouseDir, join(tmp, "clickhouse"), { recursive: true });
  const proxy = await startPrometheusProxy(estate.prometheus.url);
  cleanups.push(() => proxy.stop());
  // Serving cached pages is measured within one ISR period (no regeneration in a wrk run:
  // what a regeneration costs is the cold render's row); the cold render and the viewers
  // run on a second start with the 30-second period of a live wall screen.
  const start = async (revalidateSeconds: number) => {
    const started = await startApp({
      PROMETHEUS_URL: proxy.url,
      CLICKHOUSE_DATA_DIR: estate.clickhouseDir,
      CATALOG_FILE: DEMO_CATALOG,
      REVALIDATE_SECONDS: String(revalidateSeconds),
      // Pages are measured here: the cost sync (npm run bench:cost) would add its own queries.
      COST_SYNC_INTERVAL_MINUTES: "0",
    });
    cleanups.push(() => started.stop());
    log(
      `app: next start at ${started.url}, REVALIDATE_SECONDS=${revalidateSeconds}, ` +
        `Prometheus through the recording proxy ${proxy.url}`,
    );
    return started;
  };
  let app = await start(SERVING_REVALIDATE_S);
  // The steady state of a running Prometheus: every SLO rule group (the window group runs
  // every 5 minutes) has been evaluated once, so the recordings answer.
  await waitForRuleGroups(estate.prometheus.url, 400_000);
  const first = await fetch(app.url + OVERVIEW);
  const html = await first.text();
  log(
    `first request after start (${OVERVIEW}): HTTP ${first.status}, ${fmtKb(Buffer.byteLength(html))}`,
  );
  if (first.status !== 200 || html.includes('data-testid="panel-error"')) {
    throw new Error(`${OVERVIEW} rendered with a failed panel: the measurements would not hold`);
  }

  rows.push(...(await throughput(app, helloDir)));

  // 3. JavaScript first load per page.
  const routes = builtRoutes();
  for (const [route, path] of PAGES) {
    if (!routes.has(route)) {
      log(`[3] ${route}: not in this build, skipped`);
      continue;
    }
    const fl = await jsFirstLoad(app.url + path);
    const note = fl.missing.length ? `, ${fl.missing.length} not in .next/static` : "";
    log(`[3] ${path}: ${fl.scripts} scripts, ${fmtKb(fl.gzipBytes)} gzipped${note}`);
    rows.push({
      metric: `JS first load ${path} (gzip -9)`,
      measured: `${fmtKb(fl.gzipBytes)} (${fl.scripts} scripts)`,
      target: "≤ 250 kB",
      ratio: fmtX(fl.gzipBytes / 250_000),
      pass: fl.gzipBytes <= 250_000 && fl.missing.length === 0,
    });
  }

  // 4. Lighthouse, desktop preset, Debian's Chromium.
  for (const path of LIGHTHOUSE) {
    const route = PAGES.find(([, p]) => p === path)?.[0];
    if (route && !routes.has(route)) continue;
    await get(app.url + path); // rendered and cached before the audit
    const lh = await lighthouse(app.url + path, join(tmp, `lighthouse-${rows.length}.json`));
    log(
      `[4] Lighthouse ${path}: ${lh.score} (LCP ${fmtMs(lh.lcpMs)}, TBT ${fmtMs(lh.tbtMs)}, CLS ${lh.cls.toFixed(3)})`,
    );
    rows.push({
      metric: `Lighthouse performance ${path} (desktop)`,
      measured: String(lh.score),
      target: "≥ 90",
      ratio: fmtX(lh.score / 90),
      pass: lh.score >= 90,
    });
  }

  await app.stop();
  app = await start(LIVE_REVALIDATE_S);
  // A warm process (modules loaded, ClickHouse open) whose data for the next step is cold.
  if ((await get(app.url + OVERVIEW)).status !== 200) throw new Error(`${OVERVIEW} failed`);

  // 2. Cold render of a preset never rendered.
  const cold = await coldRender(app, proxy, estate, join(tmp, "clickhouse"));
  rows.splice(2, 0, cold.row);

  // 5. Backend queries per minute: 50 viewers against 1, each refreshing every 15 s.
  const counts: number[] = [];
  for (const viewers of [1, VIEWERS]) {
    log(`[5] ${viewers} viewer(s) loading ${OVERVIEW} every 15 s for 60 s ...`);
    t0 = performance.now();
    const v = await simulateViewers(app.url + OVERVIEW, viewers, REFRESH_MS, MINUTE_MS);
    await sleep(Math.max(0, t0 + MINUTE_MS + 3000 - performance.now()));
    const n = proxy.queriesSince(t0).filter((q) => q.startedAt < t0 + MINUTE_MS).length;
    counts.push(n);
    log(`    ${v.loads} page loads (${v.failed} failed), ${n} Prometheus queries in the minute`);
  }
  const [one, many] = [counts[0]!, counts[1]!];
  rows.push({
    metric: `Prometheus queries/min, ${VIEWERS} viewers / 1`,
    // A render costs `cold.queries`; a 30-s ISR period allows two a minute whoever asks.
    measured: `${many} / ${one} (renders: ${(many / cold.queries).toFixed(0)} / ${(one / cold.queries).toFixed(0)}, at most ${MINUTE_MS / 1000 / LIVE_REVALIDATE_S} a minute)`,
    target: `≈ 1× (±1 render = ${cold.queries})`,
    ratio: one > 0 ? fmtX(many / one) : "n/a",
    pass: Math.abs(many - one) <= cold.queries,
  });
  return rows;
}

async function main() {
  const started = performance.now();
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()!();
      } catch (e) {
        console.error(`cleanup: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping everything the bench started`);
      void cleanup().then(() => process.exit(130));
    });
  }
  console.log("bench — Sightline production build on the demo estate, ratios from one run");
  try {
    const rows = await bench(cleanups);
    printTable(rows);
  } finally {
    await cleanup();
    log(`  total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
