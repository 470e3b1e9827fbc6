import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundRegex, parseBound } from "@/lib/promql";
import { eventQueries, groupSlos } from "@/lib/prometheus/slo-queries";
import { parseCatalog } from "@/lib/catalog/load";

/** Prometheus anchors a label regex at both ends. */
const matches = (value: number, le: string) => new RegExp(`^(?:${boundRegex(value)})$`).test(le);

/** Go's strconv.FormatFloat(v, 'g', -1, 64): the text format's spelling (client_golang, prom-client's style). */
function goG(v: number): string {
  const exp = Number(v.toExponential().split("e")[1]);
  if (exp < -4 || exp >= 21) {
    const [m, e] = v.toExponential().split("e") as [string, string];
    const n = Math.abs(Number(e));
    return `${m}e${Number(e) < 0 ? "-" : "+"}${n < 10 ? "0" : ""}${n}`;
  }
  return String(v);
}
/** Python's repr / OpenMetrics / Prometheus 3: always a decimal point or an exponent. */
function pyRepr(v: number): string {
  const s = String(v);
  if (/e/.test(s)) return s.replace(/e([+-])(\d)$/, "e$10$2");
  return s.includes(".") ? s : `${s}.0`;
}

describe("bucket bounds are compared as numbers", () => {
  it("parses every spelling of a bound", () => {
    expect(parseBound("1")).toBe(1);
    expect(parseBound("1.0")).toBe(1);
    expect(parseBound("1e+00")).toBe(1);
    expect(parseBound("2.5e-05")).toBe(0.000025);
    expect(parseBound("+Inf")).toBe(Infinity);
    expect(parseBound("Inf")).toBe(Infinity);
    expect(parseBound("fast")).toBeNull();
    expect(parseBound("")).toBeNull();
  });

  it("selects whole-number thresholds however the client spells them", () => {
    for (const le of ["1", "1.0", "1.00", "1e+00", "1e0", "1.0e+00", "1E+00"]) {
      expect(matches(1, le), le).toBe(true);
    }
    for (const le of ["10", "0.1", "1.01", "11", "+Inf", "1e+01", "01x"]) {
      expect(matches(1, le), le).toBe(false);
    }
    expect(matches(5, "5.0")).toBe(true);
    expect(matches(10, "10.0")).toBe(true);
    expect(matches(10, "1e+01")).toBe(true);
    expect(matches(1e6, "1e+06")).toBe(true);
    expect(matches(1e6, "1000000.0")).toBe(true);
    expect(matches(0.25, "0.25")).toBe(true);
    expect(matches(0.25, "0.250")).toBe(true);
    expect(matches(0.25, "2.5e-01")).toBe(true);
    expect(matches(0.25, "0.025")).toBe(false);
    expect(matches(0.3, "0.3")).toBe(true);
    expect(matches(0.1 + 0.2, "0.3")).toBe(true); // float noise in a parsed threshold
  });

  it("matches each spelling of its own value and never another value's (property)", () => {
    const bound = fc.oneof(
      fc.constantFrom(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10),
      fc.integer({ min: 1, max: 100_000 }).map((n) => n / 1000),
      fc.double({ min: 1e-9, max: 1e12, noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(bound, bound, (a, b) => {
        a = Number(a.toPrecision(12));
        b = Number(b.toPrecision(12));
        for (const le of [String(a), goG(a), pyRepr(a), a.toExponential()]) {
          if (!matches(a, le)) return false;
          if (parseBound(le) !== a) return false;
        }
        if (a !== b) {
          for (const le of [String(b), goG(b), pyRepr(b), b.toExponential()]) {
            if (matches(a, le)) return false;
          }
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it("latency SLO queries select the bucket by value, not by one spelling", () => {
    const catalog = parseCatalog(
      [
        "workloads:",
        "  - name: orders",
        "    team: t",
        "    convention: prometheus-client",
        "    slos: [{ indicator: latency, threshold: 1s, objective: 90 }]",
      ].join("\n"),
      "c.yaml",
    );
    const [g] = groupSlos(catalog);
    const q = eventQueries("workload", g!, "30d");
    expect(q.bad).toContain('le=~"');
    expect(q.bad).not.toContain('le="1"');
  });
});
