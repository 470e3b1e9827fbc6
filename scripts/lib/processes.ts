import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolvePort(addr.port) : reject()));
    });
  });
}

export function onPath(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** Whether Debian's own Python (/usr/bin/python3, not a pyenv build on PATH) imports `mod`. */
export function debianPythonHas(mod: string): boolean {
  return spawnSync("/usr/bin/python3", ["-c", `import ${mod}`], { stdio: "ignore" }).status === 0;
}

/** A package and what shows it is there: a command on PATH, or a module Debian's Python imports. */
export type DebianPackage = { pkg: string; bin: string } | { pkg: string; pythonModule: string };

/** Installs Debian packages that are missing. Needs root, as on this project's machines. */
export function ensureDebianPackages(pkgs: DebianPackage[], log = console.log) {
  const present = (p: DebianPackage) =>
    "bin" in p ? onPath(p.bin) : debianPythonHas(p.pythonModule);
  const missing = [...new Set(pkgs.filter((p) => !present(p)).map((p) => p.pkg))];
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(", ")} (apt-get; this takes a minute)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", ...missing],
  ]) {
    const r = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
    if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit ${r.status})`);
  }
}

/** Polls an HTTP URL until it answers 2xx, the process exits, or the deadline passes. */
export async function waitForHttp(
  url: string,
  opts: { timeoutMs: number; child?: ChildProcess; what: string },
): Promise<void> {
  const until = Date.now() + opts.timeoutMs;
  while (Date.now() < until) {
    if (opts.child && opts.child.exitCode !== null) {
      throw new Error(`${opts.what} exited with code ${opts.child.exitCode} before it was ready`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${opts.what} not ready at ${url} after ${opts.timeoutMs} ms`);
}

/** Stops a child with SIGTERM, then SIGKILL after a grace period. */
export async function stopChild(child: ChildProcess | undefined, graceMs = 5000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export function run(cmd: string, args: string[], what: string, cwd?: string): void {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", cwd });
  if (r.status !== 0) {
    throw new Error(
      `${what} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().slice(-2000)}`,
    );
  }
}

export { spawn };

/** Drops the pages and data `next start` cached (lib/cache/runtime-cache.ts). */
export { clearRuntimeCache } from "../../lib/cache/runtime-cache";
