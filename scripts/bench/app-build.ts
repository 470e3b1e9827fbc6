/**
 * Builds for `npm run bench`: the app's production build when it is missing or older than
 * its sources, and the hello-world baseline (scripts/bench/hello) in a copy inside the
 * repository, served with `next start` on a free loopback port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { freePort, stopChild, waitForHttp } from "../lib/processes";

const NEXT = resolve("node_modules/.bin/next");
const APP_SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "config",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tailwind.config.ts",
  "package-lock.json",
];
const SKIP = new Set(["node_modules", ".next", ".data"]);

/** The newest modification time (ms) under the given files and folders. */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (!SKIP.has(e)) visit(join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/** Runs `next build` in `dir`, streaming nothing but returning its tail on failure. */
function nextBuild(dir: string, env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    const child = spawn(NEXT, ["build"], {
      cwd: dir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolveBuild()
        : reject(new Error(`next build in ${dir} failed (exit ${code}):\n${out.slice(-3000)}`)),
    );
  });
}

/** Ensures `.next/BUILD_ID` exists and is newer than the app's sources; builds if not. */
export async function ensureAppBuild(log: (s: string) => void): Promise<void> {
  const buildId = ".next/BUILD_ID";
  const sources = newestMtime(APP_SOURCES);
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sources) {
    log("production build is up to date (.next/BUILD_ID newer than the sources)");
    return;
  }
  log(
    existsSync(buildId)
      ? "production build is older than the sources: building (npx next build)"
      : "no production build: building (npx next build)",
  );
  const t0 = performance.now();
  await nextBuild(".");
  log(`  built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

export const HELLO_SOURCE = "scripts/bench/hello";
/** Inside the repository (node_modules resolves), outside the root tsconfig/eslint scope. */
export const HELLO_DIR = ".data/bench/hello";

/** Copies the hello app to HELLO_DIR and builds it unless its build is newer than the source. */
export async function ensureHelloBuild(log: (s: string) => void): Promise<string> {
  const dir = resolve(HELLO_DIR);
  const buildId = join(dir, ".next/BUILD_ID");
  const sources = Math.max(newestMtime([HELLO_SOURCE]), statSync(NEXT).mtimeMs);
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sources) {
    log(`hello-world baseline build is up to date (${HELLO_DIR})`);
    return dir;
  }
  log(`building the hello-world baseline in ${HELLO_DIR} (next build, Turbopack)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(HELLO_SOURCE, dir, { recursive: true });
  const t0 = performance.now();
  await nextBuild(dir, { BENCH_REPO_ROOT: resolve(".") });
  log(`  built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return dir;
}

export interface NextServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `next start` of a built app in `dir` on a free loopback port. */
export async function startNext(dir: string, readyPath: string): Promise<NextServer> {
  const port = await freePort();
  const child = spawn(NEXT, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: dir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(url + readyPath, { timeoutMs: 60_000, child, what: `next start in ${dir}` });
  } catch (e) {
    await stopChild(child);
    throw new Error(`${(e as Error).message}\n${err}`);
  }
  return { url, child, stop: () => stopChild(child) };
}
