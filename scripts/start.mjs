/**
 * npm start [-- -p PORT -H HOST ...]: `next start`, but only once the environment and the
 * catalog are valid. Next.js 16 prints "✓ Ready" as soon as its port listens, before it
 * loads next.config.ts or runs instrumentation.ts's register() (start-server.js in
 * node_modules/next/dist/server/lib), so a bad catalog found there exits 1 after a line
 * that says Ready. Here the check (scripts/check-startup.ts, the same validateStartup) runs
 * first; a bad value exits 1 with its one line and the port never opens. Then `next start`
 * runs in this very process with the given arguments, so signals and exit codes are its own.
 * Every request passes the front door first (below).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const check = spawnSync(
  process.execPath,
  [
    "--conditions=react-server",
    "--import",
    "tsx",
    fileURLToPath(new URL("./check-startup.ts", import.meta.url)),
  ],
  { stdio: "inherit" },
);
if (check.status !== 0) {
  if (check.error) console.error(`sightline: cannot start: ${check.error.message}`);
  process.exit(check.status || 1);
}

// The front door (lib/front-door, docs/security.md) sees every request before Next.js:
// the client's address for the sign-in limiter, the viewer's scope for the cached pages,
// the Content-Security-Policy and its nonce, compression. It is TypeScript, loaded with
// tsx as scripts/check-startup.ts is; install.ts patches http.Server.prototype.emit.
// tsImport loads it without changing how the rest of the process loads modules.
const { tsImport } = await import("tsx/esm/api");
const { installFrontDoorFromEnv } = await tsImport("../lib/front-door/install.ts", import.meta.url);
installFrontDoorFromEnv(process.env);

const require = createRequire(import.meta.url);
const next = require.resolve("next/dist/bin/next");
process.argv = [process.argv[0], next, "start", ...process.argv.slice(2)];
require(next);
