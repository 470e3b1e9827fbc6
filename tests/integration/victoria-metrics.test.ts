/**
 * The known-answer suite against Debian's VictoriaMetrics: the same data sets as the
 * Prometheus tests, loaded through VictoriaMetrics' import API, and the same hand-worked
 * answers. Where the two engines may differ (rate/increase at window edges), the bound of
 * docs/victoria-metrics.md is checked against a real Prometheus holding the same data.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import { createPrometheusClient, observeQueries } from "@/lib/prometheus/client";
import type { PrometheusClient } from "@/lib/prometheus/client";
import { INDICATORS } from "@/lib/prometheus/indicators";
import { discoverCatalog } from "@/lib/prometheus/discovery";
import { loadIndicatorPanel } from "@/lib/overview/panels";
import { BURN_WINDOWS } from "@/lib/slo/alert-tiers";
import { fetchSloStatuses } from "@/lib/slo/evaluate";
import { fetchSloSeries } from "@/lib/slo/history";
import type { WorkloadSlos } from "@/lib/slo/status";
import { replayRecordingRules } from "@/scripts/lib/victoria-metrics-server";
import { writeRulesFile } from "@/scripts/lib/rules-file";
import { EXPECTED, STEP_MS, knownDataSet } from "../support/known-data";
import { startKnownPrometheus, type KnownPrometheus } from "../support/prometheus";
import { SLO_EXPECTED, sloDataSet } from "../support/slo-data";
import {
  startLoadedVictoriaMetrics,
  type LoadedVictoriaMetrics,
} from "../support/victoria-metrics";
import { expectClose } from "../support/compare";

const DAY_MS = 86_400_000;
/** Float rounding only: on the known data both engines read the same intervals. */
const EXACT = 1e-9;

let known: LoadedVictoriaMetrics;
let slo: LoadedVictoriaMetrics;
let prom: KnownPrometheus;
let vm: PrometheusClient;
let vmSlo: PrometheusClient;
let catalog: Catalog;
let sloCatalog: Catalog;

beforeAll(async () => {
  catalog = parseCatalog(readFileSync("tests/fixtures/catalog.yaml", "utf8"), "catalog.yaml");
  sloCatalog = parseCatalog(
    readFileSync("tests/fixtures/slo-catalog.yaml", "utf8"),
    "slo-catalog.yaml",
  );
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  known = await startLoadedVictoriaMetrics(minute, knownDataSet);
  // On a 5-minute boundary: the slowest rule group's evaluations fall on the end.
  slo = await startLoadedVictoriaMetrics(Math.floor(minute / 300_000) * 300_000, sloDataSet);
  vm = createPrometheusClient({ url: known.url, headers: {}, timeoutMs: 20_000 });
  vmSlo = createPrometheusClient({ url: slo.url, headers: {}, timeoutMs: 20_000 });
});
afterAll(async () => {
  await known?.cleanup();
  await slo?.cleanup();
  await prom?.cleanup();
});

const close = (actual: number | null | undefined, expected: number, rel: number, what: string) =>
  expectClose(actual, expected, what, { relative: rel, floor: 1e-6 });

describe.each(["1h", "30d"] as const)("overview indicators over %s on VictoriaMetrics", (range) => {
  it("equal the hand-worked answers", async () => {
    const panel = await loadIndicatorPanel(vm, catalog, range, new Date(known.endMs));
    if (!panel.ok) throw new Error(panel.error.message);
    expect(panel.data.rows.map((r) => r.workload)).toEqual(["alpha", "beta", "gamma", "delta"]);
    let compared = 0;
    for (const row of panel.data.rows) {
      const expected = EXPECTED[range][row.workload as keyof (typeof EXPECTED)["1h"]];
      for (const ind of INDICATORS) {
        const got = row.values[ind];
        const want = expected[ind];
        const what = `${row.workload} ${ind} ${range}`;
        if (want === null) {
          expect(got, what).toBeNull();
          continue;
        }
        // Error ratios are compared for availability: the part that carries the information.
        const cmp = (v: number) => (ind === "availability" ? 1 - v : v);
        close(cmp(got!), cmp(want), EXACT, what);
        compared++;
      }
    }
    expect(compared).toBe(12);
  });
});

