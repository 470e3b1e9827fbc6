/** The route table's rows and their client-side sorting. Pure. */
import type { RouteRow } from "../clickhouse/queries/routes";

export type { RouteRow };

export type RouteSortKey = keyof RouteRow;
export type SortDirection = "asc" | "desc";

/**
 * Rows sorted by one column. Nulls (no value) go last in either direction; ties keep
 * route order so the table does not jump between renders.
 */
export function sortRoutes(rows: RouteRow[], key: RouteSortKey, dir: SortDirection): RouteRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) {
      if (x === y) return a.route.localeCompare(b.route);
      return x === null ? 1 : -1;
    }
    const c = typeof x === "string" ? x.localeCompare(String(y)) : x - Number(y);
    return c !== 0 ? sign * c : a.route.localeCompare(b.route);
  });
}

/** The direction a column starts in when first clicked: names A→Z, numbers largest first. */
export function defaultDirection(key: RouteSortKey): SortDirection {
  return key === "route" ? "asc" : "desc";
}
