/**
 * A custom workload names only the metrics its SLOs read: availability-only (a request
 * counter) and latency-only (a histogram) workloads. Nothing is queried for what they lack,
 * and what they lack reads as not measured.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import type { PrometheusClient } from "@/lib/prometheus/client";
import { discoverCatalog, whyNoFigure } from "@/lib/prometheus/discovery";
import {
  fetchIndicators,
  groupWorkloads,
  INDICATOR_LABEL,
  indicatorQueries,
  indicatorsQuery,
} from "@/lib/prometheus/indicators";
import { badEvents, eventQueries, groupSlos } from "@/lib/prometheus/slo-queries";
import { fetchErrorSparklines } from "@/lib/prometheus/sparklines";
import { workloadQueries } from "@/lib/prometheus/workload-queries";
import { generateRules } from "@/lib/slo/rules";
import { recordingClient } from "../support/compare";

const CATALOG = parseCatalog(
  `workloads:
  - { name: web, team: t, convention: prometheus-client }
  - name: jobs
    team: t
    convention: custom
    metrics: { requests: jobs_total, errors: 'outcome="failed"' }
    slos: [{ indicator: availability, objective: 99 }]
  - name: jobs-eu
    team: t
    convention: custom
    metrics: { requests: jobs_total, errors: 'outcome="failed"' }
    slos: [{ indicator: availability, objective: 99.5 }]
  - name: render
    team: t
    convention: custom
    metrics: { latency: render_seconds }
    slos: [{ indicator: latency, threshold: 250ms, objective: 95 }]
  - name: cache
    team: t
    convention: custom
    slos: [{ indicator: cache-hit-rate, objective: 90 }]
`,
  "c.yaml",
);
const by = (name: string) => CATALOG.workloads.find((w) => w.name === name)!;

/**
 * Every selector in `q` names its metric: no `{…}` without a name and no `_bucket` or
 * `_count` standing for one (what an empty name would become).
 */
