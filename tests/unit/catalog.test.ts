import { describe, expect, it } from "vitest";
import { measures, whyNotMeasured, type Measure } from "@/lib/catalog/conventions";
import { CatalogError, parseCatalog } from "@/lib/catalog/load";

const FILE = "config/workloads.yaml";

function errorOf(yaml: string): string {
  try {
    parseCatalog(yaml, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return (e as Error).message;
  }
  throw new Error("expected the catalog to be refused");
}

describe("catalog", () => {
  it("resolves presets into metric conventions", () => {
    const c = parseCatalog(
      `groupingLabel: service
workloads:
  - { name: a, team: t, convention: prometheus-client, statusLabel: code }
  - { name: b, team: t, tier: 0, convention: opentelemetry, selector: 'namespace="prod"' }
  - name: c
    team: t
    convention: custom
    metrics: { requests: rq_total, errors: 'code=~"5.."', latency: lat_seconds }`,
      FILE,
    );
    expect(c.groupingLabel).toBe("service");
    const [a, b, cc] = c.workloads;
    expect(a!.convention.requests).toBe("http_requests_total");
    expect(a!.convention.errors).toEqual([{ label: "code", op: "=~", value: "5.." }]);
    expect(a!.tier).toBe(2);
    expect(b!.convention.requests).toBe("http_server_request_duration_seconds_count");
    expect(b!.convention.errors[0]!.label).toBe("http_response_status_code");
    expect(b!.matchers).toEqual([{ label: "namespace", op: "=", value: "prod" }]);
    expect(cc!.convention).toMatchObject({
      preset: "custom",
      requests: "rq_total",
      latency: "lat_seconds",
    });
  });

  it("refuses an unknown preset with one line naming the key", () => {
    const msg = errorOf("workloads:\n  - { name: a, team: t, convention: statsd }\n");
    expect(msg).toBe(
      `${FILE}: workloads[0].convention: expected one of prometheus-client, opentelemetry, custom (got "statsd")`,
    );
    expect(msg).not.toContain("\n");
  });

  it("refuses a malformed selector with one line naming the key", () => {
    const msg = errorOf(
      "workloads:\n  - { name: a, team: t, convention: opentelemetry }\n  - { name: b, team: t, convention: opentelemetry, selector: 'namespace=prod' }\n",
    );
    expect(msg).toMatch(
      /^config\/workloads\.yaml: workloads\[1\]\.selector: expected label="value"/,
    );
    expect(msg).not.toContain("\n");
  });

  it("requires the metrics a custom convention's SLOs read, naming the SLO and the fix", () => {
    // The catalog's default SLOs: availability and two latency objectives.
    expect(errorOf("workloads:\n  - { name: a, team: t, convention: custom }\n")).toBe(
      `${FILE}: workloads[0].metrics.requests: expected metrics.requests for the custom convention: its availability SLO (the catalog's default SLOs) reads it; set it or list slos: without availability`,
    );
    const presets = ["p0", "p1", "p2"].map(
      (n) => `  - { name: ${n}, team: t, convention: opentelemetry }\n`,
    );
    expect(
      errorOf(
        `workloads:\n${presets.join("")}  - { name: a, team: t, convention: custom, metrics: { requests: rq_total, errors: 'code="500"' } }\n`,
      ),
    ).toBe(
      `${FILE}: workloads[3].metrics.latency: expected metrics.latency for the custom convention: its latency-200ms SLO (the catalog's default SLOs) reads it; set it or list slos: without latency`,
    );
    // The catalog's own default SLOs count, not the built-in ones.
    expect(
      errorOf(`slos:
  - { indicator: latency, threshold: 300ms, objective: 99 }
workloads:
  - { name: a, team: t, convention: custom, metrics: { requests: rq_total, errors: 'code="500"' } }
`),
    ).toBe(
      `${FILE}: workloads[0].metrics.latency: expected metrics.latency for the custom convention: its latency-300ms SLO (the catalog's default SLOs) reads it; set it or list slos: without latency`,
    );
    // Its own SLOs: the one that reads the metric is named.
    const own = (metrics: string, slos: string) =>
      errorOf(
        `workloads:\n  - { name: a, team: t, convention: custom, metrics: ${metrics}, slos: ${slos} }\n`,
      );
    expect(
      own("{ latency: lat_seconds }", "[{ indicator: availability, objective: 99, name: ok }]"),
    ).toBe(
      `${FILE}: workloads[0].metrics.requests: expected metrics.requests for the custom convention: its ok SLO reads it; set it or drop its availability SLOs`,
    );
    // A request counter without error matchers gives no availability: `{}` matches every request.
    expect(
      own("{ requests: rq_total, errors: '{}' }", "[{ indicator: availability, objective: 99 }]"),
    ).toBe(
      `${FILE}: workloads[0].metrics.errors: expected metrics.errors (matchers of the failed requests) or metrics.failures (a counter of failed events) for the custom convention: its availability SLO reads it; set it or drop its availability SLOs`,
    );
    expect(
      own("{ requests: rq_total }", "[{ indicator: latency, threshold: 1s, objective: 99 }]"),
    ).toBe(
      `${FILE}: workloads[0].metrics.latency: expected metrics.latency for the custom convention: its latency-1s SLO reads it; set it or drop its latency SLOs`,
    );
  });

  it("takes a custom workload with any subset of indicators its SLOs read", () => {
    const c = parseCatalog(
      `slos:
  - { indicator: availability, objective: 99.5 }
workloads:
  - { name: counter-only, team: t, convention: custom, metrics: { requests: jobs_total, errors: 'outcome="failed"' } }
  - name: histogram-only
    team: t
    convention: custom
    metrics: { latency: render_seconds }
    slos: [{ indicator: latency, threshold: 250ms, objective: 95 }]
  - { name: cache-only, team: t, convention: custom, slos: [{ indicator: cache-hit-rate, objective: 90 }] }
  - { name: none, team: t, convention: custom, slos: [] }
`,
      FILE,
    );
    const [counter, histogram, cache, none] = c.workloads.map((w) => w.convention);
    expect([measures(counter!, "errors"), measures(counter!, "latency")]).toEqual([true, false]);
    expect(counter!.requests).toBe("jobs_total");
    expect([measures(histogram!, "requests"), measures(histogram!, "latency")]).toEqual([
      false,
      true,
    ]);
    expect(histogram!.latency).toBe("render_seconds");
    for (const m of ["requests", "errors", "latency"] as const) {
      expect(measures(cache!, m)).toBe(false);
      expect(measures(none!, m)).toBe(false);
    }
    expect(cache!.cache).toBe("cache_requests_total");
    expect(whyNotMeasured(histogram!, "errors")).toBe("no request metric in the catalog");
    expect(whyNotMeasured(counter!, "latency")).toBe("no latency histogram in the catalog");
    expect(whyNotMeasured(counter!, "errors")).toBeUndefined();
    // Presets name every metric, whatever their SLOs.
    const p = parseCatalog(
      "workloads:\n  - { name: a, team: t, convention: prometheus-client, slos: [] }\n",
      FILE,
    ).workloads[0]!.convention;
    expect(["requests", "errors", "latency"].every((m) => measures(p, m as Measure))).toBe(true);
  });

  it("refuses unknown keys, duplicates, bad names and bad YAML", () => {
    expect(
      errorOf("workloads:\n  - { name: a, team: t, convention: custom, colour: red }\n"),
    ).toMatch(/workloads\[0\]: .*colour/);
    expect(
      errorOf(
        "workloads:\n  - { name: a, team: t, convention: opentelemetry }\n  - { name: a, team: u, convention: opentelemetry }\n",
      ),
    ).toBe(`${FILE}: workloads[1].name: duplicate workload "a"`);
    expect(errorOf('workloads:\n  - { name: "", team: t, convention: opentelemetry }\n')).toBe(
      `${FILE}: workloads[0].name: expected a name, got an empty string: an empty label value means the label is absent`,
    );
    expect(errorOf("workloads: [")).toMatch(/^config\/workloads\.yaml: not valid YAML/);
    expect(errorOf("groupingLabel: workload\n")).toMatch(/^config\/workloads\.yaml: workloads: /);
  });

  it("takes any value Prometheus takes for the grouping label as a workload name", () => {
    const names = [
      "a+b",
      "ns/name",
      "svc:v2",
      "Checkout",
      "my service",
      "zähler-π",
      'q"\\\n',
      "🙂",
    ];
    const yaml = `groupingLabel: job\nworkloads:\n${names
      .map((n) => `  - { name: ${JSON.stringify(n)}, team: t, convention: opentelemetry }\n`)
      .join("")}`;
    expect(parseCatalog(yaml, FILE).workloads.map((w) => w.name)).toEqual(names);
  });

  it("refuses the names Prometheus cannot carry, saying why", () => {
    const one = (name: string) =>
      errorOf(`workloads:\n  - { name: ${name}, team: t, convention: opentelemetry }\n`);
    expect(one("123")).toBe(
      `${FILE}: workloads[0].name: expected a name as a string, got 123: quote it in YAML`,
    );
    expect(one("null")).toBe(
      `${FILE}: workloads[0].name: expected a name: the value of the grouping label`,
    );
    expect(one('"\\ud800x"')).toBe(
      `${FILE}: workloads[0].name: expected valid Unicode: the name has a lone surrogate, which UTF-8 cannot carry`,
    );
    expect(
      errorOf(
        'workloads:\n  - { name: "ns/a b", team: t, convention: opentelemetry }\n  - { name: "ns/a b", team: u, convention: opentelemetry }\n',
      ),
    ).toBe(`${FILE}: workloads[1].name: duplicate workload "ns/a b"`);
  });
});
