/**
 * npm run bench — Sightline's production build on the demo estate (with its cost sync),
 * against itself and a hello-world Next.js app, in one run: cached overview and /cost
 * throughput (wrk), cold renders against their slowest backend query, JavaScript first load
 * per page, Lighthouse scores, and backend queries per minute for 50 viewers against 1.
 * Prints ratios and counts (the machine is shared: never seconds against a fixed bar).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LONG_RANGE } from "../../lib/overview/ranges";
import { COST_PRESET_MS, costRangeEnding } from "../../lib/cost/ranges";
import {
  REFRESH_DELAY_MS,
  RIGHTSIZING_STEP_MS,
  roundRightSizingTime,
} from "../../lib/cost/recommendations";
import { RANGES } from "../../lib/time/ranges";
import { startApp, type AppServer } from "../lib/app-server";
import { DEMO_CATALOG, startDemoEstate } from "../lib/demo-estate";
import { ensureDebianPackages } from "../lib/processes";
import { waitForCompaction } from "../lib/prometheus-server";
import { benchUsers, createEmbedToken } from "./app-auth";
import { ensureAppBuild, ensureHelloBuild, startNext } from "./app-build";
import { coldRender, type ColdPage } from "./app-cold";
import { jsFirstLoad, lighthouse, simulateViewers, wrk, WRK } from "./app-measure";
import {
  median,
  startPrometheusProxy,
  type PrometheusProxy,
  type RecordedQuery,
} from "./app-proxy";
import { fmtKb, fmtMs, fmtX, printTable, type Row } from "./app-report";

const OVERVIEW = "/overview/1h";
const COST = "/cost/30d";
/** Pages never rendered before their cold render (COST is measured cached first). */
const COLD: ColdPage[] = [
  {
    name: "overview",
    path: "/overview/6h",
    clickhouse: "overview",
    clickhouseRange: (evalMs) => ({ fromMs: evalMs - RANGES[LONG_RANGE].ms, toMs: evalMs }),
  },
  {
    name: "/cost",
    path: "/cost/90d",
    clickhouse: "cost",
    clickhouseRange: (evalMs) => costRangeEnding(COST_PRESET_MS["90d"], evalMs),
  },
];

/** A query of the right-sizing report (lib/prometheus/rightsizing-queries.ts). */
const isRightSizingQuery = (q: RecordedQuery) =>
  /quantile_over_time|kube_pod_container_resource_requests|owner_kind/.test(
    decodeURIComponent(`${q.path} ${q.body}`.replace(/\+/g, " ")),
  );

/**
 * /cost reads the right-sizing the server computes at each 5-minute step: waits, if need
 * be, for the next step to start (no computation during the measurement: at least
 * `quietMs` left in the step) and for this step's recommendations, and prints how long the
 * server took to compute them.
 */
async function rightSizingComputed(
  appUrl: string,
  proxy: PrometheusProxy,
  headers: Headers,
  quietMs = 60_000,
): Promise<void> {
  const untilNext = RIGHTSIZING_STEP_MS - (Date.now() % RIGHTSIZING_STEP_MS);
  if (untilNext < quietMs) {
    log(`    waiting ${fmtMs(untilNext)} for the next right-sizing step`);
    await sleep(untilNext + REFRESH_DELAY_MS);
  }
  const step = roundRightSizingTime(Date.now()).getTime();
  for (;;) {
    const res = await fetch(`${appUrl}/api/v1/cost/recommendations`, { headers });
    const body = (await res.json()) as { evaluatedAt?: string };
    if (res.status === 200 && Date.parse(body.evaluatedAt ?? "") === step) break;
    await sleep(500);
  }
  // Its queries, from the step's start: the server's own refresh or the request above.
  const since = performance.now() - (Date.now() - step);
  const own = proxy.queriesSince(since).filter(isRightSizingQuery);
  const ms =
    Math.max(0, ...own.map((q) => q.startedAt + q.ms)) - Math.min(...own.map((q) => q.startedAt));
  log(`    right-sizing of this step computed: ${own.length} Prometheus queries over ${fmtMs(ms)}`);
}

