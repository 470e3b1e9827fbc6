import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { createServer } from "node:net";
import { loadCatalogFile } from "../../lib/catalog/file";
import { clearRuntimeCache, stopChild } from "../lib/processes";
import { writeRulesFile } from "../lib/rules-file";
import { signInWithPassword } from "../lib/sign-in";
import {
  ensurePrometheus,
  startPrometheus,
  waitForCompaction,
  type PrometheusServer,
} from "../lib/prometheus-server";
import { buildIfChanged, startApp, stopApp, waitForApp } from "./app-server";
import { writeHistory } from "./history";
import { replayIncident } from "./incident";
import { Estate, type Accumulator } from "./model";
import { demoSignIn } from "./sign-in";
import { prometheusConfig, startSimulator, type Simulator } from "./simulator";
import {
  DATA,
  accumulatorAt,
  demoPath,
  readState,
  saveCheckpoint,
  writeState,
  type DemoState,
} from "./state";

const PROMETHEUS_PORT = 9090;
const APP_PORT = 3000;
const started = Date.now();

function log(line: string): void {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[${s} s] ${line}`);
}

const children: {
  app?: ChildProcess;
  seed?: ChildProcess;
  costSync?: ChildProcess;
  prometheus?: PrometheusServer;
  simulator?: Simulator;
} = {};

let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stopApp(children.app);
  await stopChild(children.seed);
  await stopChild(children.costSync);
  await children.prometheus?.stop();
  await children.simulator?.stop();
  process.exit(code);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const srv = createServer();
    srv.once("error", () => resolveFree(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolveFree(true)));
  });
}

/**
 * Runs a TypeScript script in a child process (the embedded ClickHouse engine's data
 * directory is released only when the process that opened it ends); resolves when it is done.
 */
function runChild(
  role: "seed" | "costSync",
  what: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<void> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...args], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...env },
  });
  children[role] = child;
  return new Promise((resolveChild, reject) => {
    child.once("exit", (code, signal) => {
      children[role] = undefined;
      if (code === 0) resolveChild();
      else reject(new Error(`${what} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Seeds ClickHouse's request log for [fromMs, toMs) in a child process. */
function seedInChild(t0: number, fromMs: number, toMs: number): Promise<void> {
  return runChild("seed", "ClickHouse seeding", [
    "scripts/demo/seed-cli.ts",
    String(t0),
    String(fromMs),
    String(toMs),
    DATA.clickhouse,
  ]);
}

/**
 * The cost history: `npm run cost:sync` (what a CronJob runs) over the backfilled cluster
 * series, in a child process, before the app opens the ClickHouse directory. It syncs every
 * final hour since its watermark (on a first run, since the history starts); the app's
 * in-server sync keeps it current from there.
 */
function costSyncInChild(prometheusUrl: string): Promise<void> {
  return runChild("costSync", "the cost sync", ["scripts/cost-sync.ts"], {
    PROMETHEUS_URL: prometheusUrl,
    CLICKHOUSE_DATA_DIR: DATA.clickhouse,
    CATALOG_FILE: "config/workloads.yaml",
  });
}

/** Brings Prometheus history and ClickHouse rows up to the current whole minute. */
async function catchUp(state: DemoState, acc: Accumulator): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const toMs = Math.floor(Date.now() / 60_000) * 60_000;
    const fromMs = state.historyEndMs;
    if (toMs <= fromMs) return;
    const span = ((toMs - fromMs) / 3_600_000).toFixed(2);
    log(
      `history and request log for ${new Date(fromMs).toISOString()} .. ${new Date(toMs).toISOString()} (${span} h)`,
    );
    const seeding = seedInChild(state.t0Minute, fromMs, toMs);
    // promtool runs synchronously meanwhile; the seeding child works in parallel
    const h = writeHistory({
      acc,
      dataDir: `${DATA.prometheus}/data`,
      tmpDir: demoPath("tmp"),
      fromMs,
      toMs,
      log,
    });
    log(
      `history: ${(h.samples / 1e6).toFixed(2)}M samples in ${h.chunks} chunks, ${h.seconds.toFixed(1)} s`,
    );
    await seeding;
    state.historyEndMs = toMs;
    saveCheckpoint(acc);
    writeState(state);
    if (Date.now() - toMs < 60_000) return;
  }
}

