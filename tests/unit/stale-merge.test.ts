import { describe, expect, it } from "vitest";
import {
  isPanel,
  rememberGood,
  staleSummary,
  warningsSummary,
  withLastGood,
  type LastGood,
} from "@/lib/cache/stale";
import type { PanelError, PanelResult } from "@/lib/errors/data-source-error";

const T0 = "2026-05-01T12:00:00.000Z";
const T1 = "2026-05-01T12:00:15.000Z";
const T2 = "2026-05-01T12:00:30.000Z";
const T3 = "2026-05-01T12:00:45.000Z";

const down: PanelError = { source: "Prometheus", tag: "q", message: "Prometheus (q): no answer" };
const failed = (error = down): PanelResult<never> => ({ ok: false, error });
const good = <T>(data: T): PanelResult<T> => ({ ok: true, data });

/** A report shaped like the overview and the workload series: panels at the top and in an array. */
interface Shaped {
  evaluatedAt: string;
  range: string;
  indicators: PanelResult<number[]>;
  usage: PanelResult<string[]>;
  charts: { key: string; title: string; result: PanelResult<number> }[];
}

function report(at: string, parts: Partial<Shaped> = {}): Shaped {
  return {
    evaluatedAt: at,
    range: "1h",
    indicators: good([1, 2]),
    usage: good(["a"]),
    charts: [
      { key: "requests", title: "Requests", result: good(10) },
      { key: "latency", title: "Latency", result: good(0.2) },
    ],
    ...parts,
  };
}

/** One refresh as the loader runs it: merge with the last good, remember the merged report. */
function refresh(last: LastGood | undefined, fresh: Shaped) {
  const merged = withLastGood(fresh, last);
  return { merged, last: rememberGood(last, merged) };
}

