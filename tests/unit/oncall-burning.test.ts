import { describe, expect, it } from "vitest";
import type { SloWindow } from "@/lib/catalog/slo-schema";
import { alertRows } from "@/lib/oncall/alerts";
import { burningSlos } from "@/lib/oncall/burning";
import { mergeReport } from "@/lib/oncall/last-good";
import type { OnCallReport } from "@/lib/oncall/types";
import { BURN_WINDOWS, tierStates } from "@/lib/slo/alert-tiers";
import type { SloStatus, WorkloadSlos } from "@/lib/slo/status";

const DAY_MS = 86_400_000;
const TIME = new Date("2026-03-10T12:00:00Z");

/** An SLO status with the same burn over every window (tiers follow from it). */
function slo(name: string, window: SloWindow, burn: number | null, remaining: number): SloStatus {
  const windowMs = window === "7d" ? 7 * DAY_MS : 30 * DAY_MS;
  const burnRates = Object.fromEntries(
    BURN_WINDOWS.map((w) => [w, burn]),
  ) as SloStatus["burnRates"];
  return {
    name,
    indicator: "availability",
    objective: 0.999,
    window,
    source: "raw",
    events: { bad: 1, total: 1000 },
    sli: 0.999,
    budgetConsumed: 1 - remaining,
    budgetRemaining: remaining,
    burnRates,
    timeToExhaustionMs: burn ? (remaining * windowMs) / burn : null,
    alerts: tierStates(burnRates, windowMs),
  };
}

const workload = (name: string, slos: SloStatus[]): WorkloadSlos => ({
  workload: name,
  team: "t",
  tier: 1,
  slos,
});

describe("burning SLOs", () => {
  const rows = burningSlos(
    [
      workload("a", [slo("availability", "30d", 4, 0.5), slo("latency-200ms", "30d", 0.5, 0.9)]),
      workload("b", [slo("availability", "7d", 2, 0.8)]),
      workload("c", [slo("availability", "30d", 20, 0.9), slo("latency-500ms", "30d", null, 1)]),
      workload("d", [slo("availability", "30d", 1, 0.2)]),
    ],
    TIME,
  );

  it("lists only SLOs burning faster than sustainable, fastest budget spend first", () => {
    // Share of the budget per hour = burn / window hours:
    // c 20/720 = 0.0278, b (7 d) 2/168 = 0.0119, a 4/720 = 0.0056; d's burn 1 is sustainable.
    expect(rows.map((r) => `${r.workload}/${r.slo}`)).toEqual([
      "c/availability",
      "b/availability",
      "a/availability",
    ]);
    expect(rows[0]!.spendPerHour).toBeCloseTo(20 / 720, 12);
    expect(rows[1]!.spendPerHour).toBeCloseTo(2 / 168, 12);
  });

  it("carries the 1-hour burn, the budget left, the time to exhaustion and the firing tiers", () => {
    const c = rows[0]!;
    expect(c.burn1h).toBe(20);
    expect(c.budgetRemaining).toBe(0.9);
    // 0.9 × 30 d / 20 = 1.35 d.
    expect(c.timeToExhaustionMs).toBeCloseTo(1.35 * DAY_MS, 3);
    // 20 is above 14.4, 6, 3 and 1: every tier fires.
    expect(c.firingTiers).toEqual(["page-fast", "page-slow", "ticket-1d", "ticket-3d"]);
    // a at 4: above 3 and 1 only (30 d factors 14.4, 6, 3, 1).
    expect(rows[2]!.firingTiers).toEqual(["ticket-1d", "ticket-3d"]);
  });

  it("breaks ties in spend by the smaller budget left", () => {
    const tied = burningSlos(
      [
        workload("x", [slo("availability", "30d", 3, 0.6)]),
        workload("y", [slo("availability", "30d", 3, 0.1)]),
      ],
      TIME,
    );
    expect(tied.map((r) => r.workload)).toEqual(["y", "x"]);
  });
});

describe("alert rows", () => {
  it("puts firing before pending, pages before tickets, then the longest-active first", () => {
    const at = (m: number) => Date.parse("2026-03-10T12:00:00Z") - m * 60_000;
    const mk = (state: "firing" | "pending", severity: string, min: number, workload: string) => ({
      labels: { alertname: "SLOErrorBudgetBurn", severity, slo: "availability", workload },
      annotations: {},
      state,
      activeAtMs: at(min),
      value: 1,
    });
    const rows = alertRows(
      [
        mk("pending", "page", 60, "p"),
        mk("firing", "ticket", 90, "t"),
        mk("firing", "page", 5, "new"),
        mk("firing", "page", 30, "old"),
      ],
      "workload",
    );
    expect(rows.map((r) => r.workload)).toEqual(["old", "new", "t", "p"]);
    expect(rows[0]).toMatchObject({ name: "SLOErrorBudgetBurn", severity: "page", summary: null });
  });
});

describe("last good data per panel", () => {
  const report = (at: string, ok: boolean): OnCallReport => ({
    evaluatedAt: at,
    burning: ok
      ? { ok: true, data: [] }
      : { ok: false, error: { source: "Prometheus", tag: "slo", message: "down" } },
    alerts: { ok: true, data: [] },
    incidents: ok
      ? { ok: true, data: [] }
      : { ok: false, error: { source: "Prometheus", tag: "inc", message: "down" } },
    roster: [],
  });

  it("keeps a failed panel's last data and its time, with the error", () => {
    const first = mergeReport(undefined, report("2026-03-10T12:00:00.000Z", true));
    const second = mergeReport(first, report("2026-03-10T12:00:15.000Z", false));
    expect(second.evaluatedAt).toBe("2026-03-10T12:00:15.000Z");
    expect(second.panels.burning).toEqual({
      data: [],
      asOf: "2026-03-10T12:00:00.000Z",
      error: { source: "Prometheus", message: "down" },
    });
    expect(second.panels.alerts.asOf).toBe("2026-03-10T12:00:15.000Z");
    // Still down: still the first good data.
    const third = mergeReport(second, report("2026-03-10T12:00:30.000Z", false));
    expect(third.panels.incidents.asOf).toBe("2026-03-10T12:00:00.000Z");
    // Without earlier data there is only the error.
    expect(
      mergeReport(undefined, report("2026-03-10T12:00:00.000Z", false)).panels.burning.data,
    ).toBeNull();
  });
});
