import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { clearRuntimeCache, freePort, stopChild, waitForHttp } from "./processes";

export interface AppServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * How the app is started: `npm start` (scripts/start.mjs: checks the environment and the
 * catalog, then `next start` in the same process) or bare `next start`.
 */
export type StartCommand = "npm start" | "next start";

/** The sign-in variables (docs/auth.md). */
const AUTH_VAR = /^(AUTH_|NEXTAUTH_)/;

/**
 * The app's environment: the caller's over this process's. Sign-in is off
 * (AUTH_DISABLED=true) unless the caller sets a sign-in variable; sign-in variables of
 * this process never leak in. With sign-in on, NEXTAUTH_URL defaults to the app's URL.
 */
function appEnv(env: Record<string, string>, url: string): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(inherited)) if (AUTH_VAR.test(k)) delete inherited[k];
  const signIn = Object.keys(env).some((k) => AUTH_VAR.test(k));
  const auth = !signIn
    ? { AUTH_DISABLED: "true" }
    : env.AUTH_DISABLED === "true"
      ? {}
      : { NEXTAUTH_URL: url };
  // Embeds are on with a key of this start's own unless the caller gives one (docs/embeds.md).
  for (const k of Object.keys(inherited)) if (k.startsWith("EMBED_KEY")) delete inherited[k];
  const embed = { EMBED_KEY: randomBytes(32).toString("base64url") };
  return { ...inherited, NEXT_TELEMETRY_DISABLED: "1", ...auth, ...embed, ...env };
}

function spawnStart(command: StartCommand, port: number, env: Record<string, string>) {
  const args = ["-p", String(port), "-H", "127.0.0.1"];
  const [cmd, argv] =
    command === "npm start"
      ? [process.execPath, ["scripts/start.mjs", ...args]]
      : ["node_modules/.bin/next", ["start", ...args]];
  return spawn(cmd, argv, {
    env: appEnv(env, `http://127.0.0.1:${port}`),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * `npm start` of the production build on a free loopback port, with the given env. The
 * pages and data a previous start cached are dropped unless `keepCache` (a restart).
 * Sign-in is off unless `env` sets a sign-in variable (AUTH_USERS_FILE, AUTH_SECRET, …).
 */
export async function startApp(
  env: Record<string, string>,
  opts: { keepCache?: boolean } = {},
): Promise<AppServer> {
  if (!existsSync(".next/BUILD_ID")) {
    throw new Error("no production build: run `npx next build` first (npm test does)");
  }
  if (!opts.keepCache) clearRuntimeCache();
  const port = await freePort();
  const child = spawnStart("npm start", port, env);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/api/v1/health`, { timeoutMs: 60_000, child, what: "next start" });
  } catch (e) {
    await stopChild(child);
    throw new Error(`${(e as Error).message}\n${out}`);
  }
  return { url, child, output: () => out, stop: () => stopChild(child) };
}

/** Starts the app expecting it to refuse to start; resolves with its exit code and output. */
export async function startAppExpectingFailure(
  env: Record<string, string>,
  command: StartCommand = "npm start",
) {
  const port = await freePort();
  const child = spawnStart(command, port, env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/**
 * The standalone server (docs/deploying.md) as the container runs it: `node start.mjs` in
 * `dir`, a tree scripts/standalone.mjs completed, on a free loopback port, with the env
 * of startApp (sign-in off unless `env` sets a sign-in variable).
 */
export async function startStandaloneApp(
  dir: string,
  env: Record<string, string>,
): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["start.mjs"], {
    cwd: dir,
    env: { ...appEnv(env, url), PORT: String(port), HOSTNAME: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  try {
    await waitForHttp(`${url}/api/v1/health`, { timeoutMs: 60_000, child, what: "start.mjs" });
  } catch (e) {
    await stopChild(child);
    throw new Error(`${(e as Error).message}\n${out}`);
  }
  return { url, child, output: () => out, stop: () => stopChild(child) };
}
