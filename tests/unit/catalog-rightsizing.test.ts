import { describe, expect, it } from "vitest";
import { CatalogError, parseCatalog, type Catalog } from "@/lib/catalog/load";
import { formatDuration, parseDurationMs } from "@/lib/catalog/rightsizing";

const MIB = 1024 ** 2;
const WORKLOADS = `workloads:
  - { name: checkout, team: shop, convention: prometheus-client }
`;
const catalogWith = (extra: string) => parseCatalog(`${extra}${WORKLOADS}`, "c.yaml");

describe("durations", () => {
  it("reads a whole number and one unit, and writes the largest whole unit up to days", () => {
    expect(parseDurationMs("14d")).toBe(14 * 86_400_000);
    expect(parseDurationMs("2w")).toBe(14 * 86_400_000);
    expect(parseDurationMs("75s")).toBe(75_000);
    expect(parseDurationMs("1m15s")).toBeNull();
    expect(parseDurationMs("1.5h")).toBeNull();
    expect(formatDuration(14 * 86_400_000)).toBe("14d");
    expect(formatDuration(75_000)).toBe("75s");
    expect(formatDuration(90 * 60_000)).toBe("90m");
  });
});

describe("the catalog's rightsizing block", () => {
  it("defaults to KRR's simple strategy", () => {
    const { rightsizing } = parseCatalog(WORKLOADS, "c.yaml");
    expect(rightsizing).toEqual({
      historyMs: 14 * 86_400_000,
      stepMs: 75_000,
      cpuQuantile: 0.95,
      memoryBuffer: 0.15,
      minDataPoints: 100,
      cpuMin: 0.01,
      memoryMin: 100 * MIB,
      allowHpa: false,
      latencyGuard: { busyHoursQuantile: 0.9, burnRate: 1 },
    });
  });

  it.each([
    [
      "rightsizing: { cpuPercentile: 0 }",
      "rightsizing.cpuPercentile: expected a percentile above 0",
    ],
    [
      "rightsizing: { cpuPercentile: 101 }",
      "rightsizing.cpuPercentile: expected a percentile of at most 100",
    ],
    [
      "rightsizing: { memoryBufferPercent: -5 }",
      "rightsizing.memoryBufferPercent: expected a percentage of 0 or more",
    ],
    [
      "rightsizing: { history: 2weeks }",
      'rightsizing.history: expected a history length such as 14d: a whole number and one of s, m, h, d, w (got "2weeks")',
    ],
    [
      "rightsizing: { history: 30m }",
      "rightsizing.history: expected a history length from 1h to 90d (got 30m)",
    ],
    [
      "rightsizing: { history: 1d, step: 3h }",
      "rightsizing.step: expected a step from 1s to 1h (got 3h)",
    ],
    [
      "rightsizing: { history: 2h, step: 15m }",
      "rightsizing.step: expected a step of at most a tenth of the history (2h)",
    ],
    [
      "rightsizing: { minDataPoints: 1.5 }",
      "rightsizing.minDataPoints: expected a whole number of data points",
    ],
    ["rightsizing: { latencyGuard: { busyHoursQuantile: 1 } }", "rightsizing.latencyGuard"],
    [
      "rightsizing: { latencyGuard: true }",
      "rightsizing.latencyGuard: expected { busyHoursQuantile, burnRate } or false",
    ],
    ["rightsizing: { percentile: 95 }", "rightsizing"],
  ])("refuses %s", (block, message) => {
    expect(() => catalogWith(`${block}\n`)).toThrow(CatalogError);
    expect(() => catalogWith(`${block}\n`)).toThrow(`c.yaml: ${message}`);
  });

  it("reads its settings", () => {
    const c: Catalog = catalogWith(
      "rightsizing: { history: 7d, step: 1m, cpuPercentile: 99, latencyGuard: { busyHoursQuantile: 0.8 } }\n",
    );
    expect(c.rightsizing).toMatchObject({
      historyMs: 7 * 86_400_000,
      stepMs: 60_000,
      cpuQuantile: 0.99,
      latencyGuard: { busyHoursQuantile: 0.8, burnRate: 1 },
    });
  });
});