describe("last good data per panel", () => {
  it("recognises panels by shape only", () => {
    expect(isPanel(good(1))).toBe(true);
    expect(isPanel(failed())).toBe(true);
    expect(isPanel({ ok: true })).toBe(false);
    expect(isPanel({ ok: false, error: "x" })).toBe(false);
    expect(isPanel([good(1)])).toBe(false);
    expect(isPanel(null)).toBe(false);
  });

  it("leaves a report alone when nothing was good before, or nothing failed", () => {
    const first = report(T0, { indicators: failed() });
    expect(withLastGood(first, undefined)).toBe(first);
    const last = rememberGood(undefined, report(T0));
    const fresh = report(T1, { indicators: good([3, 4]) });
    expect(withLastGood(fresh, last)).toEqual(fresh);
  });

  it("answers a failed panel with its last good data, marked stale with its time and the error", () => {
    const { last } = refresh(undefined, report(T0));
    const next = report(T1, {
      indicators: failed(),
      charts: [
        { key: "requests", title: "Requests", result: good(11) },
        { key: "latency", title: "Latency", result: failed() },
      ],
    });
    const { merged } = refresh(last, next);
    expect(merged.indicators).toEqual({
      ok: true,
      data: [1, 2],
      stale: { asOf: T0, error: down },
    });
    expect(merged.usage).toEqual(good(["a"])); // fresh, no mark
    expect(merged.charts[0]!.result).toEqual(good(11));
    expect(merged.charts[1]!).toEqual({
      key: "latency",
      title: "Latency",
      result: { ok: true, data: 0.2, stale: { asOf: T0, error: down } },
    });
    expect(merged.evaluatedAt).toBe(T1);
    expect(merged.range).toBe("1h");
    // The fresh report is not modified, and untouched branches are shared.
    expect(next.indicators.ok).toBe(false);
    expect(merged.charts[0]).toBe(next.charts[0]);
  });

  it("keeps the original time across several failed refreshes, and a recovered panel is fresh again", () => {
    let { last } = refresh(undefined, report(T0));
    let merged: Shaped;
    ({ merged, last } = refresh(last, report(T1, { indicators: failed() })));
    const later: PanelError = { ...down, message: "Prometheus (q): refused" };
    ({ merged, last } = refresh(last, report(T2, { indicators: failed(later) })));
    expect(merged.indicators).toEqual({
      ok: true,
      data: [1, 2],
      stale: { asOf: T0, error: later }, // the latest error, the first time
    });
    ({ merged, last } = refresh(last, report(T3, { indicators: good([5]) })));
    expect(merged.indicators).toEqual(good([5]));
    ({ merged } = refresh(last, report("2026-05-01T12:01:00.000Z", { indicators: failed() })));
    expect(merged.indicators).toEqual({ ok: true, data: [5], stale: { asOf: T3, error: down } });
  });

  it("matches array elements by their key, not their position", () => {
    const { last } = refresh(undefined, report(T0));
    const reordered = report(T1, {
      charts: [
        { key: "latency", title: "Latency", result: failed() },
        { key: "cpu", title: "CPU", result: failed() },
      ],
    });
    const { merged } = refresh(last, reordered);
    expect(merged.charts[0]!.result).toMatchObject({ ok: true, data: 0.2 });
    expect(merged.charts[1]!.result).toEqual(failed()); // never good: stays an error
  });

  it("does not answer an earlier moment with data evaluated after it", () => {
    const { last } = refresh(undefined, report(T2));
    const past = report(T0, { indicators: failed() });
    expect(withLastGood(past, last).indicators).toEqual(failed());
    // Nor does the earlier report's data replace newer remembered data.
    const after = rememberGood(last, report(T0, { indicators: good([9]) }));
    expect(after.panels.indicators).toEqual({ data: [1, 2], asOf: T2 });
    expect(after.evaluatedAt).toBe(T2);
  });

  it("replaces a panel that arrives stale with newer last good data, never with older", () => {
    const derived = (asOf: string): PanelResult<number[]> => ({
      ok: true,
      data: [7],
      stale: { asOf, error: down },
    });
    const { last } = refresh(undefined, report(T1));
    // Derived from figures stale since T0, while this report had good data at T1: take T1's.
    expect(withLastGood(report(T2, { indicators: derived(T0) }), last).indicators).toEqual({
      ok: true,
      data: [1, 2],
      stale: { asOf: T1, error: down },
    });
    // Derived from figures stale since T1 itself: as good as what is remembered.
    expect(withLastGood(report(T2, { indicators: derived(T1) }), last).indicators).toEqual(
      derived(T1),
    );
    // A stale copy is remembered with its own time, and does not displace fresher data.
    expect(rememberGood(last, report(T2, { indicators: derived(T0) })).panels.indicators).toEqual({
      data: [1, 2],
      asOf: T1,
    });
  });

  it("summarises the oldest stale panel for an API answer", () => {
    let { last } = refresh(undefined, report(T0));
    const latencyDown = [
      { key: "requests", title: "Requests", result: good(1) },
      { key: "latency", title: "Latency", result: failed() },
    ];
    ({ last } = refresh(last, report(T1, { indicators: failed(), charts: latencyDown })));
    const usageDown: PanelError = { source: "ClickHouse", tag: "u", message: "ClickHouse (u): x" };
    const { merged } = refresh(last, report(T2, { usage: failed(usageDown), charts: latencyDown }));
    // indicators recovered at T2; usage and latency are stale since T1 and T0.
    expect(staleSummary(merged, Date.parse(T2) + 4_400)).toEqual({
      asOf: T0,
      ageSeconds: 34,
      error: down,
      panels: ["usage", "charts[latency]/result"],
    });
    expect(staleSummary(report(T2), Date.parse(T2))).toBeUndefined();
  });
});

describe("warningsSummary", () => {
  it("lists every panel computed from an answer with warnings, by path", () => {
    const partial = { source: "Prometheus" as const, tag: "q", message: "partial response" };
    const r = report(T0, {
      indicators: { ok: true, data: [1], warnings: [partial] },
      charts: [
        { key: "latency", title: "Latency", result: { ok: true, data: 1, warnings: [partial] } },
      ],
    });
    expect(warningsSummary(r)).toEqual([
      { panel: "indicators", ...partial },
      { panel: "charts[latency]/result", ...partial },
    ]);
    expect(warningsSummary(report(T0))).toBeUndefined();
  });
});

describe("last good data computed from answers with warnings", () => {
  it("keeps its warnings when it stands in, stale, for a failed refresh", () => {
    const partial = { source: "Prometheus" as const, tag: "q", message: "partial response" };
    const { last } = refresh(
      undefined,
      report(T0, { indicators: { ok: true, data: [3], warnings: [partial] } }),
    );
    expect(withLastGood(report(T1, { indicators: failed() }), last).indicators).toEqual({
      ok: true,
      data: [3],
      stale: { asOf: T0, error: down },
      warnings: [partial],
    });
    // Whole data remembered after it carries none.
    const { last: later } = refresh(last, report(T1));
    expect(withLastGood(report(T2, { indicators: failed() }), later).indicators).toEqual({
      ok: true,
      data: [1, 2],
      stale: { asOf: T1, error: down },
    });
  });
});
