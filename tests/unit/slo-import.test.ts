import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import {
  convertDocuments,
  mergeIntoCatalog,
  parseDocuments,
  type ImportResult,
  type ReportLine,
  type WorkloadEntry,
} from "@/lib/slo-import";

/** Lines as the CLI prints them: `file#2 text`. */
const lines = (ls: ReportLine[]) => ls.map((l) => `${l.file}#${l.index} ${l.text}`);
const texts = (ls: ReportLine[]) => ls.map((l) => l.text);

const DIR = "tests/fixtures/import";

function convert(files: string[], groupingLabel?: string): ImportResult {
  const docs = files.flatMap((f) => parseDocuments(readFileSync(`${DIR}/${f}`, "utf8"), f));
  return convertDocuments(docs, { groupingLabel });
}

function convertText(yaml: string, groupingLabel?: string): ImportResult {
  return convertDocuments(parseDocuments(yaml, "inline.yaml"), { groupingLabel });
}

const CHECKOUT: WorkloadEntry = {
  name: "checkout",
  team: "payments",
  convention: "prometheus-client",
  statusLabel: "code",
  slos: [
    { indicator: "availability", objective: 99.9 },
    { indicator: "latency", threshold: "200ms", objective: 95 },
  ],
};

describe("converting SLO specs", () => {
  it("yields the same entry from a Sloth and an OpenSLO spec of the same SLOs", () => {
    const sloth = convert(["sloth-checkout.yaml"]);
    const openslo = convert(["openslo-checkout.yaml"]);
    expect(sloth.entries).toEqual([CHECKOUT]);
    expect(openslo.entries).toEqual([CHECKOUT]);
    expect(texts(sloth.converted)).toContain(
      "sloth checkout/requests-availability → checkout: availability 99.9% over 30d",
    );
    expect(texts(openslo.converted)).toContain(
      "openslo checkout/checkout-latency → checkout: latency-200ms 95% over 30d",
    );
    expect(openslo.skipped).toEqual([]);
    expect(sloth.skipped).toEqual([]);
    expect(lines(sloth.notes)).toEqual([
      "sloth-checkout.yaml#1 sloth checkout: slos[].alerting (requests-availability, requests-latency): alert settings not imported: Sightline generates its own alert tiers (npm run rules)",
    ]);
    expect(sloth.origins.checkout).toEqual({
      groupingLabel: "job",
      determined: ["requests", "errors", "latency"],
      conventionAssumed: false,
    });
    const both = convert(["sloth-checkout.yaml", "openslo-checkout.yaml"]);
    expect(both.entries).toEqual([CHECKOUT]);
    expect(texts(both.converted)).toContain(
      "openslo checkout/checkout-availability → checkout: availability 99.9% over 30d (same as sloth checkout/requests-availability)",
    );
  });

  it("reads Pyrra ratio and latency indicators; 4w is 28d", () => {
    const r = convert(["pyrra-search.yaml"]);
    expect(r.entries).toEqual([
      {
        name: "search",
        team: "discovery",
        convention: "prometheus-client",
        statusLabel: "code",
        selector: 'namespace="prod"',
        slos: [
          { indicator: "availability", objective: 99.5, window: "28d" },
          { indicator: "latency", threshold: "500ms", objective: 99, window: "28d" },
        ],
      },
    ]);
    expect(r.skipped).toEqual([]);
  });

  it("maps Timeslices threshold metrics to pool utilization and latency", () => {
    const r = convert(["openslo-timeslices.yaml"]);
    expect(r.entries).toEqual([
      {
        name: "checkout",
        team: "payments",
        convention: "prometheus-client",
        slos: [
          { indicator: "pool-utilization", threshold: 80, objective: 99, window: "28d" },
          { indicator: "latency", threshold: "500ms", objective: 95 },
        ],
      },
    ]);
    expect(r.converted[1]!.text).toBe(
      "openslo checkout/checkout-p95 → checkout: latency-500ms 95% over 30d (per-slice p95 ≤ 500ms in 99% of 5m slices became 95% of requests ≤ 500ms)",
    );
  });

  it("reports each unsupported construct in exactly one skipped line, and imports the rest", () => {
    const r = convert(["unsupported.yaml"]);
    expect(r.entries.map((e) => [e.name, e.slos])).toEqual([
      ["payments-api", [{ indicator: "availability", objective: 99.9, window: "90d" }]],
    ]);
    expect(r.skipped).toHaveLength(4);
    for (const construct of ["sli.plugin", "sli.raw", "bool_gauge", "Datadog"]) {
      expect(lines(r.skipped).filter((l) => l.includes(construct))).toHaveLength(1);
    }
    expect(lines(r.skipped)[0]).toBe(
      "unsupported.yaml#1 sloth payments-api/apiserver-availability: slos[0].sli.plugin: plugin sloth-common/kubernetes/apiserver/availability is not expanded: write the SLI as sli.events with the queries the plugin generates",
    );
  });

  it("derives conventions, negates good events and prefers the catalog's label", () => {
    const r = convertText(
      `version: prometheus/v1
service: web
slos:
  - name: ok
    objective: 99.5
    sli:
      events:
        error_query: sum(rate(http_server_request_duration_seconds_count{service="web",app="shop",http_response_status_code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_server_request_duration_seconds_count{service="web",app="shop"}[{{.window}}]))
---
apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata: { name: queue }
spec:
  target: "99"
  window: 1w
  indicator:
    ratio:
      errors: { metric: 'jobs_total{service="queue",outcome="failed"}' }
      total: { metric: 'jobs_total{service="queue"}' }`,
      "service",
    );
    expect(r.entries).toEqual([
      {
        name: "web",
        team: "unassigned",
        convention: "opentelemetry",
        selector: 'app="shop"',
        slos: [{ indicator: "availability", objective: 99.5 }],
      },
      {
        name: "queue",
        team: "unassigned",
        convention: "custom",
        metrics: { requests: "jobs_total", errors: 'outcome="failed"' },
        slos: [{ indicator: "availability", objective: 99, window: "7d" }],
      },
    ]);
    expect(r.origins.web!.groupingLabel).toBe("service");
  });

  it("imports any label value as a workload name, and writes it back readable", () => {
    const names = ["shop/checkout", "Checkout", 'say "hi"\\n', "zähler π"];
    const r = convertText(
      `version: prometheus/v1
service: x
slos:
${names
  .map(
    (n, i) => `  - name: s${i}
    objective: 99
    sli:
      events:
        error_query: sum(rate(http_requests_total{job=${JSON.stringify(n)},status="500"}[5m]))
        total_query: sum(rate(http_requests_total{job=${JSON.stringify(n)}}[5m]))
`,
  )
  .join("")}  - name: empty
    objective: 99
    sli:
      events:
        error_query: sum(rate(x_total{job="",code="500"}[5m]))
        total_query: sum(rate(x_total{job=""}[5m]))`,
      "job",
    );
    expect(r.entries.map((e) => e.name)).toEqual(names);
    expect(lines(r.skipped)).toEqual([
      'inline.yaml#1 sloth x/empty: slos[4].sli.events.total_query: job="" selects series without the label',
    ]);
    const merged = mergeIntoCatalog(undefined, r, { file: "c.yaml" });
    expect(merged.refused).toBeUndefined();
    const c = parseCatalog(merged.text!, "c.yaml");
    expect(c.workloads.map((w) => w.name)).toEqual(names);
  });

  it("refuses queries it cannot map, saying why", () => {
    const r = convertText(
      `version: prometheus/v1
service: a
slos:
  - name: shifted
    objective: 99
    sli:
      events:
        error_query: sum(rate(x_total{job="a",code="500"}[5m] offset 1h))
        total_query: sum(rate(x_total{job="a"}[5m]))
  - name: two
    objective: 99
    sli:
      events:
        error_query: sum(rate(x_total{job="a",service="b",code="500"}[5m]))
        total_query: sum(rate(x_total{job="a",service="b"}[5m]))`,
      "workload",
    );
    expect(r.entries).toEqual([]);
    expect(lines(r.skipped)).toEqual([
      'inline.yaml#1 sloth a/shifted: slos[0].sli.events.error_query: cannot map the query: offset; write it over raw series, like sum(rate(x_total{job="a"}[5m]))',
      'inline.yaml#1 sloth a/two: slos[1].sli.events.total_query: job="a" and service="b" could each name the workload: choose with --label job or --label service',
    ]);
  });
});

