/**
 * Failures counted by a counter of their own (`metrics.failures`), on a real Prometheus,
 * as Prometheus counts rule evaluations, the kubelet runtime operations and Prometheus its
 * notifications. Availability, the SLOs on the raw and the recorded path (rules generated
 * from the catalog, checked by promtool and backfilled) and the workload page's error ratio
 * equal PromQL written here by hand: failed events from the failures counter, all events
 * from the request counter, and no preset's `status=~"5.."` on the failures counter.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseCatalog } from "@/lib/catalog/load";
import { loadIndicatorPanel } from "@/lib/overview/panels";
import { createPrometheusClient, type PrometheusClient } from "@/lib/prometheus/client";
import { discoverCatalog, workloadCheck, type CatalogCheck } from "@/lib/prometheus/discovery";
import { fetchErrorSparklines } from "@/lib/prometheus/sparklines";
import { rateWindow } from "@/lib/prometheus/workload-queries";
import { BURN_WINDOWS } from "@/lib/slo/alert-tiers";
import { fetchSloStatuses } from "@/lib/slo/evaluate";
import type { SloSource } from "@/lib/slo/status";
import { alignRange } from "@/lib/time/step";
import { fetchWorkloadCharts } from "@/lib/workload/charts";
import type { ChartPanel } from "@/lib/workload/types";
import { seriesKey, type SteppedData, type SteppedSeries } from "@/scripts/lib/backfill";
import { startSloPrometheus, type SloPrometheus } from "../support/slo-prometheus";
import { directValue, expectClose } from "../support/compare";

const MIN = 60_000;
/** The last 45 minutes fail more. */
const BAD_MS = 45 * MIN;
/** An availability objective of 99 %: a budget of 1 % of the events. */
const BUDGET = 0.01;

const CATALOG = parseCatalog(
  `groupingLabel: workload
slos:
  - { indicator: availability, objective: 99 }
workloads:
  - name: rules
    team: core
    convention: custom
    metrics:
      requests: prometheus_rule_evaluations_total
      failures: prometheus_rule_evaluation_failures_total
  - name: kubelet
    team: core
    convention: prometheus-client
    metrics:
      requests: kubelet_runtime_operations_total
      failures: kubelet_runtime_operations_errors_total
  - name: notify
    team: core
    convention: prometheus-client
    metrics:
      requests: prometheus_notifications_sent_total
      failures: prometheus_notifications_errors_total
      errors: 'alertmanager!~"test-.*"'
  - { name: web, team: core, convention: prometheus-client }
`,
  "failures.yaml",
);

function data(endMs: number): SteppedData {
  const bad = (t: number) => t > endMs - BAD_MS;
  const s = (name: string, labels: Record<string, string>, at: (t: number) => number) => ({
    key: seriesKey(name, { job: "fixture", instance: "fixture", ...labels }),
    at,
  });
  const rules = { workload: "rules" };
  const kubelet = { workload: "kubelet" };
  const notify = { workload: "notify" };
  const web = { workload: "web" };
  const series: SteppedSeries[] = [
    s("prometheus_rule_evaluations_total", { ...rules, rule_group: "a" }, () => 600),
    s("prometheus_rule_evaluations_total", { ...rules, rule_group: "b" }, () => 400),
    s("prometheus_rule_evaluation_failures_total", { ...rules, rule_group: "a" }, (t) =>
      bad(t) ? 30 : 3,
    ),
    s("prometheus_rule_evaluation_failures_total", { ...rules, rule_group: "b" }, () => 0),
    s("kubelet_runtime_operations_total", { ...kubelet, operation_type: "create" }, () => 100),
    s("kubelet_runtime_operations_total", { ...kubelet, operation_type: "list" }, () => 900),
    s("kubelet_runtime_operations_errors_total", { ...kubelet, operation_type: "create" }, (t) =>
      bad(t) ? 20 : 1,
    ),
    s("prometheus_notifications_sent_total", { ...notify, alertmanager: "am-1" }, () => 200),
    s("prometheus_notifications_sent_total", { ...notify, alertmanager: "test-am" }, () => 50),
    s("prometheus_notifications_errors_total", { ...notify, alertmanager: "am-1" }, (t) =>
      bad(t) ? 10 : 1,
    ),
    // Left out by the workload's error matchers.
    s("prometheus_notifications_errors_total", { ...notify, alertmanager: "test-am" }, () => 25),
    s("http_requests_total", { ...web, status: "200" }, () => 99),
    s("http_requests_total", { ...web, status: "500" }, () => 1),
  ];
  return { startMs: endMs - 3 * 1440 * MIN, endMs, stepMs: MIN, series };
}

