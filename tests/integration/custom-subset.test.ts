/**
 * Custom workloads with a subset of indicators, on a real Prometheus: `jobs` has only a
 * request counter (the catalog's default SLOs: availability only), `render` only a latency
 * histogram (its own latency SLO). Their figures equal PromQL written here by hand; what
 * they lack reads as not measured, with no panel error and no catalog-check warning.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import { loadIndicatorPanel } from "@/lib/overview/panels";
import { createPrometheusClient, type PrometheusClient } from "@/lib/prometheus/client";
import { discoverCatalog, workloadCheck, type CatalogCheck } from "@/lib/prometheus/discovery";
import { fetchErrorSparklines } from "@/lib/prometheus/sparklines";
import { rateWindow } from "@/lib/prometheus/workload-queries";
import { settleSloMath } from "@/lib/slo";
import { fetchSloStatuses } from "@/lib/slo/evaluate";
import { alignRange } from "@/lib/time/step";
import { fetchWorkloadCharts } from "@/lib/workload/charts";
import { fetchWorkloadSloCharts } from "@/lib/workload/slo-charts";
import type { ChartPanel } from "@/lib/workload/types";
import { backfillStepped, seriesKey, type SteppedSeries } from "@/scripts/lib/backfill";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { directValue, expectClose } from "../support/compare";

const STEP_MS = 60_000;
const SPAN_MS = 2 * 86_400_000;
/** The last 45 minutes are worse: more failed jobs, slower renders. */
const BAD_MS = 45 * 60_000;
const endMs = Math.floor(Date.now() / STEP_MS) * STEP_MS;
const bad = (t: number) => t > endMs - BAD_MS;

const CATALOG = parseCatalog(
  `groupingLabel: workload
slos:
  - { indicator: availability, objective: 99 }
workloads:
  - { name: web, team: core, convention: prometheus-client }
  - name: jobs
    team: core
    convention: custom
    metrics: { requests: jobs_total, errors: 'outcome="failed"' }
  - name: render
    team: core
    convention: custom
    metrics: { latency: render_seconds }
    slos: [{ indicator: latency, threshold: 250ms, objective: 95 }]
`,
  "subset.yaml",
);

function series(): SteppedSeries[] {
  const s = (name: string, labels: Record<string, string>, at: (t: number) => number) => ({
    key: seriesKey(name, { job: "fixture", instance: "fixture", ...labels }),
    at,
  });
  const jobs = { workload: "jobs" };
  const render = { workload: "render" };
  const web = { workload: "web" };
  // Cumulative render counts per bound: [normal, slow].
  const bounds: [string, number, number][] = [
    ["0.1", 400, 100],
    ["0.25", 960, 700],
    ["0.5", 995, 950],
    ["1", 1000, 1000],
    ["+Inf", 1000, 1000],
  ];
  return [
    s("jobs_total", { ...jobs, outcome: "ok" }, (t) => (bad(t) ? 960 : 995)),
    s("jobs_total", { ...jobs, outcome: "failed" }, (t) => (bad(t) ? 40 : 5)),
    ...bounds.map(([le, normal, slow]) =>
      s("render_seconds_bucket", { ...render, le }, (t) => (bad(t) ? slow : normal)),
    ),
    s("render_seconds_count", render, () => 1000),
    s("render_seconds_sum", render, (t) => (bad(t) ? 260 : 150)),
    s("http_requests_total", { ...web, status: "200" }, () => 99),
    s("http_requests_total", { ...web, status: "500" }, () => 1),
    s("http_request_duration_seconds_bucket", { ...web, le: "0.2" }, () => 90),
    s("http_request_duration_seconds_bucket", { ...web, le: "+Inf" }, () => 100),
    s("http_request_duration_seconds_count", web, () => 100),
  ];
}

let dir: string;
let server: PrometheusServer;
let prom: PrometheusClient;
let report: CatalogCheck;
const time = new Date(endMs);