async function main(): Promise<void> {
  const reset = process.argv.includes("--reset");
  const incidentAt = process.argv.indexOf("--incident");
  const incidentWorkload = incidentAt > 0 ? process.argv[incidentAt + 1] : undefined;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      log(`${sig}: stopping`);
      void shutdown(0);
    });
  }
  for (const [port, what] of [
    [PROMETHEUS_PORT, "Prometheus"],
    [APP_PORT, "the app"],
  ] as const) {
    if (!(await portFree(port))) {
      console.error(
        `port ${port} (for ${what}) is already in use on 127.0.0.1: stop whatever listens there and run again`,
      );
      process.exit(1);
    }
  }
  log("checking Prometheus and promtool");
  ensurePrometheus(log);
  const catalog = loadCatalogFile("config/workloads.yaml");
  if (incidentAt > 0 && !catalog.workloads.some((w) => w.name === incidentWorkload)) {
    console.error(
      `--incident: expected a workload name, one of ${catalog.workloads.map((w) => w.name).join(", ")}`,
    );
    process.exit(1);
  }
  let state = reset ? undefined : readState();
  if (!state) {
    log(reset ? "--reset: wiping demo data" : "first run: creating 30 days of history");
    for (const dir of [DATA.prometheus, DATA.clickhouse, DATA.demo])
      rmSync(dir, { recursive: true, force: true });
    const t0Minute = Math.floor(Date.now() / 60_000);
    state = { version: 1, t0Minute, historyEndMs: new Estate(catalog, t0Minute).origin * 60_000 };
    writeState(state);
  }
  const estate = new Estate(catalog, state.t0Minute, state.incidents ?? []);
  const acc = accumulatorAt(estate, state.historyEndMs / 60_000);
  const cluster = estate.evaluate(state.t0Minute, new Float64Array(estate.series.length)).length;
  log(
    `model: ${estate.workloads.length} workloads, ${estate.series.length} application series, ${cluster} Kubernetes series at T0`,
  );
  await catchUp(state, acc);

  children.simulator = await startSimulator(acc);
  log(`simulator serving ${children.simulator.url}/metrics`);
  const rulesFile = resolve(DATA.prometheus, "slo-rules.yml");
  const rules = writeRulesFile(catalog, rulesFile);
  // Prometheus scrapes Sightline's own /api/metrics with a token new at each start, as a
  // real scrape config would (docs/own-metrics.md); the target is down until the app is up.
  const metricsToken = randomBytes(24).toString("base64url");
  log(`SLO rules: ${rules.rules} recording and alerting rules, checked by promtool`);
  children.prometheus = await startPrometheus({
    dir: DATA.prometheus,
    port: PROMETHEUS_PORT,
    config: prometheusConfig(children.simulator.port, [rulesFile], {
      port: APP_PORT,
      token: metricsToken,
    }),
    retention: "60d",
    logFile: demoPath("prometheus.log"),
  });
  log(`Prometheus ready at ${children.prometheus.url} (log: ${demoPath("prometheus.log")})`);

  // The cost sync reads Prometheus while the app builds (both take a while on a first run).
  const costSync = costSyncInChild(children.prometheus.url);
  costSync.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
  log(`app build: ${await buildIfChanged(log)}`);
  await costSync;
  await waitForCompaction(children.prometheus.url, { threshold: 60, timeoutMs: 180_000, log });
  clearRuntimeCache(); // pages cached by an earlier run show data that has moved on
  // Sign-in is on, with two users whose passwords are new at every start.
  const viewerTeam = catalog.workloads[0]?.team ?? "platform";
  const signIn = await demoSignIn(viewerTeam, `http://localhost:${APP_PORT}`);
  const app = startApp(APP_PORT, children.prometheus.url, DATA.clickhouse, {
    ...signIn.env,
    METRICS_TOKEN: metricsToken,
  });
  children.app = app;
  app.once("exit", (code) => {
    if (!stopping) {
      log(`the app exited (code ${code}); stopping`);
      void shutdown(1);
    }
  });
  const status = await waitForApp(`http://127.0.0.1:${APP_PORT}/`, app, 120_000);
  // Signed in as the admin, the first render of the overview is the demo's, not a visitor's.
  const admin = await signInWithPassword(`http://127.0.0.1:${APP_PORT}`, "admin", signIn.admin);
  if (!admin.cookie) throw new Error(`the demo's admin cannot sign in: ${admin.error}`);
  const warm = await fetch(`http://127.0.0.1:${APP_PORT}/`, { headers: { Cookie: admin.cookie } });
  await warm.arrayBuffer();
  if (status >= 500 || warm.status >= 500) log(`warning: / answered HTTP ${warm.status}`);
  const total = ((Date.now() - started) / 1000).toFixed(1);
  log(
    `Sightline is up: http://localhost:${APP_PORT}  (ready in ${total} s; Ctrl-C stops everything)`,
  );
  for (const line of signIn.lines) log(`sign in as ${line}`);
  if (incidentWorkload) {
    await replayIncident({
      workload: incidentWorkload,
      catalog,
      estate,
      state,
      prometheusUrl: children.prometheus.url,
      log,
    });
  }
}

main().catch(async (e: unknown) => {
  // a Ctrl-C also kills promtool or the seeding child: let the signal handler win
  await new Promise((r) => setTimeout(r, 200));
  if (stopping) return;
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
});