function expectNamedSelectors(q: string) {
  for (const m of q.matchAll(/([a-zA-Z0-9_:]*)\{(__name__="([^"]*)")?/g)) {
    const name = m[2] ? m[3]! : m[1]!;
    expect(name, `a selector without a metric name in ${q.slice(0, 300)}`).toMatch(
      /^[a-zA-Z:][\w:.]*$/,
    );
  }
}

describe("a custom workload with a subset of indicators", () => {
  it("shares one query group per convention, and has no query for what it lacks", () => {
    const groups = groupWorkloads(CATALOG);
    expect(groups.map((g) => g.workloads.map((w) => w.name))).toEqual([
      ["web"],
      ["jobs", "jobs-eu"],
      ["render"],
      ["cache"],
    ]);
    const keys = groups.map((g) => Object.keys(indicatorQueries("workload", g, "1h")).sort());
    expect(keys).toEqual([
      ["availability", "cacheHitRate", "p95", "p99", "poolUtilization"],
      ["availability", "cacheHitRate", "poolUtilization"],
      ["cacheHitRate", "p95", "p99", "poolUtilization"],
      ["cacheHitRate", "poolUtilization"],
    ]);
    const q = indicatorsQuery("workload", groups, "1h");
    expectNamedSelectors(q);
    expect(q.split(`"${INDICATOR_LABEL}"`)).toHaveLength(5 + 3 + 4 + 2 + 1);
    expect(q).toContain('jobs_total{workload=~"jobs|jobs-eu",outcome="failed"}');
    expect(q).toContain('render_seconds_bucket{workload="render"}');
  });

  it("reads the indicators in one query and the lacking ones as null", async () => {
    const { client, instant: queries } = recordingClient();
    const out = await fetchIndicators(client, CATALOG, "1h", new Date());
    expect(queries).toHaveLength(1);
    expect(out.get("render")!.availability).toBeNull();
    expect(out.get("jobs")!.p95).toBeNull();
  });

  it("draws the 5xx trend only of workloads with error matchers, and asks nothing without any", async () => {
    const { range: ranges, client } = recordingClient();
    await fetchErrorSparklines(client, CATALOG, new Date());
    expect(ranges).toHaveLength(1);
    expectNamedSelectors(ranges[0]!);
    expect(ranges[0]).not.toMatch(/render|cache/);
    const latencyOnly = { ...CATALOG, workloads: [by("render"), by("cache")] };
    expect(await fetchErrorSparklines(client, latencyOnly, new Date())).toEqual({});
    expect(ranges).toHaveLength(1);
  });

  it("gives the workload page no request or latency query it cannot name", () => {
    const render = workloadQueries("workload", by("render"), 60);
    expect([render.requestsByStatus, render.errorRatio]).toEqual([null, null]);
    expect(render.p95).toContain('render_seconds_bucket{workload="render"}');
    const jobs = workloadQueries("workload", by("jobs"), 60);
    expect([jobs.p50, jobs.p95, jobs.p99]).toEqual([null, null, null]);
    expect(jobs.errorRatio).toContain('jobs_total{workload="jobs",outcome="failed"}');
    const cache = workloadQueries("workload", by("cache"), 60);
    expect([cache.requestsByStatus, cache.errorRatio, cache.p50]).toEqual([null, null, null]);
    for (const w of CATALOG.workloads) {
      for (const q of Object.values(workloadQueries("workload", w, 60))) {
        if (q !== null) expectNamedSelectors(q);
      }
    }
  });

  it("builds every SLO query and rule with named metrics", () => {
    for (const g of groupSlos(CATALOG)) {
      const q = eventQueries("workload", g, "30d");
      expectNamedSelectors(badEvents(q));
      expectNamedSelectors(q.total);
    }
    for (const group of generateRules(CATALOG).groups) {
      for (const rule of group.rules) expectNamedSelectors(rule.expr);
    }
    // A catalog built by hand that skips the schema is refused, not read with a bad name.
    const g = groupSlos({ ...CATALOG, workloads: [{ ...by("render"), slos: by("jobs").slos }] });
    expect(() => eventQueries("workload", g[0]!, "30d")).toThrow(
      "the availability SLO reads metrics.requests, which is not set",
    );
  });

  it("says a lacking indicator is not measured, whatever the check found", () => {
    expect(whyNoFigure(by("render"), undefined, "availability")).toBe(
      "no request metric in the catalog",
    );
    expect(whyNoFigure(by("render"), undefined, "requests")).toBe(
      "no request metric in the catalog",
    );
    expect(whyNoFigure(by("jobs"), undefined, "p95", { inRow: true })).toBe(
      "no latency histogram in the catalog",
    );
    expect(whyNoFigure(by("jobs"), undefined, "latency")).toBe(
      "no latency histogram in the catalog",
    );
    expect(whyNoFigure(by("jobs"), undefined, "availability")).toBeUndefined();
    // A request counter without error matchers: a request rate, but no availability.
    const counted = parseCatalog(
      `workloads:
  - name: render
    team: t
    convention: custom
    metrics: { requests: renders_total, latency: render_seconds }
    slos: [{ indicator: latency, threshold: 250ms, objective: 95 }]
`,
      "c.yaml",
    ).workloads[0]!;
    expect(whyNoFigure(counted, undefined, "availability")).toBe(
      "no error matchers or failures counter in the catalog",
    );
    expect(whyNoFigure(counted, undefined, "requests")).toBeUndefined();
    const q = workloadQueries("workload", counted, 60);
    expect(q.requestsByStatus).toContain('renders_total{workload="render"}');
    expect(q.errorRatio).toBeNull();
    expect(whyNoFigure(by("web"), undefined, "p95")).toBeUndefined();
  });

  it("looks up and reports only the metrics the catalog names", async () => {
    const lookedUp: string[] = [];
    const client: PrometheusClient = {
      instant: async () => [],
      range: async () => [],
      alerts: async () => [],
      labelValues: async (_tag, label, match) => {
        // A lookup of the names a workload's series carry selects by its labels alone.
        if (label === "__name__") return ["jobs_total", "render_seconds_bucket"];
        lookedUp.push(...match);
        return match.some((m) => /^(jobs_total|render_seconds_bucket)\{/.test(m))
          ? ["jobs", "jobs-eu", "render"]
          : [];
      },
    };
    const { report } = await discoverCatalog(client, CATALOG, new Date());
    expect(lookedUp.length).toBeGreaterThan(0);
    for (const m of lookedUp) expectNamedSelectors(m);
    const roles = (w: string) =>
      report.workloads.find((c) => c.workload === w)!.metrics.map((m) => `${m.role}:${m.state}`);
    expect(roles("render")).toEqual([
      "latency:found",
      "cache:missing",
      "poolInUse:missing",
      "poolMax:missing",
    ]);
    expect(roles("jobs")).toEqual([
      "requests:found",
      "cache:missing",
      "poolInUse:missing",
      "poolMax:missing",
    ]);
    // Nothing it needs is missing: no fix to suggest, no warning to show.
    for (const w of ["render", "jobs", "cache"]) {
      expect(report.workloads.find((c) => c.workload === w)!.fix).toEqual([]);
    }
  });
});