/** Returns once this step's right-sizing is computed with at least `quietMs` left in it. */
async function quietAfterRightSizing(
  appUrl: string,
  proxy: PrometheusProxy,
  headers: Headers,
  quietMs: number,
): Promise<void> {
  for (;;) {
    await rightSizingComputed(appUrl, proxy, headers, 0);
    const left = RIGHTSIZING_STEP_MS - (Date.now() % RIGHTSIZING_STEP_MS);
    if (left >= quietMs) return log(`    ${fmtMs(left)} left before the next step's`);
    log(`    ${fmtMs(left)} left: waiting for the next step's`);
    await sleep(left + REFRESH_DELAY_MS);
  }
}

const PAGES: [route: string, path: string][] = [
  ["/overview/[range]/page", OVERVIEW],
  ["/workloads/[name]/[range]/page", "/workloads/checkout/24h"],
  ["/oncall/page", "/oncall"],
  ["/oncall/tv/page", "/oncall/tv"],
  ["/cost/[range]/page", COST],
];
const LIGHTHOUSE = [OVERVIEW, "/workloads/checkout/24h", COST];
/** Time the Lighthouse audits of LIGHTHOUSE take, with a margin. */
const LIGHTHOUSE_QUIET_MS = 120_000;
const VIEWERS = 50;
/** The viewers' teams (VIEWERS / their number each); the measured viewer is the first's. */
const TEAMS = ["payments", "platform", "data", "tracking", "web"];
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

type Headers = Record<string, string>;

