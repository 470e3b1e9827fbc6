/**
 * `npm ci` installs only from package-lock.json and refuses a lock that lacks any package
 * the tree asks for, other platforms' optional ones included (docs/deploying.md). npm
 * leaves out optional packages it cannot find in the registry it installs from; this
 * fails before a fresh clone's `npm ci` would.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface Entry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  lockfileVersion: number;
  packages: Record<string, Entry>;
};
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as Entry;

/** Node's lookup: node_modules/<name> from the package's own folder up to the root. */
function resolve(from: string, name: string): string | undefined {
  for (let dir = from; ;) {
    const at = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[at]) return at;
    if (!dir) return undefined;
    const up = dir.lastIndexOf("node_modules/");
    dir = up <= 0 ? "" : dir.slice(0, up - 1);
  }
}

describe("package-lock.json: what npm ci needs", () => {
  it("is a version 3 lock for this package.json", () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages[""]?.dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[""]?.devDependencies).toEqual(pkg.devDependencies);
  });

  it("holds every dependency and optional dependency of every locked package", () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const wanted = {
        ...entry.dependencies,
        ...entry.optionalDependencies,
        ...(path === "" ? entry.devDependencies : {}),
      };
      for (const name of Object.keys(wanted)) {
        if (!resolve(path, name)) missing.push(`${name} (of ${path || "package.json"})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