describe("the catalog check on VictoriaMetrics", () => {
  it("finds the names each workload's series carry through the label index", async () => {
    const { report } = await discoverCatalog(vm, catalog, new Date(known.endMs));
    expect(report.ok).toBe(true);
    const states = (w: string) =>
      Object.fromEntries(
        report.workloads.find((x) => x.workload === w)!.metrics.map((m) => [m.role, m.state]),
      );
    expect(Object.values(states("alpha")).every((s) => s === "found")).toBe(true);
    expect(states("beta").latency).toBe("found");
    expect(states("beta").cache).toBe("missing");
    expect(Object.values(states("delta")).every((s) => s === "missing")).toBe(true);
  });

  it("tells no traffic in the window from no series matched", async () => {
    const time = new Date(known.endMs + 2 * 3_600_000);
    const { catalog: resolved, report } = await discoverCatalog(vm, catalog, time);
    // VictoriaMetrics' label index answers by day: series that stopped two hours ago are
    // still "found" in the last hour's lookup, where Prometheus says "stale"
    // (docs/victoria-metrics.md, "The label index"). The figures themselves are right.
    const alpha = report.workloads.find((w) => w.workload === "alpha")!;
    expect(alpha.metrics.map((m) => m.state)).toEqual(Array(5).fill("found"));
    const panel = await loadIndicatorPanel(vm, resolved, "1h", time, report);
    if (!panel.ok) throw new Error(panel.error.message);
    const row = (w: string) => panel.data.rows.find((r) => r.workload === w)!;
    expect(row("alpha").values.availability).toBeNull();
    expect(row("alpha").why?.availability).toBe("no traffic in this window");
    expect(row("delta").why?.availability).toBe("no series matched http_requests_total");
  });
});

describe("where VictoriaMetrics and Prometheus differ: a window edge inside a change", () => {
  beforeAll(async () => {
    // The same data set, ending at the same minute as VictoriaMetrics'.
    prom = await startKnownPrometheus(known.endMs);
  });

  it("stays within one scrape interval's share of the window (docs/victoria-metrics.md)", async () => {
    // beta's burst (10 % 503s) starts 10 days before the end. A 1-hour window that opens
    // half a step before it: VictoriaMetrics counts the step before the burst (previous
    // sample) and does not extrapolate; Prometheus extrapolates the 11 burst steps it sees.
    const burstStart = known.endMs - 10 * DAY_MS;
    const at = new Date(burstStart + 60 * 60_000 - STEP_MS / 2);
    const promClient = createPrometheusClient({ url: prom.url, headers: {}, timeoutMs: 20_000 });
    const errorRatio = async (c: PrometheusClient) => {
      const panel = await loadIndicatorPanel(c, catalog, "1h", at);
      if (!panel.ok) throw new Error(panel.error.message);
      return 1 - panel.data.rows.find((r) => r.workload === "beta")!.values.availability!;
    };
    const onVm = await errorRatio(vm);
    const onProm = await errorRatio(promClient);
    // VictoriaMetrics, by hand: 12 steps from the previous sample, 11 of them in the burst.
    close(onVm, (11 * 100) / (12 * 1000), EXACT, "VictoriaMetrics");
    // Prometheus, by hand: 11 burst steps seen; the 200s extrapolated to both edges
    // (9900 × 60/55), the 503s, at zero on the first sample, only to the end (1100 × 57.5/55).
    close(onProm, 1150 / (10800 + 1150), EXACT, "Prometheus");
    // The bound: s / w × the spread of the per-step error ratio (0 to 0.1).
    const bound = (STEP_MS / 3_600_000) * 0.1;
    expect(Math.abs(onVm - onProm)).toBeGreaterThan(0);
    expect(Math.abs(onVm - onProm)).toBeLessThanOrEqual(bound);
  });
});

function find(all: WorkloadSlos[], workload: string, name: string) {
  return all.find((w) => w.workload === workload)!.slos.find((s) => s.name === name)!;
}

