/**
 * npm start [-- -p PORT -H HOST ...]: `next start`, but only once the environment and the
 * catalog are valid. Next.js 16 prints "✓ Ready" as soon as its port listens, before it
 * loads next.config.ts or runs instrumentation.ts's register() (start-server.js in
 * node_modules/next/dist/server/lib), so a bad catalog found there exits 1 after a line
 * that says Ready. Here the check (scripts/check-startup.ts, the same validateStartup) runs
 * first; a bad value exits 1 with its one line and the port never opens. Then `next start`
 * runs in this very process with the given arguments, so signals and exit codes are its own.
 * Every request gets its socket's address in a header (below).
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

// The sign-in limiter counts failures per client address (lib/auth/client-ip.ts). Route
// handlers see no socket, so every request carries its socket's address in this header,
// written here over anything the client sent.
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === "request" && req?.headers) {
    req.headers["x-sightline-peer"] = req.socket?.remoteAddress ?? "";
  }
  return emit.call(this, event, req, ...rest);
};

const require = createRequire(import.meta.url);
const next = require.resolve("next/dist/bin/next");
process.argv = [process.argv[0], next, "start", ...process.argv.slice(2)];
require(next);