/** Each workload's failed and all events, as PromQL written here. */
const FAILED: Record<string, string> = {
  rules: 'prometheus_rule_evaluation_failures_total{workload="rules"}',
  kubelet: 'kubelet_runtime_operations_errors_total{workload="kubelet"}',
  notify: 'prometheus_notifications_errors_total{workload="notify",alertmanager!~"test-.*"}',
  web: 'http_requests_total{workload="web",status=~"5.."}',
};
const ALL: Record<string, string> = {
  rules: 'prometheus_rule_evaluations_total{workload="rules"}',
  kubelet: 'kubelet_runtime_operations_total{workload="kubelet"}',
  notify: 'prometheus_notifications_sent_total{workload="notify"}',
  web: 'http_requests_total{workload="web"}',
};
const WORKLOADS = ["rules", "kubelet", "notify"] as const;
const failedRatio = (w: string, win: string) =>
  `sum(increase(${FAILED[w]}[${win}])) / sum(increase(${ALL[w]}[${win}]))`;

let env: SloPrometheus;
let prom: PrometheusClient;
let report: CatalogCheck;
let time: Date;

beforeAll(async () => {
  env = await startSloPrometheus(CATALOG, data);
  prom = createPrometheusClient({ url: env.server.url, headers: {}, timeoutMs: 20_000 });
  time = new Date(env.endMs);
  ({ report } = await discoverCatalog(prom, CATALOG, time));
});
afterAll(() => env?.cleanup());

/** One number from PromQL written here, independently of the app's query builders. */
const direct = (query: string, at: Date = time) => directValue(prom, query, at);

describe("the generated rules and the catalog check", () => {
  it("read bad events from the failures counter (promtool checked the rules)", () => {
    const file = parseYaml(readFileSync(env.rulesFile, "utf8")) as {
      groups: { rules: { expr: string }[] }[];
    };
    const exprs = file.groups.flatMap((g) => g.rules.map((r) => r.expr)).join("\n");
    expect(exprs).toContain('increase(kubelet_runtime_operations_errors_total{workload="kubelet"}');
    expect(exprs).toContain(
      'increase(prometheus_notifications_errors_total{workload="notify",alertmanager!~"test-.*"}',
    );
    expect(exprs).not.toMatch(/_(errors|failures)_total\{[^}]*5\.\./);
  });

  it("finds each workload's failures counter", () => {
    const metrics = (w: string) =>
      workloadCheck(report, w)!
        .metrics.filter((m) => m.role === "requests" || m.role === "failures")
        .map((m) => [m.role, m.name, m.state]);
    expect(metrics("rules")).toEqual([
      ["requests", "prometheus_rule_evaluations_total", "found"],
      ["failures", "prometheus_rule_evaluation_failures_total", "found"],
    ]);
    expect(metrics("kubelet")).toEqual([
      ["requests", "kubelet_runtime_operations_total", "found"],
      ["failures", "kubelet_runtime_operations_errors_total", "found"],
    ]);
    expect(metrics("web")).toEqual([["requests", "http_requests_total", "found"]]);
  });
});

describe.each(["1h", "30d"] as const)("the overview's availability over %s", (range) => {
  it("equals 1 − failures / requests from direct PromQL", async () => {
    const panel = await loadIndicatorPanel(prom, CATALOG, range, time, report);
    if (!panel.ok) throw new Error(panel.error.message);
    expect(panel.warnings).toBeUndefined();
    const row = (w: string) => panel.data.rows.find((r) => r.workload === w)!;
    for (const w of [...WORKLOADS, "web"]) {
      expectClose(1 - row(w).values.availability!, await direct(failedRatio(w, range)), w);
    }
    // The bad last 45 minutes weigh on the hour: the two windows differ.
    if (range === "1h") expect(row("rules").values.availability!).toBeLessThan(0.98);
    else expect(row("rules").values.availability!).toBeGreaterThan(0.99);
  });
});

