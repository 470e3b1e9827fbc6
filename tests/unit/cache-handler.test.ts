import { afterEach, describe, expect, it } from "vitest";
import NamespacedCache from "@/lib/cache/handler.mjs";

const NAMESPACE_KEY = Symbol.for("sightline.cache-namespace");
const g = globalThis as Record<symbol, string | undefined>;
const scoped = (buildId: string, key: string) =>
  (NamespacedCache.prototype as unknown as { scoped(k: string): string }).scoped.call(
    { buildId },
    key,
  );

afterEach(() => {
  delete g[NAMESPACE_KEY];
});

describe("cache keys carry the build and the catalog namespace", () => {
  it("never share an entry across builds or catalogs", () => {
    const keys = ["/route-cache/app-page/$/overview/1h", "6f1c0ffee"];
    const seen = new Set<string>();
    for (const ns of ["a1", "b2"]) {
      g[NAMESPACE_KEY] = ns;
      for (const build of ["build-1", "build-2"]) {
        for (const key of keys) seen.add(scoped(build, key));
      }
    }
    expect(seen.size).toBe(8);
  });

  it("keeps page entries inside Next's scoped directory", () => {
    g[NAMESPACE_KEY] = "a1";
    expect(scoped("b", "/route-cache/app-page/$/overview/1h")).toBe(
      "/route-cache/b-a1/app-page/$/overview/1h",
    );
    expect(scoped("b", "6f1c0ffee")).toBe("b-a1-6f1c0ffee");
  });
});
