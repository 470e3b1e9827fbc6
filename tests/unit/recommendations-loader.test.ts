import { describe, expect, it, vi } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import type { LastGood } from "@/lib/cache/stale";
import { DataSourceError } from "@/lib/errors/data-source-error";
import type { RangeSeries, Sample } from "@/lib/prometheus/client";
import { RS_LABEL } from "@/lib/prometheus/rightsizing-queries";

/** The right-sizing loader with Prometheus, the catalog and the store replaced. */
const catalog = parseCatalog(
  `slos: [{ indicator: availability, objective: 99.9 }]
workloads:
  - { name: checkout, team: shop, convention: prometheus-client, kubernetes: { statefulset: checkout } }
`,
  "c.yaml",
);

const prom = vi.hoisted(() => ({
  down: false,
  asked: [] as { tag: string; time: number }[],
}));

const pod = { namespace: "shop", pod: "checkout-0", container: "app" };
const usage: Sample[] = [
  { labels: { ...pod, [RS_LABEL]: "cpu_quantile" }, value: 0.4 },
  { labels: { ...pod, [RS_LABEL]: "cpu_points" }, value: 1000 },
  { labels: { ...pod, [RS_LABEL]: "memory_peak" }, value: 400 * 1024 ** 2 },
  { labels: { ...pod, [RS_LABEL]: "memory_points" }, value: 1000 },
];
const now: Sample[] = [
  { labels: { ...pod, resource: "cpu", [RS_LABEL]: "requests" }, value: 1 },
  { labels: { ...pod, resource: "memory", [RS_LABEL]: "requests" }, value: 1024 ** 3 },
  {
    labels: { ...pod, owner_kind: "StatefulSet", owner_name: "checkout", [RS_LABEL]: "pod_owner" },
    value: 1,
  },
];

vi.mock("@/lib/prometheus", () => ({
  getPrometheus: () => ({
    async instant(tag: string, _q: string, time: Date): Promise<Sample[]> {
      prom.asked.push({ tag, time: time.getTime() });
      if (prom.down) throw new DataSourceError("Prometheus", tag, "connection refused");
      return tag === "rightsizing:usage" ? usage : now;
    },
    async range(): Promise<RangeSeries[]> {
      throw new Error("no latency SLO: no busy-hours query");
    },
  }),
}));
vi.mock("@/lib/prometheus/resolved-catalog", () => ({
  getResolvedCatalog: async () => ({ catalog, fingerprint: "fp" }),
}));
vi.mock("@/lib/env", () => ({ getEnv: () => ({ REVALIDATE_SECONDS: 30 }) }));
vi.mock("@/lib/cache/namespace", () => ({ cacheNamespace: () => "ns" }));
vi.mock("@/lib/cache/store", () => {
  const results = new Map<string, unknown>();
  const good = new Map<string, LastGood>();
  return {
    nextLoaderStore: {
      async cached<T>(key: string[], _o: unknown, compute: () => Promise<T>): Promise<T> {
        const k = JSON.stringify(key);
        if (!results.has(k)) results.set(k, await compute());
        return results.get(k) as T;
      },
      async lastGood(id: string) {
        return good.get(id);
      },
      async remember(id: string, g: LastGood) {
        good.set(id, g);
      },
    },
  };
});

const { getRecommendations, recommendationsFailed, RIGHTSIZING_STEP_MS } =
  await import("@/lib/cost/recommendations");

describe("the right-sizing loader", () => {
  const t0 = Date.UTC(2026, 4, 4, 12, 0);

  it("evaluates at times rounded down to 5 minutes, once per step", async () => {
    const first = await getRecommendations(t0 + 4 * 60_000 + 59_000);
    expect(first.evaluatedAt).toBe(new Date(t0).toISOString());
    expect(prom.asked).toEqual([
      { tag: "rightsizing:usage", time: t0 },
      { tag: "rightsizing:now", time: t0 },
    ]);
    expect(first.result.ok && first.result.data.rows[0]!.cpu.recommended).toBe(0.4);
    await getRecommendations(t0 + 60_000);
    expect(prom.asked).toHaveLength(2);
    expect(RIGHTSIZING_STEP_MS).toBe(300_000);
  });

  it("answers the last good recommendations, marked stale, while Prometheus fails", async () => {
    prom.down = true;
    const next = await getRecommendations(t0 + RIGHTSIZING_STEP_MS);
    expect(next.evaluatedAt).toBe(new Date(t0 + RIGHTSIZING_STEP_MS).toISOString());
    expect(next.result.ok).toBe(true);
    expect(next.result.ok && next.result.stale).toMatchObject({
      asOf: new Date(t0).toISOString(),
      error: { source: "Prometheus", tag: "rightsizing:usage" },
    });
    expect(next.result.ok && next.result.data.rows[0]!.cpu.recommended).toBe(0.4);
    expect(recommendationsFailed(next)).toBe(false);
  });

  it("fails, naming the source, with nothing good before", async () => {
    prom.down = true;
    const early = await getRecommendations(t0 - 60 * 60_000);
    expect(early.result).toEqual({
      ok: false,
      error: {
        source: "Prometheus",
        tag: "rightsizing:usage",
        message: "Prometheus (rightsizing:usage): connection refused",
      },
    });
    expect(recommendationsFailed(early)).toBe(true);
  });
});
