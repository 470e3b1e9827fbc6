/**
 * One hand-written fixture per construct of the upstream formats (tests/fixtures/import),
 * each converted into a catalog grouped by `workload` and compared with the entry worked
 * out by hand; then the batch, label and message behaviour around the conversion.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import {
  convertDocuments,
  mergeIntoCatalog,
  parseDocuments,
  type ImportResult,
  type ReportLine,
} from "@/lib/slo-import";

const DIR = "tests/fixtures/import";
const read = (f: string) => parseDocuments(readFileSync(`${DIR}/${f}`, "utf8"), f);
const convert = (files: string[], opts = { groupingLabel: "workload" }): ImportResult =>
  convertDocuments(files.flatMap(read), opts);
const lines = (ls: ReportLine[]) => ls.map((l) => `${l.file}#${l.index} ${l.text}`);

const CATALOG = `groupingLabel: workload
slos:
  - { indicator: availability, objective: 99.9 }
  - { indicator: latency, threshold: 200ms, objective: 95 }
workloads:
  - name: checkout
    team: payments
    convention: prometheus-client
`;

describe("upstream constructs, one fixture each", () => {
  it("Sloth getting-started: availability only, custom request metric, owner as team", () => {
    const r = convert(["sloth-getting-started.yaml"]);
    expect(r.entries).toEqual([
      {
        name: "myservice",
        team: "myteam",
        convention: "custom",
        metrics: {
          requests: "http_request_duration_seconds_count",
          errors: 'code=~"(5..|429)"',
        },
        slos: [{ indicator: "availability", objective: 99.9 }],
      },
    ]);
    expect(r.skipped).toEqual([]);
    expect(lines(r.notes)).toEqual([
      "sloth-getting-started.yaml#1 sloth myservice: slos[].alerting (requests-availability): alert settings not imported: Sightline generates its own alert tiers (npm run rules)",
    ]);
    expect(r.converted[0]!.text).toBe(
      'sloth myservice/requests-availability → myservice: availability 99.9% over 30d (job="myservice" read as workload)',
    );
  });

  it("Sloth's Kubernetes resource: errorQuery/totalQuery, latency only, or vector(0); AlertWindows is no SLO", () => {
    const r = convert(["sloth-resource.yaml"]);
    expect(r.entries).toEqual([
      {
        name: "orders",
        team: "fulfilment",
        convention: "custom",
        metrics: { latency: "grpc_server_handling_seconds" },
        slos: [{ indicator: "latency", threshold: "250ms", objective: 99 }],
      },
    ]);
    expect(r.converted[0]!.text).toContain(
      'spec.slos[0].sli.events.errorQuery: "or vector(0)" dropped: no series already counts as no events',
    );
    expect(lines(r.skipped)).toEqual([
      "sloth-resource.yaml#2 a Sloth AlertWindows document (kind AlertWindows) sets alert windows, not SLOs: nothing to import; Sightline's alert tiers are its own (docs/numbers.md)",
    ]);
  });

  it('Pyrra: a 2w window is 14d, grouping becomes one SLO with a note, metadata.name names a matcher-less workload, result="error" is a failure', () => {
    const r = convert(["pyrra-windows.yaml"]);
    expect(r.entries).toEqual([
      {
        name: "catalog-api",
        team: "discovery",
        convention: "prometheus-client",
        statusLabel: "code",
        slos: [{ indicator: "availability", objective: 99.5, window: "14d" }],
      },
      {
        name: "image-worker",
        team: "media",
        convention: "custom",
        selector: 'queue="images"',
        metrics: { requests: "jobs_processed_total", errors: 'result="error"' },
        slos: [{ indicator: "availability", objective: 99, window: "90d" }],
      },
    ]);
    expect(r.skipped).toEqual([]);
    const [grouped, named] = r.converted.map((l) => l.text);
    expect(grouped).toContain(
      "spec.indicator.ratio.grouping [route]: one SLO over all of them, not one per route value",
    );
    expect(named).toContain(
      'no workload/job/service/app matcher: named after metadata.name; the catalog selects workload="image-worker"',
    );
  });

  it("OpenSLO v1: DataSource and indicatorRef over a rolling week; a calendar week is refused with the fix", () => {
    const r = convert(["openslo-datasource.yaml"]);
    expect(r.entries).toEqual([
      {
        name: "ledger",
        team: "finance",
        convention: "prometheus-client",
        statusLabel: "code",
        slos: [{ indicator: "availability", objective: 99.5, window: "7d" }],
      },
    ]);
    expect(lines(r.skipped)).toEqual([
      "openslo-datasource.yaml#4 openslo ledger/ledger-weekly: spec.timeWindow[0].duration: 1w, not rolling: Sightline's only calendar window is the month (1M); make it rolling (isRolling: true) to keep 1w",
    ]);
  });
});

describe("failures counted apart", () => {
  it("Pyrra errors from a counter of their own become metrics.failures, its own matchers errors", () => {
    const r = convert(["pyrra-failures.yaml"]);
    expect(r.entries).toEqual([
      {
        name: "prometheus",
        team: "observability",
        convention: "custom",
        metrics: {
          requests: "prometheus_notifications_sent_total",
          failures: "prometheus_notifications_errors_total",
          errors: 'alertmanager!~"test-.*"',
        },
        slos: [{ indicator: "availability", objective: 99, window: "28d" }],
      },
    ]);
    const merged = mergeIntoCatalog(CATALOG, r, { file: "c.yaml" });
    const w = parseCatalog(merged.text!, "c.yaml").workloads[1]!;
    expect(w.convention).toMatchObject({
      requests: "prometheus_notifications_sent_total",
      failures: "prometheus_notifications_errors_total",
      errors: [{ label: "alertmanager", op: "!~", value: "test-.*" }],
    });
  });
});

describe("OpenSLO v1alpha, as Sloth reads it", () => {
  it("reads per-objective ratioMetrics and a window of a count and a unit", () => {
    const r = convert(["openslo-v1alpha.yaml"]);
    expect(r.entries).toEqual([
      {
        name: "cart",
        team: "shop",
        convention: "prometheus-client",
        statusLabel: "code",
        slos: [{ indicator: "availability", objective: 99.8, window: "28d" }],
      },
    ]);
    expect(r.skipped).toEqual([]);
  });
});

describe("a batch", () => {
  const ALL = [
    "sloth-getting-started.yaml",
    "sloth-resource.yaml",
    "pyrra-windows.yaml",
    "openslo-datasource.yaml",
    "unsupported.yaml",
  ];

  it("imports what converts, whatever label each file names workloads by, into a valid catalog", () => {
    const r = convert(ALL);
    expect(r.entries.map((e) => e.name)).toEqual([
      "myservice",
      "orders",
      "catalog-api",
      "image-worker",
      "ledger",
      "payments-api",
    ]);
    expect(r.skipped).toHaveLength(6); // AlertWindows, the calendar week, and unsupported.yaml's four
    const merged = mergeIntoCatalog(CATALOG, r, { file: "c.yaml" });
    expect(merged.refused).toBeUndefined();
    expect(merged.conflicts).toBe(0);
    const c = parseCatalog(merged.text!, "c.yaml");
    expect(c.workloads.map((w) => [w.name, w.slos.map((s) => `${s.name} ${s.window}`)])).toEqual([
      ["checkout", ["availability 30d", "latency-200ms 30d"]],
      ["myservice", ["availability 30d"]],
      ["orders", ["latency-250ms 30d"]],
      ["catalog-api", ["availability 14d"]],
      ["image-worker", ["availability 90d"]],
      ["ledger", ["availability 7d"]],
      ["payments-api", ["availability 90d"]],
    ]);
    // The dry-run fragment is exactly what was added: the new catalog's entries.
    const fragment = parseCatalog(
      `groupingLabel: workload\n${merged.fragment!}`,
      "fragment.yaml",
    ).workloads;
    expect(fragment).toEqual(c.workloads.slice(1));
  });

  it("maps a chosen label onto the catalog's, and refuses to guess between two", () => {
    const text = `version: prometheus/v1
service: shop
slos:
  - name: ok
    objective: 99
    sli:
      events:
        error_query: sum(rate(http_requests_total{app="shop",job="shop-web",code=~"5.."}[5m]))
        total_query: sum(rate(http_requests_total{app="shop",job="shop-web"}[5m]))`;
    const docs = parseDocuments(text, "two.yaml");
    const guessed = convertDocuments(docs, { groupingLabel: "workload" });
    expect(lines(guessed.skipped)).toEqual([
      'two.yaml#1 sloth shop/ok: slos[0].sli.events.total_query: job="shop-web" and app="shop" could each name the workload: choose with --label job or --label app',
    ]);
    const chosen = convertDocuments(docs, { groupingLabel: "workload", label: "app" });
    expect(chosen.entries[0]).toMatchObject({ name: "shop", selector: 'job="shop-web"' });
    expect(chosen.converted[0]!.text).toContain('app="shop" read as workload (--label app)');
  });

  it("names the other Sloth format's spelling when the query keys are misspelt", () => {
    const r = convertDocuments(
      parseDocuments(
        `version: prometheus/v1
service: a
slos:
  - name: x
    objective: 99
    sli:
      events:
        errorQuery: sum(rate(x_total{job="a",code="500"}[5m]))
        totalQuery: sum(rate(x_total{job="a"}[5m]))`,
        "k.yaml",
      ),
      { groupingLabel: "job" },
    );
    expect(lines(r.skipped)).toEqual([
      "k.yaml#1 sloth a/x: slos[0].sli.events: errorQuery/totalQuery is the other Sloth format's spelling: a prometheus/v1 spec spells them error_query and total_query",
    ]);
  });
});
