import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { DEMO_TRACES_TABLE } from "./seed-clickhouse";
import { demoPath } from "./state";

const WATCHED = ["app/", "components/", "lib/", "config/", "public/", "types/"];
const WATCHED_FILES = new Set([
  "next.config.ts",
  "instrumentation.ts",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
  "tailwind.config.ts",
]);
const BUILD_HASH = demoPath("build-hash");

/** Hash of the app's source paths and mtimes: a changed, added or removed file changes it. */
export function sourceHash(): string {
  const r = spawnSync("git", ["ls-files", "-co", "--exclude-standard"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr.trim()}`);
  const h = createHash("sha256");
  const files = r.stdout
    .split("\n")
    .filter((f) => WATCHED_FILES.has(f) || WATCHED.some((d) => f.startsWith(d)))
    .sort();
  for (const f of files) {
    const mtime = existsSync(f) ? statSync(f).mtimeMs : 0;
    h.update(`${f}\0${mtime}\n`);
  }
  return h.digest("hex");
}

/** Runs a command without blocking the event loop (the simulator keeps answering scrapes). */
function runAsync(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    let output = "";
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-200_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", reject);
    child.once("exit", (code) => resolveRun({ code, output }));
  });
}

/** Runs `next build` unless the last successful build saw the same sources. */
export async function buildIfChanged(log: (line: string) => void): Promise<"built" | "up to date"> {
  const hash = sourceHash();
  const last = existsSync(BUILD_HASH) ? readFileSync(BUILD_HASH, "utf8").trim() : "";
  if (last === hash && existsSync(".next/BUILD_ID")) return "up to date";
  log("building the app (next build; sources changed since the last build)");
  const r = await runAsync("npx", ["next", "build"]);
  if (r.code !== 0) {
    const tail = r.output.trim().split("\n").slice(-40).join("\n");
    throw new Error(`next build failed (exit ${r.code}); last lines:\n${tail}`);
  }
  writeFileSync(BUILD_HASH, hash + "\n");
  return "built";
}

/**
 * Starts the app as `npm start` does (scripts/start.mjs: the start-up check, then `next
 * start`) on 127.0.0.1 with the demo's data sources and sign-in (`signIn`: the variables of
 * scripts/demo/sign-in.ts; none of this shell's), in a process group of its own so stopApp
 * can end it with everything it forks.
 */
export function startApp(
  port: number,
  prometheusUrl: string,
  clickhouseDir: string,
  signIn: Record<string, string>,
): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(AUTH_|NEXTAUTH_)/.test(k)) delete env[k];
  return spawn(process.execPath, ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: {
      ...env,
      ...signIn,
      NEXT_TELEMETRY_DISABLED: "1",
      PROMETHEUS_URL: prometheusUrl,
      CLICKHOUSE_DATA_DIR: clickhouseDir,
      CATALOG_FILE: "config/workloads.yaml",
      // api-gateway's and web-frontend's requests come as spans (docs/request-data.md)
      CLICKHOUSE_OTEL_TRACES_TABLE: DEMO_TRACES_TABLE,
    },
  });
}

/** Stops the app's process group: SIGTERM, then SIGKILL after a grace period. */
export async function stopApp(child: ChildProcess | undefined, graceMs = 5000): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const group = -child.pid;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(group, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Waits until the app answers (any HTTP status: a page that fails must be reported,
 * not waited on forever) and returns the status of the first answer.
 */
export async function waitForApp(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not answer at ${url} within ${timeoutMs / 1000} s`);
}
