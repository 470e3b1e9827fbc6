import type { OverviewRow } from "@/lib/overview/rows";

export type { OverviewRow };

export type SortKey = "burn" | "budget" | "name";

export interface OverviewFilter {
  team: string;
  tier: string;
  search: string;
  sort: SortKey;
}

/** Nulls sort last whatever the direction: unknown is never the most urgent. */
function compareNullable(a: number | null, b: number | null, dir: 1 | -1): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a - b) * dir;
}

/** Filters and sorts rows; stable, so equal rows keep catalog order. */
export function applyFilter(rows: OverviewRow[], f: OverviewFilter): OverviewRow[] {
  const q = f.search.trim().toLowerCase();
  const kept = rows.filter(
    (r) =>
      (f.team === "" || r.team === f.team) &&
      (f.tier === "" || String(r.tier) === f.tier) &&
      (q === "" || r.workload.toLowerCase().includes(q)),
  );
  const by: Record<SortKey, (a: OverviewRow, b: OverviewRow) => number> = {
    burn: (a, b) => compareNullable(a.health?.burnRate ?? null, b.health?.burnRate ?? null, -1),
    budget: (a, b) =>
      compareNullable(a.health?.budgetRemaining ?? null, b.health?.budgetRemaining ?? null, 1),
    name: (a, b) => a.workload.localeCompare(b.workload),
  };
  return [...kept].sort(by[f.sort]);
}
