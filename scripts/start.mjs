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
import http from "node:http";
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
// tsx as scripts/check-startup.ts is.
// tsImport loads it without changing how the rest of the process loads modules.
const { tsImport } = await import("tsx/esm/api");
const { frontDoorFromEnv } = await tsImport("../lib/front-door/from-env.ts", import.meta.url);
const frontDoor = frontDoorFromEnv(process.env);
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res, ...rest) {
  if (event !== "request" || !req?.headers) return emit.call(this, event, req, res, ...rest);
  const failed = (error) => {
    console.error(`sightline: front door: ${error instanceof Error ? error.message : error}`);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  };
  let pass;
  try {
    pass = frontDoor(req, res);
  } catch (error) {
    failed(error);
    return true;
  }
  // A promise only when the front door must wait (a session it has not seen a moment ago).
  if (typeof pass === "boolean") return pass ? emit.call(this, event, req, res, ...rest) : true;
  pass.then((ok) => ok && emit.call(this, event, req, res, ...rest), failed);
  return true;
};

const require = createRequire(import.meta.url);
const next = require.resolve("next/dist/bin/next");
process.argv = [process.argv[0], next, "start", ...process.argv.slice(2)];
require(next);
