/**
 * Failures counted by a counter of their own (`metrics.failures`), as Prometheus counts
 * rule evaluations and their failures: bad events are increase(failures{…}), total events
 * increase(requests{…}), and a preset's `status=~"5.."` never reaches the failures counter.
 */
import { describe, expect, it } from "vitest";
import {
  candidateConventions,
  failedSelector,
  measures,
  resolveConvention,
  whyNotMeasured,
} from "@/lib/catalog/conventions";
import { CatalogError, parseCatalog } from "@/lib/catalog/load";
import type { PrometheusClient } from "@/lib/prometheus/client";
import { discoverCatalog } from "@/lib/prometheus/discovery";
import { groupWorkloads, indicatorQueries } from "@/lib/prometheus/indicators";
import { eventQueries, groupSlos, type SloGroup } from "@/lib/prometheus/slo-queries";
import { fetchErrorSparklines } from "@/lib/prometheus/sparklines";
import { REQUEST_LINE_LABEL, workloadQueries } from "@/lib/prometheus/workload-queries";
import { generateRules } from "@/lib/slo/rules";
import { recordingClient } from "../support/compare";

const FILE = "failures.yaml";

const CATALOG = parseCatalog(
  `workloads:
  - name: rules
    team: t
    convention: custom
    metrics:
      requests: prometheus_rule_evaluations_total
      failures: prometheus_rule_evaluation_failures_total
    slos: [{ indicator: availability, objective: 99 }]
  - name: rules-eu
    team: t
    convention: custom
    metrics:
      requests: prometheus_rule_evaluations_total
      failures: prometheus_rule_evaluation_failures_total
    slos: [{ indicator: availability, objective: 99.5 }]
  - name: kubelet
    team: t
    convention: prometheus-client
    metrics:
      requests: kubelet_runtime_operations_total
      failures: kubelet_runtime_operations_errors_total
  - name: notify
    team: t
    convention: prometheus-client
    metrics:
      requests: prometheus_notifications_sent_total
      failures: prometheus_notifications_errors_total
      errors: 'alertmanager!~"test.*"'
  - { name: web, team: t, convention: prometheus-client }
`,
  FILE,
);
const by = (name: string) => CATALOG.workloads.find((w) => w.name === name)!;

