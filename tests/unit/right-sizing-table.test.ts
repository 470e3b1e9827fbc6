import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCores,
  formatSavings,
  RightSizingTable,
} from "@/components/cost/right-sizing-table";
import type { ResourceRecommendation, RightSizing, RightSizingRow } from "@/lib/cost/rightsizing";
import type { PanelResult } from "@/lib/errors/data-source-error";

const MIB = 1024 ** 2;
const resource = (over: Partial<ResourceRecommendation> = {}): ResourceRecommendation => ({
  current: 1,
  basis: 0.45,
  computed: 0.45,
  recommended: 0.45,
  dataPoints: 4000,
  heldBack: [],
  savingsUsdPerMonth: 10,
  ...over,
});
const memory = (over: Partial<ResourceRecommendation> = {}) =>
  resource({
    current: 2048 * MIB,
    basis: 900 * MIB,
    computed: 1035 * MIB,
    recommended: 1035 * MIB,
    ...over,
  });

const row = (
  workload: string,
  savings: number | null,
  over: Partial<RightSizingRow> = {},
): RightSizingRow => ({
  key: JSON.stringify([workload, "app"]),
  workload,
  team: "shop",
  namespace: "shop",
  target: "Deployment x",
  container: "app",
  pods: 2,
  cpu: resource(),
  memory: memory(),
  savingsUsdPerMonth: savings,
  busyHoursBurn: null,
  ...over,
});

const data = (rows: RightSizingRow[]): RightSizing => ({
  settings: {
    history: "14d",
    step: "75s",
    cpuPercentile: 95,
    memoryBufferPercent: 15,
    minDataPoints: 100,
    cpuMinCores: 0.01,
    memoryMinBytes: 100 * MIB,
    allowHpa: false,
    latencyGuard: { busyHoursQuantile: 0.9, burnRate: 1 },
  },
  rows,
  missing: [{ workload: "ghost", team: "shop", reason: "no container of Deployment ghost" }],
  totalSavingsUsdPerMonth: rows.reduce((a, r) => a + (r.savingsUsdPerMonth ?? 0), 0),
});

const EVALUATED = "2026-05-04T12:05:00.000Z";
const render = (result: PanelResult<RightSizing>) =>
  renderToStaticMarkup(
    createElement(RightSizingTable, { report: { evaluatedAt: EVALUATED, result } }),
  );

describe("RightSizingTable", () => {
  it("lists rows in the report's order (largest savings first), held-back reasons in words", () => {
    const hpa = resource({
      recommended: null,
      savingsUsdPerMonth: null,
      heldBack: [{ code: "hpa", message: "An HPA scales Deployment checkout on CPU utilization." }],
    });
    const html = render({
      ok: true,
      data: data([
        row("api", 53.48),
        row("checkout", 6.12, { cpu: hpa }),
        row('a, "b"\nc', -1.2),
        row("legacy", null),
      ]),
    });
    const order = [...html.matchAll(/<tr data-workload="([^"]*)"/g)].map((m) => m[1]);
    expect(order).toEqual(["api", "checkout", "a, &quot;b&quot;\nc", "legacy"]);
    expect(html).toContain('data-reason="cpu:hpa"');
    expect(html).toContain(
      '<span class="font-semibold">CPU:</span> <span>An HPA scales Deployment checkout on CPU utilization.',
    );
    expect(html).toContain("held back");
    expect(html).toContain("$53.48");
    expect(html).toContain("&#x2212;$1.20");
    expect(html).toContain('data-testid="right-sizing-total"><span>$58.40</span></strong>');
    expect(html).toContain(
      `href="/api/v1/cost/recommendations.csv?time=${encodeURIComponent(EVALUATED)}"`,
    );
    expect(html).toContain("1 workload not sized");
    expect(html).toContain("no container of Deployment ghost");
    expect(html).toContain("KRR simple: CPU p95, memory peak + 15 %, last 14d");
  });

  it("shows the current and the recommended request as Kubernetes writes them", () => {
    const html = render({ ok: true, data: data([row("api", 1)]) });
    expect(html).toMatch(
      /data-column="cpu" data-value="0.45">1 <span>&rarr;<\/span>.*<strong>450m<\/strong>/,
    );
    expect(html).toMatch(
      /data-column="memory" data-value="1085276160">2Gi <span>&rarr;<\/span>.*<strong>1035Mi<\/strong>/,
    );
    expect(formatCores(0.0105)).toBe("11m");
    expect(formatCores(1.25)).toBe("1.25");
    expect(formatBytes(3450 * MIB)).toBe("3450Mi");
    expect(formatBytes(4 * 1024 * MIB)).toBe("4Gi");
    expect(formatBytes(3.5e9)).toBe("3.26Gi");
    expect(formatBytes(5e8)).toBe("477Mi");
    expect(formatSavings(-0.5)).toBe("−$0.50");
  });

  it("says why it is empty, stale or failed", () => {
    expect(render({ ok: true, data: data([]) })).toContain("No container of the catalog");
    const error = {
      source: "Prometheus",
      tag: "rightsizing:usage",
      message: "Prometheus (rightsizing:usage): down",
    } as const;
    const stale = render({
      ok: true,
      data: data([row("api", 1)]),
      stale: { asOf: EVALUATED, error },
    });
    expect(stale).toContain('data-testid="panel-stale"');
    expect(stale).toContain('data-workload="api"');
    const failed = render({ ok: false, error });
    expect(failed).toContain("Prometheus is unavailable");
    expect(failed).not.toContain("right-sizing-table");
  });
});
