import { describe, expect, it } from "vitest";
import { applyFilter, type OverviewRow } from "@/components/overview/overview-rows";

function row(
  workload: string,
  team: string,
  tier: number,
  burnRate: number | null,
  budgetRemaining: number | null,
): OverviewRow {
  return {
    workload,
    team,
    tier,
    health: { status: "healthy", burnRate, budgetRemaining, reasons: [] },
    values: null,
    sparkline: null,
  };
}

const rows = [
  row("api", "platform", 0, 0.5, 0.9),
  row("search", "discovery", 1, 21, -1),
  row("checkout", "payments", 0, 0.7, -0.02),
  row("unknown", "data", 3, null, null),
];
const all = { team: "", tier: "", search: "", sort: "burn" as const };

describe("overview filter", () => {
  it("puts the fastest burn first and unknowns last", () => {
    expect(applyFilter(rows, all).map((r) => r.workload)).toEqual([
      "search",
      "checkout",
      "api",
      "unknown",
    ]);
  });

  it("sorts by budget remaining, lowest first", () => {
    expect(applyFilter(rows, { ...all, sort: "budget" }).map((r) => r.workload)).toEqual([
      "search",
      "checkout",
      "api",
      "unknown",
    ]);
  });

  it("filters by team, tier and name", () => {
    expect(applyFilter(rows, { ...all, team: "payments" }).map((r) => r.workload)).toEqual([
      "checkout",
    ]);
    expect(applyFilter(rows, { ...all, tier: "0" }).map((r) => r.workload)).toEqual([
      "checkout",
      "api",
    ]);
    expect(applyFilter(rows, { ...all, search: "SEA" }).map((r) => r.workload)).toEqual(["search"]);
  });
});
