import { describe, expect, it } from "vitest";
import { markersOf } from "@/components/workload/workload-charts";
import { alertEpisodes, scalingEvents } from "@/lib/workload/markers";
import type { WorkloadSeries } from "@/lib/workload/types";
import { parseRangeParams } from "@/lib/api/range-params";
import { defaultDirection, sortRoutes, type RouteRow } from "@/lib/workload/route-sort";
import { groupByStatusClass, statusClass } from "@/lib/workload/status-class";
import { alignRange, chooseStepSeconds, presetRange } from "@/lib/time/step";

const H = 3600_000;

describe("step choice", () => {
  it("keeps each preset within 240 points with a nice step", () => {
    // 1 h / 240 = 15 s; 6 h / 240 = 90 s → 2 min; 24 h / 240 = 6 min; 7 d / 240 = 42 min → 1 h; 30 d / 240 = 3 h.
    expect(chooseStepSeconds(H)).toBe(15);
    expect(chooseStepSeconds(6 * H)).toBe(120);
    expect(chooseStepSeconds(24 * H)).toBe(360);
    expect(chooseStepSeconds(7 * 24 * H)).toBe(3600);
    expect(chooseStepSeconds(30 * 24 * H)).toBe(10800);
    expect(chooseStepSeconds(60_000)).toBe(15); // never below the scrape interval
  });

  it("rounds both ends down to the step, so near-identical ranges are identical", () => {
    // Both spans are about 6 h: a 2-minute step; ends fall in the same 2-minute slots.
    const a = alignRange(Date.UTC(2026, 0, 1, 10, 0, 7), Date.UTC(2026, 0, 1, 16, 1, 59));
    const b = alignRange(Date.UTC(2026, 0, 1, 10, 1, 59), Date.UTC(2026, 0, 1, 16, 0, 1));
    expect(a).toEqual(b);
    expect(a).toEqual({
      fromMs: Date.UTC(2026, 0, 1, 10, 0),
      toMs: Date.UTC(2026, 0, 1, 16, 0),
      stepSeconds: 120,
    });
  });

  it("ends a preset at the last whole step and keeps its length", () => {
    const r = presetRange(H, Date.UTC(2026, 0, 1, 12, 0, 29));
    expect(r).toEqual({
      fromMs: Date.UTC(2026, 0, 1, 11, 0, 15),
      toMs: Date.UTC(2026, 0, 1, 12, 0, 15),
      stepSeconds: 15,
    });
    // The API aligns the same preset to the same range: one cache entry for both.
    expect(alignRange(r.fromMs, r.toMs)).toEqual(r);
  });

  it("refuses custom ranges that are missing, reversed, too short or in the future", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRangeParams(null, "1", now)).toMatchObject({ ok: false, parameter: "from" });
    expect(parseRangeParams("yesterday", "1", now)).toMatchObject({ ok: false, parameter: "from" });
    expect(parseRangeParams("100", "50", now)).toMatchObject({ ok: false, parameter: "from" });
    const future = String(now / 1000 + 3600);
    expect(parseRangeParams("0", future, now)).toMatchObject({ ok: false, parameter: "to" });
    expect(parseRangeParams("2025-12-31T00:00:00Z", "2025-12-31T06:00:00Z", now)).toEqual({
      ok: true,
      range: {
        fromMs: Date.UTC(2025, 11, 31),
        toMs: Date.UTC(2025, 11, 31, 6),
        stepSeconds: 120,
      },
    });
  });
});

describe("status classes", () => {
  it("maps codes to classes", () => {
    expect(
      ["200", "201", "302", "404", "500", "503", "", "abc", "600", "101"].map(statusClass),
    ).toEqual(["2xx", "2xx", "3xx", "4xx", "5xx", "5xx", "other", "other", "other", "other"]);
  });

  it("sums series of one class point by point and keeps 2xx/4xx/5xx even when empty", () => {
    const s = (status: string, points: [number, number][]) => ({
      labels: { code: status },
      points,
    });
    const grouped = groupByStatusClass(
      [
        s("200", [
          [1, 10],
          [2, 20],
        ]),
        s("201", [
          [1, 1],
          [3, 3],
        ]),
        s("404", [[1, 0.5]]),
        s("500", [[2, NaN]]),
      ],
      "code",
    );
    expect(grouped).toEqual({
      "2xx": [
        [1, 11],
        [2, 20],
        [3, 3],
      ],
      "4xx": [[1, 0.5]],
      "5xx": [],
    });
  });
});

