/**
 * The standalone server's start: `node start.mjs` in the tree scripts/standalone.mjs
 * completes (.next/standalone, the container's /app; docs/deploying.md). It does what
 * `npm start` (scripts/start.mjs) does, around Next.js's standalone server.js instead of
 * `next start`: the environment and the catalog are checked in a process of their own
 * before any port opens (a bad value exits 1 with its one line), then the front door is
 * installed in this process, then server.js runs here, so signals and exit codes are its own.
 * The check and the front door are our TypeScript bundled to plain JavaScript at build
 * time (./sightline/): the standalone tree has no tsx. Port and address: PORT and
 * HOSTNAME, as server.js reads them.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// server.js does the same: the catalog's default path, the data directory's, the nonce
// placeholder under .next/cache and Next.js's compression (from-env.ts) are found from here.
process.chdir(here);

const check = spawnSync(process.execPath, [join(here, "sightline", "check-startup.cjs")], {
  stdio: "inherit",
});
if (check.status !== 0) {
  if (check.error) console.error(`sightline: cannot start: ${check.error.message}`);
  process.exit(check.status || 1);
}

const require = createRequire(import.meta.url);
// lib/front-door/install.ts: every request passes the front door before Next.js.
require("./sightline/front-door.cjs").installFrontDoorFromEnv(process.env);
require("./server.js");