describe("SLO figures on VictoriaMetrics", () => {
  let all: WorkloadSlos[];
  let tags: string[];
  beforeAll(async () => {
    tags = [];
    const counting = observeQueries(vmSlo, (tag) => tags.push(tag));
    all = await fetchSloStatuses(counting, sloCatalog, new Date(slo.endMs));
  });

  it("are computed from raw series: no recording rules run there", () => {
    expect(tags).toContain("slo:recorded:ratios");
    for (const w of all) for (const s of w.slos) expect(s.source).toBe("raw");
  });

  it("spend exactly the budget at 0.1 % errors against 99.9 % for 30 days", () => {
    const s = find(all, "steady", "availability");
    close(s.sli, SLO_EXPECTED.steady.availability.sli, EXACT, "sli");
    expect(Math.abs(s.budgetRemaining!)).toBeLessThan(1e-6);
    for (const w of BURN_WINDOWS) close(s.burnRates[w], 1, EXACT, `burn ${w}`);
    close(s.events!.total, 43200 * 10000, EXACT, "events");
  });

  it("read the share of requests at or under 200 ms from the histogram", () => {
    const s = find(all, "steady", "latency-200ms");
    const want = SLO_EXPECTED.steady["latency-200ms"];
    close(s.sli, want.sli, EXACT, "sli");
    close(s.budgetRemaining, want.budgetRemaining, EXACT, "remaining");
    for (const w of BURN_WINDOWS) close(s.burnRates[w], want.burn, EXACT, `burn ${w}`);
  });

  it("fire the tiers the math says for a 2-hour burst of 50 % errors", () => {
    const s = find(all, "bursty", "availability");
    const want = SLO_EXPECTED.bursty.availability;
    expect(Object.fromEntries(s.alerts.map((a) => [a.tier, a.firing]))).toEqual(want.firing);
    close(s.sli, want.sli, EXACT, "sli");
    close(s.budgetRemaining, want.budgetRemaining, EXACT, "remaining");
    for (const w of BURN_WINDOWS) close(s.burnRates[w], want.burnRates[w]!, EXACT, `burn ${w}`);
  });

  it("draw the burn-down from range queries, ending at the status's figure", async () => {
    const w = sloCatalog.workloads.find((x) => x.name === "bursty")!;
    const [series] = await fetchSloSeries(vmSlo, sloCatalog, w, new Date(slo.endMs), 6 * 3_600_000);
    const last = series!.budgetRemaining.at(-1)!;
    expect(last[0]).toBeLessThanOrEqual(slo.endMs);
    close(last[1], SLO_EXPECTED.bursty.availability.budgetRemaining, 1e-3, "burn-down at the end");
  });
});

describe("SLO figures on VictoriaMetrics from recordings vmalert wrote", () => {
  let all: WorkloadSlos[];
  let tags: string[];
  beforeAll(async () => {
    // vmalert ships in Debian's victoria-metrics package: its replay mode backfills the
    // generated rules as promtool does for Prometheus.
    const rulesFile = join(slo.dir, "slo-rules.yml");
    writeRulesFile(sloCatalog, rulesFile);
    await replayRecordingRules({
      url: slo.url,
      rulesFile,
      startMs: slo.endMs - 15 * 60_000,
      endMs: slo.endMs,
    });
    tags = [];
    const counting = observeQueries(vmSlo, (tag) => tags.push(tag));
    all = await fetchSloStatuses(counting, sloCatalog, new Date(slo.endMs));
  });

  it("are read from the recordings alone, in two queries", () => {
    expect(tags.sort()).toEqual(["slo:recorded:events", "slo:recorded:ratios"]);
    for (const w of all) for (const s of w.slos) expect(s.source).toBe("recorded");
  });

  it("equal the hand-worked answers", () => {
    const steady = find(all, "steady", "availability");
    close(steady.sli, SLO_EXPECTED.steady.availability.sli, EXACT, "steady sli");
    for (const w of BURN_WINDOWS) close(steady.burnRates[w], 1, EXACT, `steady burn ${w}`);
    const latency = find(all, "steady", "latency-200ms");
    close(latency.sli, SLO_EXPECTED.steady["latency-200ms"].sli, EXACT, "latency sli");
    const bursty = find(all, "bursty", "availability");
    const want = SLO_EXPECTED.bursty.availability;
    close(bursty.sli, want.sli, EXACT, "bursty sli");
    close(bursty.budgetRemaining, want.budgetRemaining, EXACT, "bursty remaining");
    for (const w of BURN_WINDOWS) {
      close(bursty.burnRates[w], want.burnRates[w]!, EXACT, `bursty burn ${w}`);
    }
    expect(Object.fromEntries(bursty.alerts.map((a) => [a.tier, a.firing]))).toEqual(want.firing);
  });
});