const CATALOG = `# Team catalog: edit by hand or with npm run import-slos.
groupingLabel: job
workloads:
  - name: checkout
    team: payments
    tier: 0
    convention: prometheus-client # Django
    statusLabel: code
    slos:
      - { indicator: availability, objective: 99.95 } # raised after the Q3 review
  - name: search
    team: discovery
    convention: prometheus-client
`;

describe("merging into the catalog", () => {
  const imported = convert(["sloth-checkout.yaml", "pyrra-search.yaml"]);

  it("leaves conflicts alone without --force, adds the rest, keeps comments", () => {
    const r = mergeIntoCatalog(CATALOG, imported, { file: "c.yaml" });
    expect(r.refused).toBeUndefined();
    expect(r.lines).toEqual([
      "checkout: availability conflict: the catalog has 99.95% over 30d, the import 99.9% over 30d; not written (--force replaces it)",
      "checkout: latency-200ms 95% over 30d added",
      'search: settings conflict (errors: catalog status=~"5..", import code=~"5.."; selector: catalog (none), import namespace="prod"): none of its SLOs written; --force replaces the settings',
    ]);
    expect(r.text).toContain("# Team catalog: edit by hand or with npm run import-slos.");
    expect(r.text).toContain("convention: prometheus-client # Django");
    expect(r.text).toContain(
      `      - { indicator: availability, objective: 99.95 } # raised after the Q3 review
      - { indicator: latency, threshold: 200ms, objective: 95 }
  - name: search`,
    );
    const c = parseCatalog(r.text!, "c.yaml");
    expect(c.workloads.map((w) => w.slos.map((s) => s.name))).toEqual([
      ["availability", "latency-200ms"],
      ["availability", "latency-200ms", "latency-500ms"],
    ]);
  });

  it("replaces conflicting SLOs and settings with --force", () => {
    const r = mergeIntoCatalog(CATALOG, imported, { file: "c.yaml", force: true });
    expect(r.lines).toContain(
      "checkout: availability replaced (--force): 99.95% over 30d → 99.9% over 30d",
    );
    expect(r.lines).toContain("search: had the catalog's default SLOs; now listed on the workload");
    const c = parseCatalog(r.text!, "c.yaml");
    const [checkout, search] = c.workloads;
    expect(checkout!.slos.map((s) => [s.name, s.objective])).toEqual([
      ["availability", 0.999],
      ["latency-200ms", 0.95],
    ]);
    expect(search!.matchers).toEqual([{ label: "namespace", op: "=", value: "prod" }]);
    expect(search!.convention.errors).toEqual([{ label: "code", op: "=~", value: "5.." }]);
    expect(search!.slos.map((s) => [s.name, s.objective, s.window])).toEqual([
      ["availability", 0.995, "28d"],
      ["latency-200ms", 0.95, "30d"],
      ["latency-500ms", 0.99, "28d"],
    ]);
    expect(r.text).toContain("# raised after the Q3 review");
  });

  it("reads the sources' label as the catalog's, saying so", () => {
    const r = convertDocuments(
      ["sloth-checkout.yaml", "pyrra-search.yaml"].flatMap((f) =>
        parseDocuments(readFileSync(`${DIR}/${f}`, "utf8"), f),
      ),
      { groupingLabel: "workload" },
    );
    expect(r.groupingLabel).toBe("workload");
    expect(texts(r.converted)[0]).toBe(
      'sloth checkout/requests-availability → checkout: availability 99.9% over 30d (job="checkout" read as workload)',
    );
    const merged = mergeIntoCatalog(
      CATALOG.replace("groupingLabel: job", "groupingLabel: workload"),
      r,
      {
        file: "c.yaml",
      },
    );
    expect(merged.refused).toBeUndefined();
    expect(parseCatalog(merged.text!, "c.yaml").workloads[0]!.slos.map((s) => s.name)).toEqual([
      "availability",
      "latency-200ms",
    ]);
  });

  it("starts a catalog that does not exist yet, with the imports' label", () => {
    const r = mergeIntoCatalog(undefined, imported, { file: "new.yaml" });
    const c = parseCatalog(r.text!, "new.yaml");
    expect(c.groupingLabel).toBe("job");
    expect(c.workloads.map((w) => w.name)).toEqual(["checkout", "search"]);
  });
});