beforeAll(async () => {
  ensurePrometheus();
  dir = mkdtempSync(join(tmpdir(), "sightline-subset-"));
  backfillStepped({
    dataDir: join(dir, "data"),
    tmpDir: join(dir, "tmp"),
    startMs: endMs - SPAN_MS,
    endMs,
    stepMs: STEP_MS,
    series: series(),
  });
  server = await startPrometheus({ dir });
  prom = createPrometheusClient({ url: server.url, headers: {}, timeoutMs: 20_000 });
  ({ report } = await discoverCatalog(prom, CATALOG, time));
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One number from PromQL written here, independently of the app's query builders. */
const direct = (query: string, at: Date = time) => directValue(prom, query, at);

const failedRatio = (w: string) =>
  `sum(increase(jobs_total{workload="jobs",outcome="failed"}[${w}])) / sum(increase(jobs_total{workload="jobs"}[${w}]))`;
const quantile = (q: number, w: string) =>
  `histogram_quantile(${q}, sum by (le) (increase(render_seconds_bucket{workload="render"}[${w}])))`;

describe("the catalog check", () => {
  it("looks up only the metrics each custom workload names, and finds them", () => {
    expect(report.ok).toBe(true);
    for (const w of ["jobs", "render"]) {
      const c = workloadCheck(report, w)!;
      expect(c.metrics.filter((m) => !m.optional).map((m) => [m.role, m.name, m.state])).toEqual(
        w === "jobs"
          ? [["requests", "jobs_total", "found"]]
          : [["latency", "render_seconds_bucket", "found"]],
      );
      expect(c.fix, w).toEqual([]);
    }
  });
});

describe.each(["1h", "30d"] as const)("the overview's indicators over %s", (range) => {
  it("equal direct PromQL where measured, and are null (not measured) elsewhere", async () => {
    const panel = await loadIndicatorPanel(prom, CATALOG, range, time, report);
    if (!panel.ok) throw new Error(panel.error.message);
    expect(panel.warnings).toBeUndefined();
    const row = (w: string) => panel.data.rows.find((r) => r.workload === w)!;
    expectClose(1 - row("jobs").values.availability!, await direct(failedRatio(range)), "jobs");
    expectClose(row("render").values.p95, await direct(quantile(0.95, range)), "render p95");
    expectClose(row("render").values.p99, await direct(quantile(0.99, range)), "render p99");
    expect([row("jobs").values.p95, row("jobs").values.p99]).toEqual([null, null]);
    expect(row("render").values.availability).toBeNull();
    expect(row("jobs").why?.p95).toBe("no latency histogram in the catalog");
    expect(row("render").why?.availability).toBe("no request metric in the catalog");
    // The preset workload in the same query is read as before.
    expectClose(row("web").values.availability, 0.99, "web");
    // The last 45 minutes count: the two windows differ.
    if (range === "1h") expect(row("jobs").values.availability!).toBeLessThan(0.98);
  });
});

describe("the overview's 5xx trend", () => {
  it("is drawn for the workload with error matchers only", async () => {
    const lines = await fetchErrorSparklines(prom, CATALOG, time);
    expect(Object.keys(lines).sort()).toEqual(["jobs", "web"]);
    const [t, v] = lines.jobs!.at(-1)!;
    expectClose(v, await direct(failedRatio("1800s"), new Date(t)), "last jobs point");
  });
});

describe("the workload page", () => {
  const range = alignRange(endMs - 6 * 3_600_000, endMs);
  const win = rateWindow(range.stepSeconds);
  const charts = async (name: string) => {
    const w = CATALOG.workloads.find((x) => x.name === name)!;
    const { charts } = await fetchWorkloadCharts(
      prom,
      CATALOG,
      w,
      range,
      workloadCheck(report, name),
    );
    return Object.fromEntries(charts.map((c) => [c.key, c]));
  };
  const last = (c: ChartPanel, line: string) => {
    if (!c.result.ok) throw new Error(`${c.key}: ${c.result.error.message}`);
    return c.result.data.lines.find((l) => l.name === line)?.points.at(-1);
  };

  it("draws render's latency and says its request charts are not measured", async () => {
    const c = await charts("render");
    for (const chart of Object.values(c)) expect(chart.result.ok, chart.key).toBe(true);
    const [t, p95] = last(c.latency!, "p95")!;
    expectClose(p95, await direct(quantile(0.95, win), new Date(t)), "p95 at the end");
    for (const key of ["requests", "errorRatio"]) {
      const chart = c[key]!;
      expect(chart.result.ok && chart.result.data.lines.every((l) => l.points.length === 0)).toBe(
        true,
      );
      expect(chart.emptyReason, key).toBe("No request metric in the catalog.");
      expect(chart.source, key).toBe("Prometheus · not measured: no request metric in the catalog");
    }
  });

  it("draws jobs' error ratio and says its latency is not measured", async () => {
    const c = await charts("jobs");
    for (const chart of Object.values(c)) expect(chart.result.ok, chart.key).toBe(true);
    const [t, ratio] = last(c.errorRatio!, "error ratio")!;
    expectClose(ratio, await direct(failedRatio(win), new Date(t)), "error ratio");
    expect(
      c.latency!.result.ok && c.latency!.result.data.lines.every((l) => !l.points.length),
    ).toBe(true);
    expect(c.latency!.emptyReason).toBe("No latency histogram in the catalog.");
  });

  it("draws each SLO's budget and burn from the metric it reads", async () => {
    for (const name of ["jobs", "render"]) {
      const w = CATALOG.workloads.find((x) => x.name === name)!;
      const slos = await settleSloMath(() => fetchWorkloadSloCharts(prom, CATALOG, w, range));
      if (!slos.ok) throw new Error(slos.error.message);
      expect(slos.data.map((s) => s.slo)).toEqual([
        name === "jobs" ? "availability" : "latency-250ms",
      ]);
      expect(slos.data[0]!.budgetRemaining.length, name).toBeGreaterThan(0);
    }
  });
});

describe("the SLOs (/api/v1/slos, the on-call view)", () => {
  it("read each workload's SLO from the metric it names, equal to direct PromQL", async () => {
    const result = await settleSloMath(() => fetchSloStatuses(prom, CATALOG, time, "raw"));
    if (!result.ok) throw new Error(result.error.message);
    const slos = (w: string) => result.data.find((x) => x.workload === w)!.slos;
    expect(slos("jobs").map((s) => s.name)).toEqual(["availability"]);
    expect(slos("render").map((s) => s.name)).toEqual(["latency-250ms"]);
    const jobs = slos("jobs")[0]!;
    const render = slos("render")[0]!;
    expect([jobs.problem, render.problem]).toEqual([undefined, undefined]);
    expectClose(1 - jobs.sli!, await direct(failedRatio("30d")), "jobs availability SLI");
    const slow = `1 - sum(increase(render_seconds_bucket{workload="render",le="0.25"}[30d])) / sum(increase(render_seconds_count{workload="render"}[30d]))`;
    expectClose(1 - render.sli!, await direct(slow), "render latency SLI");
    expect(render.burnRates["1h"]).toBeGreaterThan(1); // the slow last 45 minutes
  });
});
