import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import {
  createPrometheusClient,
  observeQueries,
  type PrometheusClient,
} from "@/lib/prometheus/client";
import { BURN_WINDOWS } from "@/lib/slo/alert-tiers";
import { fetchSloSeries } from "@/lib/slo/history";
import { fetchSloStatuses } from "@/lib/slo/evaluate";
import type { SloSource, WorkloadSlos } from "@/lib/slo/status";
import { SLO_EXPECTED } from "../support/slo-data";
import { startSloPrometheus, type SloPrometheus } from "../support/slo-prometheus";
import { expectClose } from "../support/compare";

let env: SloPrometheus;
let prom: PrometheusClient;
let catalog: Catalog;

beforeAll(async () => {
  catalog = parseCatalog(
    readFileSync("tests/fixtures/slo-catalog.yaml", "utf8"),
    "slo-catalog.yaml",
  );
  env = await startSloPrometheus(catalog);
  prom = createPrometheusClient({ url: env.server.url, headers: {}, timeoutMs: 20_000 });
});
afterAll(() => env?.cleanup());

/** Within 0.1 %; near zero, within 1e-9 absolute. */
const close = (actual: number | null | undefined, expected: number, what: string) =>
  expectClose(actual, expected, what, { relative: 1e-3, floor: 1e-6 });

function find(all: WorkloadSlos[], workload: string, slo: string) {
  return all.find((w) => w.workload === workload)!.slos.find((s) => s.name === slo)!;
}

describe.each(["raw", "recorded"] as const)("SLO figures on the %s path", (source: SloSource) => {
  let all: WorkloadSlos[];
  beforeAll(async () => {
    all = await fetchSloStatuses(prom, catalog, new Date(env.endMs), source);
  });

  it("spend exactly the budget at 0.1 % errors against 99.9 % for 30 days", () => {
    const s = find(all, "steady", "availability");
    expect(s.source).toBe(source);
    const want = SLO_EXPECTED.steady.availability;
    close(s.sli, want.sli, "sli");
    expect(Math.abs(s.budgetRemaining!)).toBeLessThan(1e-3);
    close(s.budgetConsumed, 1, "consumed");
    for (const w of BURN_WINDOWS) close(s.burnRates[w], want.burn, `burn ${w}`);
    expect(s.alerts.filter((a) => a.severity === "page").every((a) => !a.firing)).toBe(true);
    close(s.events!.total, 43200 * 10000, "events");
  });

  it("read the share of requests at or under 200 ms from the histogram", () => {
    const s = find(all, "steady", "latency-200ms");
    const want = SLO_EXPECTED.steady["latency-200ms"];
    close(s.sli, want.sli, "sli");
    close(s.budgetRemaining, want.budgetRemaining, "remaining");
    for (const w of BURN_WINDOWS) close(s.burnRates[w], want.burn, `burn ${w}`);
    expect(s.alerts.some((a) => a.firing)).toBe(false);
  });

  it("fire the tiers the math says for a 2-hour burst of 50 % errors", () => {
    const s = find(all, "bursty", "availability");
    const want = SLO_EXPECTED.bursty.availability;
    expect(Object.fromEntries(s.alerts.map((a) => [a.tier, a.firing]))).toEqual(want.firing);
    expect(s.timeToExhaustionMs).toBe(0);
    expect(s.budgetRemaining!).toBeLessThan(0);
    if (source === "recorded") return; // compared with the raw path at the rules' own times below
    close(s.sli, want.sli, "sli");
    close(s.budgetRemaining, want.budgetRemaining, "remaining (negative: overspent)");
    for (const w of BURN_WINDOWS) close(s.burnRates[w], want.burnRates[w]!, `burn ${w}`);
  });
});

