import { describe, expect, it, vi } from "vitest";
import { cachedPerStep } from "@/lib/cache/loader";
import type { LastGood } from "@/lib/cache/stale";
import type { LoaderStore } from "@/lib/cache/store";
import type { PanelResult } from "@/lib/errors/data-source-error";

vi.mock("@/lib/prometheus/resolved-catalog", () => ({
  getResolvedCatalog: async () => ({ fingerprint: "fp" }),
}));
vi.mock("@/lib/env", () => ({ getEnv: () => ({ REVALIDATE_SECONDS: 30 }) }));
vi.mock("@/lib/cache/namespace", () => ({ cacheNamespace: () => "ns" }));

interface Counts {
  evaluatedAt: string;
  requests: PanelResult<number>;
}

/** The storage seam in memory: what a shared store would hold, inspectable. */
function memoryStore() {
  const results = new Map<string, unknown>();
  const good = new Map<string, LastGood>();
  const store: LoaderStore = {
    async cached<T>(key: string[], _opts: unknown, compute: () => Promise<T>): Promise<T> {
      const k = JSON.stringify(key);
      if (!results.has(k)) results.set(k, await compute());
      return results.get(k) as T;
    },
    async lastGood(identity) {
      return good.get(identity);
    },
    async remember(identity, g) {
      good.set(identity, g);
    },
  };
  return { store, results };
}

const at = (step: number) => new Date(step * 15_000).toISOString();
const counts = (step: number, requests: PanelResult<number>): Counts => ({
  evaluatedAt: at(step),
  requests,
});
const down = { source: "Prometheus", tag: "q", message: "Prometheus (q): no answer" } as const;
let name = 0;

function loader(store: LoaderStore) {
  return cachedPerStep<Counts>({ name: `test-${++name}`, failed: (r) => !r.requests.ok }, store);
}

describe("the cached loader", () => {
  it("shares one computation between concurrent requests of a step", async () => {
    const { store } = memoryStore();
    const l = loader(store);
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return counts(1, { ok: true, data: 5 });
    };
    const all = await Promise.all([1, 2, 3].map(() => l.load(["1h"], 15_000, compute)));
    expect(runs).toBe(1);
    expect(all[0]).toBe(all[2]);
    await l.load(["1h"], 15_000, compute); // cached afterwards
    expect(runs).toBe(1);
  });

  it("caches the next step's failed refresh as the last good data, marked stale", async () => {
    const { store, results } = memoryStore();
    const l = loader(store);
    await l.load(["1h"], 15_000, async () => counts(1, { ok: true, data: 5 }));
    const failed = counts(2, { ok: false, error: down });
    const second = await l.load(["1h"], 30_000, async () => failed);
    const stale = { ok: true, data: 5, stale: { asOf: at(1), error: down } };
    expect(second.requests).toEqual(stale);
    expect(l.failed(second)).toBe(false);
    expect(l.failed(failed)).toBe(true);
    // What the store holds for the new step is the merged report, not the error.
    expect([...results.values()].at(-1)).toEqual({ ...failed, requests: stale });
    // Another identity has no last good data: its failure stays one.
    const other = await l.load(["6h"], 30_000, async () => failed);
    expect(other.requests.ok).toBe(false);
  });

  it("takes a result cached by another start as last good data", async () => {
    const { store, results } = memoryStore();
    const earlier = counts(1, { ok: true, data: 7 });
    // An entry written by an earlier start (or another replica), unknown to this process.
    results.set(JSON.stringify(["shared", "ns", "fp", '["1h"]', "15000"]), earlier);
    const restarted = cachedPerStep<Counts>({ name: "shared", failed: () => false }, store);
    expect(await restarted.load(["1h"], 15_000, async () => counts(1, { ok: true, data: 0 }))).toBe(
      earlier,
    );
    const next = await restarted.load(["1h"], 30_000, async () =>
      counts(2, { ok: false, error: down }),
    );
    expect(next.requests).toEqual({ ok: true, data: 7, stale: { asOf: at(1), error: down } });
  });

  it("answers the previous report at once while a source keeps failing, and waits when healthy", async () => {
    const { store } = memoryStore();
    const l = cachedPerStep<Counts>(
      { name: `test-${++name}`, failed: (r) => !r.requests.ok, staleAnswerMs: 30 },
      store,
    );
    await l.load(["1h"], 15_000, async () => counts(1, { ok: true, data: 5 }));
    // Healthy so far: a slow step is waited for, not answered early.
    const slow = await l.load(["1h"], 30_000, async () => {
      await new Promise((r) => setTimeout(r, 80));
      return counts(2, { ok: false, error: down });
    });
    expect(slow.evaluatedAt).toBe(at(2));
    expect(slow.requests).toEqual({ ok: true, data: 5, stale: { asOf: at(1), error: down } });
    // Degraded now: the next step's computation hangs (a frozen source), and the request
    // is answered with the previous report, already marked stale, within the grace time.
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    let runs = 0;
    const started = Date.now();
    const third = await l.load(["1h"], 45_000, async () => {
      runs++;
      await hanging;
      return counts(3, { ok: true, data: 9 });
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(third).toBe(slow);
    // The computation goes on and is what the step answers once it is done.
    release();
    const done = await l.load(["1h"], 45_000, async () => counts(3, { ok: true, data: 0 }));
    expect(done.requests).toEqual({ ok: true, data: 9 });
    expect(runs).toBe(1);
    // Recovered: the next slow step is waited for again.
    const after = await l.load(["1h"], 60_000, async () => {
      await new Promise((r) => setTimeout(r, 80));
      return counts(4, { ok: true, data: 11 });
    });
    expect(after.requests).toEqual({ ok: true, data: 11 });
  });

  it("answers a slow report's previous result after previousAfterMs, healthy or not", async () => {
    const { store } = memoryStore();
    const l = cachedPerStep<Counts>(
      { name: `test-${++name}`, failed: (r) => !r.requests.ok, previousAfterMs: 30 },
      store,
    );
    // The first step has nothing to fall back on: it is waited for.
    const first = await l.load(["all"], 300_000, async () => {
      await new Promise((r) => setTimeout(r, 60));
      return counts(20, { ok: true, data: 3 });
    });
    expect(first.requests).toEqual({ ok: true, data: 3 });
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    const next = await l.load(["all"], 600_000, async () => {
      await hanging;
      return counts(40, { ok: true, data: 4 });
    });
    expect(next).toBe(first);
    release();
    await new Promise((r) => setTimeout(r, 10));
    const done = await l.load(["all"], 600_000, async () => counts(40, { ok: true, data: 0 }));
    expect(done.requests).toEqual({ ok: true, data: 4 });
  });
});

describe("the data cache's callback", () => {
  it("has the same source text whatever closure it runs, as in every bundle", async () => {
    const { sharedCallback } = await import("@/lib/cache/store");
    // Two bundles minify the same closure under different names: their text differs.
    const a = (n: () => Promise<number>) => () => n();
    const b = (d: () => Promise<number>) => () => d();
    const one = async () => 1;
    expect(a(one).toString()).not.toBe(b(one).toString());
    // unstable_cache keys by that text: the shared callback's is one for all, and it runs.
    const x = sharedCallback(async () => 1);
    const y = sharedCallback(async () => 2);
    expect(x.toString()).toBe(y.toString());
    expect(await x()).toBe(1);
    expect(await y()).toBe(2);
  });
});
