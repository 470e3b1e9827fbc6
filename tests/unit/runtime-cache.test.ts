import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimRuntimeCache } from "@/lib/cache/runtime-cache";

let dist: string;
const page = () => join(dist, "server/route-cache/app/overview/1h.html");
const data = () => join(dist, "cache/fetch-cache/6f1c0ffee");
function cacheSomething() {
  for (const f of [page(), data()]) {
    mkdirSync(join(f, ".."), { recursive: true });
    writeFileSync(f, "cached");
  }
}

beforeEach(() => {
  dist = mkdtempSync(join(tmpdir(), "sightline-dist-"));
});
afterEach(() => rmSync(dist, { recursive: true, force: true }));

describe("the runtime cache belongs to one build, catalog and set of sources", () => {
  it("keeps what the same namespace cached across a restart", () => {
    expect(claimRuntimeCache(dist, "a1")).toBe(true); // nothing recorded yet
    cacheSomething();
    expect(claimRuntimeCache(dist, "a1")).toBe(false);
    expect(existsSync(page()) && existsSync(data())).toBe(true);
  });

  it("drops pages and data cached under another namespace, or of unknown origin", () => {
    claimRuntimeCache(dist, "a1");
    cacheSomething();
    expect(claimRuntimeCache(dist, "b2")).toBe(true);
    expect(existsSync(page()) || existsSync(data())).toBe(false);
    cacheSomething();
    rmSync(join(dist, "cache/sightline-namespace"));
    expect(claimRuntimeCache(dist, "b2")).toBe(true);
    expect(existsSync(page())).toBe(false);
  });
});
