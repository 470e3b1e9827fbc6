import { describe, expect, it } from "vitest";
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

  it("requires the metrics of a custom convention", () => {
    expect(errorOf("workloads:\n  - { name: a, team: t, convention: custom }\n")).toBe(
      `${FILE}: workloads[0].metrics.requests: expected metrics.requests for the custom convention`,
    );
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