function errorOf(yaml: string): string {
  try {
    parseCatalog(yaml, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return (e as Error).message;
  }
  throw new Error("expected the catalog to be refused");
}

/** The SLO group of `slo` that holds workload `name`. */
function sloGroup(name: string, slo = "availability"): SloGroup {
  const g = groupSlos(CATALOG).find(
    (x) => x.slo.name === slo && x.workloads.some((w) => w.name === name),
  );
  if (!g) throw new Error(`no ${slo} group of ${name}`);
  return g;
}

describe("the catalog's metrics.failures", () => {
  it("is accepted, and an availability SLO of a custom workload needs no errors with it", () => {
    expect(by("rules").convention).toEqual({
      preset: "custom",
      requests: "prometheus_rule_evaluations_total",
      failures: "prometheus_rule_evaluation_failures_total",
      errors: [],
      latency: "",
      cache: "cache_requests_total",
      poolInUse: "db_pool_connections_in_use",
      poolMax: "db_pool_connections_max",
    });
    expect(by("rules").slos.map((s) => s.name)).toEqual(["availability"]);
  });

  it("is refused when it is no metric name", () => {
    const msg = errorOf(`workloads:
  - name: a
    team: t
    convention: prometheus-client
    metrics: { failures: 'errors{code="1"}' }
`);
    expect(msg).toMatch(
      /^failures\.yaml: workloads\[0\]\.metrics\.failures: expected a metric name/,
    );
  });

  it("is named by the message of a custom availability SLO without errors", () => {
    const msg = errorOf(`workloads:
  - name: a
    team: t
    convention: custom
    metrics: { requests: jobs_total }
    slos: [{ indicator: availability, objective: 99 }]
`);
    expect(msg).toBe(
      `${FILE}: workloads[0].metrics.errors: expected metrics.errors (matchers of the failed requests) or metrics.failures (a counter of failed events) for the custom convention: its availability SLO reads it; set it or drop its availability SLOs`,
    );
    // A failures counter does not stand for the request counter.
    expect(
      errorOf(`workloads:
  - name: a
    team: t
    convention: custom
    metrics: { failures: jobs_failed_total }
    slos: [{ indicator: availability, objective: 99 }]
`),
    ).toMatch(/workloads\[0\]\.metrics\.requests: expected metrics\.requests/);
  });
});

describe("resolveConvention with a failures counter", () => {
  it("drops a preset's 5xx matcher unless the entry gives errors", () => {
    const c = resolveConvention("prometheus-client", { failures: "f_total" }, "code");
    expect(c).toMatchObject({ requests: "http_requests_total", failures: "f_total", errors: [] });
    const e = resolveConvention("prometheus-client", { failures: "f_total", errors: 'kind="x"' });
    expect(e.errors).toEqual([{ label: "kind", op: "=", value: "x" }]);
    // Without one, as before: the 5xx matcher on the request counter.
    const plain = resolveConvention("prometheus-client", {}, "code");
    expect(plain).toMatchObject({ failures: "", errors: [{ label: "code", value: "5.." }] });
    expect(resolveConvention("custom", {}).failures).toBe("");
  });

  it("holds in every spelling of a preset", () => {
    const all = candidateConventions("opentelemetry", { failures: "f_total" });
    expect(all.length).toBeGreaterThan(1);
    for (const { convention } of all) {
      expect(convention).toMatchObject({ failures: "f_total", errors: [] });
    }
    const plain = candidateConventions("opentelemetry", {});
    expect(plain.map((x) => x.convention.failures)).toEqual(plain.map(() => ""));
    expect(plain.every((x) => x.convention.errors.length === 1)).toBe(true);
  });

  it("measures the failed events with a failures counter and a request counter", () => {
    const c = by("rules").convention;
    expect(measures(c, "errors")).toBe(true);
    expect(whyNotMeasured(c, "errors")).toBeUndefined();
    expect(measures({ ...c, requests: "" }, "errors")).toBe(false);
    expect(measures({ ...c, failures: "" }, "errors")).toBe(false);
    expect(whyNotMeasured({ ...c, failures: "" }, "errors")).toBe(
      "no error matchers or failures counter in the catalog",
    );
    expect(failedSelector(c, [{ label: "workload", op: "=", value: "rules" }])).toBe(
      'prometheus_rule_evaluation_failures_total{workload="rules"}',
    );
  });
});

describe("queries of a workload with a failures counter", () => {
  it("count bad SLO events from the failures counter, total ones from the requests", () => {
    const q = eventQueries("workload", sloGroup("rules"), "30d");
    expect(q.bad).toBe(
      'sum by (workload) (increase(prometheus_rule_evaluation_failures_total{workload=~"rules|rules-eu"}[30d]))',
    );
    expect(q.total).toBe(
      'sum by (workload) (increase(prometheus_rule_evaluations_total{workload=~"rules|rules-eu"}[30d]))',
    );
    const kubelet = eventQueries("workload", sloGroup("kubelet"), "30d");
    expect(kubelet.bad).toBe(
      'sum by (workload) (increase(kubelet_runtime_operations_errors_total{workload="kubelet"}[30d]))',
    );
    expect(eventQueries("workload", sloGroup("notify"), "1h").bad).toBe(
      'sum by (workload) (increase(prometheus_notifications_errors_total{workload="notify",alertmanager!~"test.*"}[1h]))',
    );
  });

  it("never apply a preset's 5xx matcher to the failures counter", () => {
    const rules = generateRules(CATALOG);
    const exprs = rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
    for (const e of exprs.filter((x) => /_errors_total|_failures_total/.test(x))) {
      expect(e).not.toContain("5..");
    }
    expect(exprs.join("\n")).toContain(
      'increase(kubelet_runtime_operations_errors_total{workload="kubelet"}[5m])',
    );
    // The preset workload without a failures counter keeps its 5xx matcher.
    expect(exprs.join("\n")).toContain('http_requests_total{workload="web",status=~"5.."}');
  });

  it("read availability and the 5xx trend from the failures counter, one group per convention", async () => {
    const groups = groupWorkloads(CATALOG);
    expect(groups.map((g) => g.workloads.map((w) => w.name))).toEqual([
      ["rules", "rules-eu"],
      ["kubelet"],
      ["notify"],
      ["web"],
    ]);
    const availability = indicatorQueries("workload", groups[1]!, "1h").availability!;
    expect(availability).toContain(
      'sum by (workload) (increase(kubelet_runtime_operations_errors_total{workload="kubelet"}[1h]))',
    );
    expect(availability).toContain(
      'sum by (workload) (increase(kubelet_runtime_operations_total{workload="kubelet"}[1h]))',
    );
    expect(availability).not.toContain("5..");
    const { client, range: ranges } = recordingClient();
    await fetchErrorSparklines(client, CATALOG, new Date());
    expect(ranges).toHaveLength(1);
    expect(ranges[0]).toContain(
      'prometheus_rule_evaluation_failures_total{workload=~"rules|rules-eu"}',
    );
    expect(ranges[0]).toContain('kubelet_runtime_operations_errors_total{workload="kubelet"}');
    expect(ranges[0]).not.toMatch(/_errors_total\{[^}]*5\.\./);
  });

  it("give the workload page an error ratio and all and failed request rates", () => {
    const q = workloadQueries("workload", by("kubelet"), 60);
    expect(q.errorRatio).toBe(
      'sum(rate(kubelet_runtime_operations_errors_total{workload="kubelet"}[60s])) / sum(rate(kubelet_runtime_operations_total{workload="kubelet"}[60s]))',
    );
    // No status label to split by: all requests and the failed ones, one query.
    expect(q.requestsByStatus).toBe(
      `(label_replace(sum(rate(kubelet_runtime_operations_total{workload="kubelet"}[60s])), "${REQUEST_LINE_LABEL}", "all", "", "")) or ` +
        `(label_replace(sum(rate(kubelet_runtime_operations_errors_total{workload="kubelet"}[60s])), "${REQUEST_LINE_LABEL}", "failed", "", ""))`,
    );
    expect(workloadQueries("workload", by("web"), 60).requestsByStatus).toBe(
      'sum by (status) (rate(http_requests_total{workload="web"}[60s]))',
    );
  });

  it("look the failures counter up in the catalog check, and suggest one when missing", async () => {
    const client: PrometheusClient = {
      instant: async () => [],
      range: async () => [],
      alerts: async () => [],
      labelValues: async (_tag, label, match) => {
        if (label === "__name__") {
          return ["kubelet_runtime_operations_total", "kubelet_runtime_operations_errors_total"];
        }
        const found = (n: string) => match.some((m) => m.startsWith(`${n}{`));
        return found("prometheus_rule_evaluation_failures_total") ||
          found("prometheus_rule_evaluations_total")
          ? ["rules", "rules-eu"]
          : found("kubelet_runtime_operations_total")
            ? ["kubelet"]
            : [];
      },
    };
    const { report } = await discoverCatalog(client, CATALOG, new Date());
    const check = (w: string) => report.workloads.find((c) => c.workload === w)!;
    const required = (w: string) =>
      check(w)
        .metrics.filter((m) => !m.optional)
        .map((m) => `${m.role}:${m.name}:${m.state}`);
    expect(required("rules")).toEqual([
      "requests:prometheus_rule_evaluations_total:found",
      "failures:prometheus_rule_evaluation_failures_total:found",
    ]);
    expect(required("kubelet")).toEqual([
      "requests:kubelet_runtime_operations_total:found",
      "failures:kubelet_runtime_operations_errors_total:missing",
      "latency:http_request_duration_seconds_bucket:missing",
    ]);
    expect(check("kubelet").fix).toContain(
      "metrics: { failures: kubelet_runtime_operations_errors_total }",
    );
  });
});