describe("the overview's 5xx trend", () => {
  it("reads the failures counter", async () => {
    const lines = await fetchErrorSparklines(prom, CATALOG, time);
    for (const w of WORKLOADS) {
      const [t, v] = lines[w]!.at(-1)!;
      expectClose(v, await direct(failedRatio(w, "1800s"), new Date(t)), `last ${w} point`);
    }
  });
});

describe.each(["raw", "recorded"] as const)("the availability SLO on the %s path", (source) => {
  /** When the recording a figure is read from was evaluated; `time` on the raw path. */
  const at = async (record: string, w: string, path: SloSource) => {
    if (path === "raw") return time;
    const q = `timestamp(${record}{workload="${w}",slo="availability"})`;
    return new Date((await direct(q)) * 1000);
  };

  it("has the SLI, budget and burn rates of direct PromQL", async () => {
    const all = await fetchSloStatuses(prom, CATALOG, time, source);
    for (const w of WORKLOADS) {
      const s = all.find((x) => x.workload === w)!.slos[0]!;
      expect([s.name, s.source, s.problem]).toEqual(["availability", source, undefined]);
      const windowAt = await at("sightline:slo_events_total:increase30d", w, source);
      const err = await direct(failedRatio(w, "30d"), windowAt);
      expectClose(1 - s.sli!, err, `${w} SLI`);
      expectClose(s.budgetRemaining, 1 - err / BUDGET, `${w} budget remaining`);
      const burnAt = await at("sightline:slo_error_ratio:rate5m", w, source);
      for (const win of BURN_WINDOWS) {
        const burn = (await direct(failedRatio(w, win), burnAt)) / BUDGET;
        expectClose(s.burnRates[win], burn, `${w} burn ${win}`);
      }
      expect(s.burnRates["1h"]!, w).toBeGreaterThan(1); // the bad last 45 minutes
    }
  });
});

describe("the workload page", () => {
  const charts = async (name: string) => {
    const range = alignRange(env.endMs - 6 * 3_600_000, env.endMs);
    const w = CATALOG.workloads.find((x) => x.name === name)!;
    const out = await fetchWorkloadCharts(prom, CATALOG, w, range, workloadCheck(report, name));
    const chart = (key: string) => out.charts.find((c) => c.key === key)!;
    return { win: rateWindow(range.stepSeconds), chart };
  };
  const last = (c: ChartPanel, line: string) => {
    if (!c.result.ok) throw new Error(`${c.key}: ${c.result.error.message}`);
    return c.result.data.lines.find((l) => l.name === line)?.points.at(-1);
  };

  it.each(WORKLOADS)("draws %s's error ratio from the failures counter", async (name) => {
    const c = await charts(name);
    const [t, ratio] = last(c.chart("errorRatio"), "error ratio")!;
    const rate = (sel: string) => `sum(rate(${sel}[${c.win}]))`;
    expectClose(
      ratio,
      await direct(`${rate(FAILED[name]!)} / ${rate(ALL[name]!)}`, new Date(t)),
      "error ratio",
    );
    expect(ratio).toBeGreaterThan(0.009); // the bad last 45 minutes
  });

  it("draws all and failed requests where there is no status to split by, and says so", async () => {
    const c = await charts("notify");
    const requests = c.chart("requests");
    expect(requests.source).toBe(
      'Prometheus · rate(prometheus_notifications_sent_total) and rate(prometheus_notifications_errors_total{alertmanager!~"test-.*"}): failures are counted apart, with no status class to split by',
    );
    expect(c.chart("errorRatio").source).toBe(
      'Prometheus · prometheus_notifications_errors_total{alertmanager!~"test-.*"} / prometheus_notifications_sent_total',
    );
    if (!requests.result.ok) throw new Error(requests.result.error.message);
    expect(requests.result.data.lines.map((l) => l.name)).toEqual(["all", "failed"]);
    const rate = (sel: string) => `sum(rate(${sel}[${c.win}]))`;
    for (const [line, sel] of [
      ["all", ALL.notify!],
      ["failed", FAILED.notify!],
    ] as const) {
      const [t, v] = last(requests, line)!;
      expectClose(v, await direct(rate(sel), new Date(t)), `${line} requests`);
    }
    // A workload without a failures counter keeps its status classes.
    const web = (await charts("web")).chart("requests");
    expect(web.result.ok && web.result.data.lines.map((l) => l.name)).toEqual([
      "2xx",
      "4xx",
      "5xx",
    ]);
  });
});