describe("scaling events", () => {
  it("reports each change of the replica count with before and after", () => {
    const points: [number, number][] = [
      [4, 3],
      [1, 2],
      [2, 2],
      [3, 3],
      [5, 2],
      [6, 2],
    ];
    expect(scalingEvents(points)).toEqual([
      { at: 3, from: 2, to: 3 },
      { at: 5, from: 3, to: 2 },
    ]);
  });

  it("does not count a gap as a change", () => {
    expect(
      scalingEvents([
        [1, 4],
        [2, NaN],
        [5, 4],
        [6, 5],
      ]),
    ).toEqual([{ at: 6, from: 4, to: 5 }]);
    expect(scalingEvents([])).toEqual([]);
  });
});

describe("scaling marks on the charts", () => {
  const withEvents = (n: number) =>
    ({
      alerts: { ok: true, data: [] },
      scaling: {
        ok: true,
        data: Array.from({ length: n }, (_, i) => ({ at: i * 60_000, from: 2, to: 3 })),
      },
    }) as unknown as WorkloadSeries;

  it("marks every event up to 40, labelled up to 16", () => {
    expect(markersOf(withEvents(16)).scaling.map((m) => m.label)).toEqual(Array(16).fill("↑3"));
    const many = markersOf(withEvents(40));
    expect(many.scaling).toHaveLength(40);
    expect(many.scaling.every((m) => m.label === "")).toBe(true);
    expect(many.scalingNote).toBe("");
  });

  it("marks none beyond 40 and says how many there are", () => {
    const m = markersOf(withEvents(131));
    expect(m.scaling).toEqual([]);
    expect(m.scalingNote).toContain("131 scaling events");
  });
});

describe("alert episodes", () => {
  it("starts a new episode after a gap longer than one step", () => {
    const series = [
      {
        labels: { alertname: "Burn", tier: "page-fast" },
        points: [
          [60, 1],
          [120, 1],
          [360, 1],
        ] as [number, number][],
      },
      {
        labels: { alertname: "Burn", tier: "ticket-1d" },
        points: [[120, 1]] as [number, number][],
      },
    ];
    const names = (l: Record<string, string>) => `${l.alertname} ${l.tier}`;
    expect(alertEpisodes(series, 60, names)).toEqual([
      { at: 60, until: 120, name: "Burn page-fast" },
      { at: 120, until: 120, name: "Burn ticket-1d" },
      { at: 360, until: 360, name: "Burn page-fast" },
    ]);
  });
});

describe("route table sorting", () => {
  const rows: RouteRow[] = [
    { route: "/b", requests: 10, errorRatio: 0.1, p95Ms: 200, p99Ms: 900 },
    { route: "/a", requests: 30, errorRatio: 0, p95Ms: 100, p99Ms: null },
    { route: "/c", requests: 10, errorRatio: null, p95Ms: 300, p99Ms: 400 },
  ];
  const order = (k: keyof RouteRow, d: "asc" | "desc") =>
    sortRoutes(rows, k, d).map((r) => r.route);

  it("sorts numbers either way, ties by route", () => {
    expect(order("requests", "desc")).toEqual(["/a", "/b", "/c"]);
    expect(order("requests", "asc")).toEqual(["/b", "/c", "/a"]);
    expect(order("p95Ms", "asc")).toEqual(["/a", "/b", "/c"]);
  });

  it("puts missing values last in both directions", () => {
    expect(order("p99Ms", "desc")).toEqual(["/b", "/c", "/a"]);
    expect(order("p99Ms", "asc")).toEqual(["/c", "/b", "/a"]);
    expect(order("errorRatio", "asc")).toEqual(["/a", "/b", "/c"]);
  });

  it("sorts routes by name and does not mutate its input", () => {
    expect(order("route", "asc")).toEqual(["/a", "/b", "/c"]);
    expect(order("route", "desc")).toEqual(["/c", "/b", "/a"]);
    expect(rows.map((r) => r.route)).toEqual(["/b", "/a", "/c"]);
    expect(defaultDirection("route")).toBe("asc");
    expect(defaultDirection("p95Ms")).toBe("desc");
  });
});