async function get(url: string, headers: Headers = {}) {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const bytes = (await res.arrayBuffer()).byteLength;
  return {
    ms: performance.now() - t0,
    status: res.status,
    bytes,
    cache: res.headers.get("x-nextjs-cache") ?? "-",
  };
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

/**
 * Requests/s of each URL under wrk, alternating between them in `rounds` runs each so
 * that the machine's drift hits every URL alike. Per URL: the runs' mean, and each run.
 */
async function alternateWrk(urls: [string, Headers][], rounds: number) {
  const runs = urls.map(() => ({ rps: 0, non2xx: 0, errors: 0, each: [] as number[] }));
  // Unmeasured first: the servers' code is compiled hot before any round counts.
  for (const [url, headers] of urls) await wrk(url, WARMUP_S, headers);
  for (let r = 0; r < rounds; r++) {
    for (const [i, [url, headers]] of urls.entries()) {
      const one = await wrk(url, undefined, headers);
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
 * 1. Cached overview and /cost against the hello-world ISR page: the targets. Then, as
 * diagnostics, the overview as Next.js itself serves it (past the front door's page cache,
 * docs/caching.md) against hello-world and against the same page padded to its byte size,
 * which tells how much of Next.js's gap is the overview's bytes rather than its code.
 */
async function throughput(app: AppServer, helloDir: string, signedIn: Headers): Promise<Row[]> {
  const hello = await startNext(helloDir, "/");
  try {
    for (let i = 0; i < 3; i++) await get(hello.url + "/");
    let warm = await get(app.url + OVERVIEW, signedIn);
    for (let i = 0; i < 5 && warm.cache !== "HIT"; i++) {
      warm = await get(app.url + OVERVIEW, signedIn);
    }
    let costWarm = await get(app.url + COST, signedIn);
    for (let i = 0; i < 5 && costWarm.cache !== "HIT"; i++) {
      costWarm = await get(app.url + COST, signedIn);
    }
    if (costWarm.status !== 200) throw new Error(`${COST} answered HTTP ${costWarm.status}`);
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
        `hello padded ${padWarm.cache}, ${fmtKb(padWarm.bytes)}; ` +
        `${COST} ${costWarm.cache}, ${fmtKb(costWarm.bytes)}`,
    );
    const w = `wrk -t${WRK.threads} -c${WRK.connections} -d${WRK.seconds}s`;
    // A conditional request the page's ETag never matches goes to Next.js, which answers
    // the whole page: the front door keeps no page for it.
    const pastFrontDoor = { ...signedIn, "If-None-Match": '"sightline-bench"' };
    const [h, o, p, c, n] = await alternateWrk(
      [
        [hello.url + "/", {}],
        [app.url + OVERVIEW, signedIn],
        [padded(pad), {}],
        [app.url + COST, signedIn],
        [app.url + OVERVIEW, pastFrontDoor],
      ],
      WRK_ROUNDS,
    );
    const named = [
      ["hello", h!],
      [OVERVIEW, o!],
      ["hello padded", p!],
      [COST, c!],
      [`${OVERVIEW} as Next.js serves it`, n!],
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
    const nextRatio = roundRatio(n!, h!);
    const padRatio = roundRatio(n!, p!);
    const costRatio = roundRatio(c!, h!);
    const ok = named.every(([, r]) => r.non2xx === 0);
    return [
      {
        metric: "cached overview req/s, signed in / hello-world req/s",
        measured: `${o!.rps.toFixed(0)} / ${h!.rps.toFixed(0)} req/s (HTML ${fmtKb(warm.bytes)} vs ${fmtKb(helloWarm.bytes)}; median of ${WRK_ROUNDS} rounds)`,
        target: "≥ 0.7×",
        ratio: fmtX(ratio),
        pass: ratio >= 0.7 && ok,
      },
      {
        metric: "cached /cost req/s, signed in / hello-world req/s",
        measured: `${c!.rps.toFixed(0)} / ${h!.rps.toFixed(0)} req/s (HTML ${fmtKb(costWarm.bytes)}; median of ${WRK_ROUNDS} rounds)`,
        target: "≥ 0.8×",
        ratio: fmtX(costRatio),
        pass: costRatio >= 0.8 && ok,
      },
      {
        metric: "(diagnostic) overview as Next.js serves it / hello-world",
        measured: `${n!.rps.toFixed(0)} / ${h!.rps.toFixed(0)} req/s (past the front door's page cache)`,
        target: "no target",
        ratio: fmtX(nextRatio),
        pass: ok,
      },
      {
        metric: "(diagnostic) overview as Next.js serves it / hello padded to its bytes",
        measured: `${n!.rps.toFixed(0)} / ${p!.rps.toFixed(0)} req/s (HTML ${fmtKb(padWarm.bytes)})`,
        target: "no target",
        ratio: fmtX(padRatio),
        pass: ok,
      },
    ];
  } finally {
    await hello.stop();
  }
}

/**
 * 6. Embeds (docs/embeds.md): an SLO status card and a badge made by an editor, opened
 * without a cookie as a wiki would: cached throughput against the hello-world page, their
 * JavaScript (none expected) and Lighthouse.
 */
async function embeds(
  app: AppServer,
  helloDir: string,
  editor: Awaited<ReturnType<Awaited<ReturnType<typeof benchUsers>>["signInEditor"]>>,
  tmp: string,
): Promise<Row[]> {
  const card = `${app.url}/embed/${await createEmbedToken(app.url, editor, "status", "checkout")}`;
  const badgeToken = await createEmbedToken(app.url, editor, "badge", "checkout");
  const badge = `${app.url}/embed/${badgeToken}/badge.svg`;
  for (const url of [card, badge]) {
    const r = await get(url);
    if (r.status !== 200) throw new Error(`${url} answered HTTP ${r.status}`);
  }
  const hello = await startNext(helloDir, "/");
  const rows: Row[] = [];
  try {
    await get(hello.url + "/");
    const [h, c, b] = await alternateWrk(
      [
        [hello.url + "/", {}],
        [card, {}],
        [badge, {}],
      ],
      WRK_ROUNDS,
    );
    for (const [what, r] of [
      ["hello", h!],
      ["embed status card", c!],
      ["embed badge", b!],
    ] as const) {
      const each = r.each.map((x) => x.toFixed(0)).join(", ");
      log(`[6] ${what}: ${r.rps.toFixed(0)} req/s (${each}; non-2xx ${r.non2xx})`);
    }
    for (const [what, r] of [
      ["embed status card", c!],
      ["embed badge", b!],
    ] as const) {
      const ratio = roundRatio(r, h!);
      rows.push({
        metric: `cached ${what} req/s / hello-world req/s`,
        measured: `${r.rps.toFixed(0)} / ${h!.rps.toFixed(0)} req/s (median of ${WRK_ROUNDS} rounds)`,
        target: "≥ 0.8×",
        ratio: fmtX(ratio),
        pass: ratio >= 0.8 && r.non2xx === 0,
      });
    }
  } finally {
    await hello.stop();
  }
  for (const [what, url] of [
    ["embed status card", card],
    ["embed badge", badge],
  ] as const) {
    const fl = await jsFirstLoad(url);
    log(`[6] ${what}: ${fl.scripts} scripts, ${fmtKb(fl.gzipBytes)} gzipped`);
    rows.push({
      metric: `JS first load ${what} (gzip -9)`,
      measured: `${fmtKb(fl.gzipBytes)} (${fl.scripts} scripts)`,
      target: what === "embed badge" ? "none" : "≤ 60 kB",
      ratio: fmtX(fl.gzipBytes / 60_000),
      pass: what === "embed badge" ? fl.scripts === 0 : fl.gzipBytes <= 60_000,
    });
  }
  const lh = await lighthouse(card, join(tmp, "lighthouse-embed.json"));
  log(
    `[6] Lighthouse embed status card: ${lh.score} (LCP ${fmtMs(lh.lcpMs)}, TBT ${fmtMs(lh.tbtMs)})`,
  );
  rows.push({
    metric: "Lighthouse performance, embed status card (desktop)",
    measured: String(lh.score),
    target: "≥ 95",
    ratio: fmtX(lh.score / 95),
    pass: lh.score >= 95,
  });
  return rows;
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
  // Measured as it runs: sign-in on, every page request with a viewer's session.
  const users = await benchUsers(tmp, TEAMS, VIEWERS / TEAMS.length);
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
      ...users.env,
    });
    cleanups.push(() => started.stop());
    log(
      `app: next start at ${started.url}, REVALIDATE_SECONDS=${revalidateSeconds}, ` +
        `Prometheus through the recording proxy ${proxy.url}`,
    );
    return started;
  };
  let app = await start(SERVING_REVALIDATE_S);
  // Sessions outlive the restart below: same secret, same users file.
  const viewers = await users.signIn(app.url);
  const signedIn: Headers = { Cookie: viewers[0]!.cookie };
  log(`signed in ${viewers.length} viewers of ${TEAMS.join(", ")}; measured: ${viewers[0]!.name}`);
  // The steady state of a running Prometheus: every SLO rule group (the window group runs
  // every 5 minutes) has been evaluated once, so the recordings answer.
  await waitForRuleGroups(estate.prometheus.url, 400_000);
  const first = await fetch(app.url + OVERVIEW, { headers: signedIn });
  const html = await first.text();
  log(
    `first request after start (${OVERVIEW}): HTTP ${first.status}, ${fmtKb(Buffer.byteLength(html))}`,
  );
  if (first.status !== 200 || html.includes('data-testid="panel-error"')) {
    throw new Error(`${OVERVIEW} rendered with a failed panel: the measurements would not hold`);
  }

  rows.push(...(await throughput(app, helloDir, signedIn)));

  // 3. JavaScript first load per page.
  const routes = builtRoutes();
  for (const [route, path] of PAGES) {
    if (!routes.has(route)) {
      log(`[3] ${route}: not in this build, skipped`);
      continue;
    }
    const fl = await jsFirstLoad(app.url + path, ".next", signedIn);
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

  // 4. Lighthouse, desktop preset, Debian's Chromium. The audits measure the browser's work,
  // which shares this machine's cores with the server: not while the server's 5-minute
  // right-sizing refresh keeps Prometheus busy (docs/performance.md).
  log(`[4] waiting for this step's right-sizing, with ${fmtMs(LIGHTHOUSE_QUIET_MS)} left after it`);
  await quietAfterRightSizing(app.url, proxy, signedIn, LIGHTHOUSE_QUIET_MS);
  for (const path of LIGHTHOUSE) {
    const route = PAGES.find(([, p]) => p === path)?.[0];
    if (route && !routes.has(route)) continue;
    await get(app.url + path, signedIn); // rendered and cached before the audit
    const lh = await lighthouse(
      app.url + path,
      join(tmp, `lighthouse-${rows.length}.json`),
      signedIn,
    );
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

  rows.push(...(await embeds(app, helloDir, await users.signInEditor(app.url), tmp)));

  await app.stop();
  app = await start(LIVE_REVALIDATE_S);
  // A warm process (modules loaded, ClickHouse open) whose data for the next step is cold.
  if ((await get(app.url + OVERVIEW, signedIn)).status !== 200) {
    throw new Error(`${OVERVIEW} failed`);
  }

  // 2. Cold render of a preset never rendered.
  const chCopy = join(tmp, "clickhouse");
  const cold = await coldRender(app.url, proxy, estate.prometheus.url, chCopy, COLD[0]!, signedIn);
  rows.splice(3, 0, cold.row);

  // 5. Backend queries per minute: 50 signed-in viewers of 5 teams against 1, each
  // refreshing every 15 s (viewer i of the 50 is of team i mod 5).
  const counts: number[] = [];
  const perTeam = VIEWERS / TEAMS.length;
  const mixed = viewers.map(
    (_, i) => viewers[(i % TEAMS.length) * perTeam + Math.floor(i / TEAMS.length)]!.cookie,
  );
  for (const many of [1, VIEWERS]) {
    log(`[5] ${many} signed-in viewer(s) loading ${OVERVIEW} every 15 s for 60 s ...`);
    t0 = performance.now();
    const cookies = many === 1 ? [viewers[0]!.cookie] : mixed;
    const v = await simulateViewers(app.url + OVERVIEW, many, REFRESH_MS, MINUTE_MS, cookies);
    await sleep(Math.max(0, t0 + MINUTE_MS + 3000 - performance.now()));
    const inMinute = proxy.queriesSince(t0).filter((q) => q.startedAt < t0 + MINUTE_MS);
    // The server's own 5-minute right-sizing refresh is not a page's: counted apart.
    const refresh = inMinute.filter(isRightSizingQuery).length;
    const n = inMinute.length - refresh;
    counts.push(n);
    log(
      `    ${v.loads} page loads (${v.failed} failed), ${n} Prometheus queries in the minute` +
        (refresh ? ` (and ${refresh} of the server's right-sizing refresh)` : ""),
    );
  }
  const [one, many] = [counts[0]!, counts[1]!];
  rows.push({
    metric: `Prometheus queries/min, ${VIEWERS} viewers of ${TEAMS.length} teams / 1`,
    // A render costs `cold.queries`; a 30-s ISR period allows two a minute whoever asks.
    measured: `${many} / ${one} (renders: ${(many / cold.queries).toFixed(0)} / ${(one / cold.queries).toFixed(0)}, at most ${MINUTE_MS / 1000 / LIVE_REVALIDATE_S} a minute)`,
    target: `≈ 1× (±1 render = ${cold.queries})`,
    ratio: one > 0 ? fmtX(many / one) : "n/a",
    pass: Math.abs(many - one) <= cold.queries,
  });

  // 2. /cost cold, after the viewers' minute so that its queries are not counted there. Its
  // route is loaded first (an unknown preset is a 404 before any data is read), then a
  // preset this process never rendered: the cost report and the right-sizing are computed.
  if ((await get(app.url + "/cost/none", signedIn)).status !== 404) {
    throw new Error("/cost/none is not 404");
  }
  const costCold = await coldRender(
    app.url,
    proxy,
    estate.prometheus.url,
    chCopy,
    { ...COLD[1]!, before: () => rightSizingComputed(app.url, proxy, signedIn) },
    signedIn,
  );
  rows.splice(4, 0, costCold.row);
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
