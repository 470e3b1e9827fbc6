/**
 * node scripts/standalone.mjs, after `npx next build`: completes Next.js's standalone
 * output (.next/standalone, next.config.ts) into the tree a container runs
 * (docs/deploying.md, Dockerfile): `node start.mjs` there starts Sightline as `npm start`
 * does, front door included, with no other file of the repository and no npm install.
 *
 * - checks that the tracer's copy holds chdb's native library (next.config.ts includes it);
 * - copies what Next.js leaves out: .next/static, public/, and config/ (the default catalog);
 * - bundles the start-up check (scripts/check-startup.ts) and the front door
 *   (lib/front-door/install.ts) with esbuild into sightline/*.cjs, plain JavaScript that
 *   needs only Next.js from the tree's node_modules (the front door loads its compression);
 * - copies scripts/standalone/start.mjs, the entry, to start.mjs.
 */
import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, ".next", "standalone");

function fail(message) {
  console.error(`standalone: ${message}`);
  process.exit(1);
}

if (!existsSync(join(out, "server.js"))) {
  fail("no .next/standalone/server.js: run `npx next build` first (output: standalone)");
}

// chdb's per-platform packages (@chdb/lib-<platform>): each one installed here must be in
// the tree whole, its native library included.
const chdbLibs = join(root, "node_modules", "@chdb");
const platforms = existsSync(chdbLibs) ? readdirSync(chdbLibs) : [];
if (platforms.length === 0) fail("no @chdb/lib-* package in node_modules: run `npm ci`");
for (const pkg of platforms) {
  for (const file of readdirSync(join(chdbLibs, pkg))) {
    if (!existsSync(join(out, "node_modules", "@chdb", pkg, file))) {
      fail(`@chdb/${pkg}/${file} is not in .next/standalone (outputFileTracingIncludes)`);
    }
  }
}

for (const [from, to] of [
  [".next/static", ".next/static"],
  ["public", "public"],
  ["config", "config"],
]) {
  rmSync(join(out, to), { recursive: true, force: true });
  cpSync(join(root, from), join(out, to), { recursive: true });
}

await build({
  entryPoints: {
    "check-startup": join(root, "scripts", "check-startup.ts"),
    "front-door": join(root, "lib", "front-door", "install.ts"),
  },
  outdir: join(out, "sightline"),
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // `server-only` is an empty module under this condition, as with --conditions=react-server.
  conditions: ["react-server"],
  tsconfig: join(root, "tsconfig.json"),
  logLevel: "warning",
});

cpSync(join(root, "scripts", "standalone", "start.mjs"), join(out, "start.mjs"));
console.log("standalone: .next/standalone is complete: `node start.mjs` there starts Sightline");