describe("SLO paths", () => {
  it("reads a workload without recordings raw, alone, and the rest of its group recorded", async () => {
    // "fresh" shares steady's SLOs and convention (one group) but has no series, so no
    // recordings: only its own series are read raw.
    const text = readFileSync("tests/fixtures/slo-catalog.yaml", "utf8");
    const withFresh = parseCatalog(
      text.replace(
        "  - name: bursty",
        `  - name: fresh
    team: core
    convention: prometheus-client
    slos:
      - { indicator: availability, objective: 99.9 }
      - { indicator: latency, threshold: 200ms, objective: 95 }
  - name: bursty`,
      ),
      "slo-catalog.yaml",
    );
    const asked: string[] = [];
    const spy: PrometheusClient = {
      ...prom,
      instant: (tag, query, at) => (asked.push(query), prom.instant(tag, query, at)),
    };
    const all = await fetchSloStatuses(spy, withFresh, new Date(env.endMs));
    const sources = (w: string) => all.find((x) => x.workload === w)!.slos.map((s) => s.source);
    expect(sources("steady")).toEqual(["recorded", "recorded"]);
    expect(sources("bursty")).toEqual(["recorded"]);
    expect(sources("fresh")).toEqual(["raw", "raw"]);
    expect(all.find((x) => x.workload === "fresh")!.slos.map((s) => s.sli)).toEqual([null, null]);
    const raw = asked.filter((q) => !q.includes("sightline:"));
    expect(raw.length).toBeGreaterThan(0);
    for (const q of raw) {
      expect(q).toContain('service="fresh"');
      expect(q).not.toMatch(/steady|bursty/);
    }
    close(find(all, "steady", "availability").sli, SLO_EXPECTED.steady.availability.sli, "sli");
  });

  it("picks the recorded path when the recordings exist, with the raw path's numbers", async () => {
    const at = new Date(env.endMs);
    const tags: string[] = [];
    const counting = observeQueries(prom, (tag) => tags.push(tag));
    const auto = await fetchSloStatuses(counting, catalog, at);
    // Every SLO of every workload from two reads of the recordings, nothing else.
    expect(tags.sort()).toEqual(["slo:recorded:events", "slo:recorded:ratios"]);
    // Recorded values are as of the rule group's last evaluation (groups run at offsets of
    // their own): compare each with the raw path evaluated at that same moment.
    const stamp = async (q: string) => {
      const [r] = await prom.instant("stamp", `timestamp(${q})`, at);
      return new Date(r!.value * 1000);
    };
    for (const w of auto) {
      for (const s of w.slos) {
        expect(s.source).toBe("recorded");
        const sel = `{service="${w.workload}",slo="${s.name}"}`;
        const windowAt = await stamp(`sightline:slo_events_total:increase30d${sel}`);
        const burnAt = await stamp(`sightline:slo_error_ratio:rate5m${sel}`);
        // Up to one interval old (5 min, 30 s); promtool's backfill ends its last interval
        // at the group's own offset, a fraction of a second either side of the boundary.
        expect(env.endMs - windowAt.getTime()).toBeLessThanOrEqual(5 * 60_000 + 1_000);
        expect(env.endMs - burnAt.getTime()).toBeLessThanOrEqual(30_000 + 1_000);
        const rawWindow = find(
          await fetchSloStatuses(prom, catalog, windowAt, "raw"),
          w.workload,
          s.name,
        );
        const rawBurn = find(
          await fetchSloStatuses(prom, catalog, burnAt, "raw"),
          w.workload,
          s.name,
        );
        close(s.sli, rawWindow.sli!, `${w.workload} ${s.name} sli`);
        close(s.budgetRemaining, rawWindow.budgetRemaining!, `${w.workload} ${s.name} remaining`);
        for (const win of BURN_WINDOWS) {
          close(s.burnRates[win], rawBurn.burnRates[win]!, `${w.workload} ${s.name} burn ${win}`);
        }
      }
    }
  });

  it("issues the same number of queries for 8 and for 1,000 workloads", async () => {
    const count = async (n: number) => {
      const rows = Array.from(
        { length: n },
        (_, i) => `  - { name: w${i}, team: t, convention: prometheus-client }`,
      );
      const c = parseCatalog(
        `groupingLabel: service\nworkloads:\n${rows.join("\n")}\n`,
        "gen.yaml",
      );
      let queries = 0;
      const counting = observeQueries(prom, () => (queries += 1));
      await fetchSloStatuses(counting, c, new Date(env.endMs));
      return queries;
    };
    const small = await count(8);
    // no recordings for this catalog: the 2 recorded reads + 3 default SLOs × (2 window + 7 burn)
    expect(small).toBe(2 + 3 * 9);
    expect(await count(1000)).toBe(small);
  });
});

describe("a latency threshold between buckets", () => {
  it("is refused with the nearest boundaries present in Prometheus", async () => {
    const c = parseCatalog(
      `groupingLabel: service
workloads:
  - name: steady
    team: core
    convention: prometheus-client
    slos: [{ indicator: latency, threshold: 250ms, objective: 95 }]
`,
      "between.yaml",
    );
    const [w] = await fetchSloStatuses(prom, c, new Date(env.endMs), "raw");
    const s = w!.slos[0]!;
    expect(s.sli).toBeNull();
    expect(s.problem).toBe(
      "250 ms is not a bucket boundary of http_request_duration_seconds; nearest: 200 ms, 500 ms",
    );
  });
});

describe("a calendar-month SLO", () => {
  it("counts from the first of the month, in its figures and its burn-down", async () => {
    const c = parseCatalog(
      `groupingLabel: service
sloWindow: calendar-month
workloads:
  - { name: bursty, team: core, convention: prometheus-client, slos: [{ indicator: availability, objective: 99.9 }] }
`,
      "month.yaml",
    );
    const end = new Date(env.endMs);
    const monthStart = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1);
    const minutes = (env.endMs - monthStart) / 60_000;
    // The burst's last 120 minutes (or the part of them in this month) at 500 errors a minute.
    const e = (Math.min(120, minutes) * 500) / (minutes * 1000);
    const [w] = await fetchSloStatuses(prom, c, end);
    const s = w!.slos[0]!;
    // No recording covers a month so far: the window figures come from raw series.
    close(s.budgetRemaining, 1 - e / 0.001, "remaining");

    const [series] = await fetchSloSeries(prom, c, c.workloads[0]!, end, 6 * 3_600_000);
    const burnDown = series!.budgetRemaining;
    expect(burnDown[0]![0]).toBeGreaterThanOrEqual(monthStart);
    close(burnDown.at(-1)![1], 1 - e / 0.001, "burn-down at the end");
    // Before the burst nothing was spent: the first points stand at a full budget.
    if (minutes > 240) close(burnDown[0]![1], 1, "burn-down at the start");
  });
});
