import { describe, expect, it } from "vitest";
import { extractIncidents } from "@/lib/oncall/incidents";
import type { RangeSeries } from "@/lib/prometheus/client";

const MIN = 60_000;
const END = Date.parse("2026-03-10T12:00:00Z");
const t = (minutesBeforeEnd: number) => END - minutesBeforeEnd * MIN;

/** An ALERTS series firing at each minute from `from` to `to` minutes before the end. */
function firing(
  workload: string,
  slo: string,
  tier: string,
  from: number,
  to: number,
): RangeSeries {
  const points: [number, number][] = [];
  for (let m = from; m >= to; m--) points.push([t(m), 1]);
  return {
    labels: { __name__: "ALERTS", alertstate: "firing", severity: "page", workload, slo, tier },
    points,
  };
}

const opts = { groupingLabel: "workload", stepMs: MIN, endMs: END };

describe("incident extraction", () => {
  it("turns a run of samples into one incident with its start, end and duration", () => {
    const [i] = extractIncidents([firing("checkout", "availability", "page-fast", 300, 260)], opts);
    expect(i).toEqual({
      workload: "checkout",
      slo: "availability",
      tiers: ["page-fast"],
      startMs: t(300),
      endMs: t(260),
      durationMs: 40 * MIN,
    });
  });

  it("marks an incident still firing at the last step as ongoing, lasting until now", () => {
    const [i] = extractIncidents([firing("search", "availability", "page-fast", 12, 0)], opts);
    expect(i!.endMs).toBeNull();
    expect(i!.durationMs).toBe(12 * MIN);
  });

  it("splits a series at a gap longer than one step", () => {
    const a = firing("checkout", "availability", "page-fast", 600, 590);
    const b = firing("checkout", "availability", "page-fast", 100, 95);
    const series = { labels: a.labels, points: [...a.points, ...b.points] };
    const out = extractIncidents([series], opts);
    // Most recent first.
    expect(out.map((i) => [i.startMs, i.endMs, i.durationMs])).toEqual([
      [t(100), t(95), 5 * MIN],
      [t(600), t(590), 10 * MIN],
    ]);
  });

  it("merges overlapping tiers of the same workload and SLO into one incident", () => {
    const out = extractIncidents(
      [
        firing("checkout", "availability", "page-fast", 200, 150),
        firing("checkout", "availability", "page-slow", 170, 120),
        firing("checkout", "latency-200ms", "page-fast", 190, 180),
      ],
      opts,
    );
    expect(out).toHaveLength(2);
    const availability = out.find((i) => i.slo === "availability")!;
    expect(availability.tiers).toEqual(["page-fast", "page-slow"]);
    expect([availability.startMs, availability.endMs]).toEqual([t(200), t(120)]);
    expect(availability.durationMs).toBe(80 * MIN);
  });

  it("lists ongoing incidents before ended ones, and nothing for no series", () => {
    const out = extractIncidents(
      [
        firing("a", "availability", "page-fast", 30, 20),
        firing("b", "availability", "page-slow", 400, 0),
      ],
      opts,
    );
    expect(out.map((i) => i.workload)).toEqual(["b", "a"]);
    expect(extractIncidents([], opts)).toEqual([]);
  });
});
