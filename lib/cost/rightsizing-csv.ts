/**
 * The right-sizing table as CSV (RFC 4180): a header row, then one row per workload and
 * container in the table's order (largest savings first), CRLF line ends. A field that
 * holds a comma, a quote, CR or LF is quoted, its quotes doubled; workload names are any
 * label value, so any of those may occur. A text field that a spreadsheet would read as a
 * formula (it starts with =, +, -, @, tab or CR) is written with a leading apostrophe.
 * Numbers are plain: cores, bytes, dollars per month. Pure.
 */
import type { ResourceRecommendation, RightSizing, RightSizingRow } from "./rightsizing";

type Cell = string | number | null;

/** The columns, in order, and how each reads a row. */
const COLUMNS: [name: string, text: boolean, value: (r: RightSizingRow) => Cell][] = [
  ["workload", true, (r) => r.workload],
  ["team", true, (r) => r.team],
  ["namespace", true, (r) => r.namespace],
  ["target", true, (r) => r.target],
  ["container", true, (r) => r.container],
  ["pods", false, (r) => r.pods],
  ...resourceColumns("cpu", "cores", "p95"),
  ...resourceColumns("memory", "bytes", "peak"),
  ["savings_usd_per_month", false, (r) => dollars(r.savingsUsdPerMonth)],
];

function resourceColumns(
  res: "cpu" | "memory",
  unit: string,
  basis: string,
): [string, boolean, (r: RightSizingRow) => Cell][] {
  const of = (f: (x: ResourceRecommendation) => Cell) => (r: RightSizingRow) => f(r[res]);
  return [
    [`${res}_request_${unit}`, false, of((x) => x.current)],
    [`${res}_${basis}_${unit}`, false, of((x) => x.basis)],
    [`${res}_recommended_${unit}`, false, of((x) => x.recommended)],
    [`${res}_data_points`, false, of((x) => x.dataPoints)],
    [`${res}_held_back`, true, of((x) => x.heldBack.map((h) => h.code).join(";"))],
    [`${res}_held_back_why`, true, of((x) => x.heldBack.map((h) => h.message).join(" "))],
    [`${res}_savings_usd_per_month`, false, of((x) => dollars(x.savingsUsdPerMonth))],
  ];
}

const dollars = (x: number | null) => (x === null ? null : Number(x.toFixed(2)));

/** Starts a spreadsheet would read as a formula. */
const FORMULA = /^[=+\-@\t\r]/;

/** One CSV field: quoted when it holds a comma, quote, CR or LF; empty for null. */
export function csvField(value: Cell, text = typeof value === "string"): string {
  if (value === null) return "";
  let s = String(value);
  if (text && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_HEADER = COLUMNS.map(([name]) => name);

/** The table as CSV text. */
export function rightSizingCsv(rs: RightSizing): string {
  const lines = [CSV_HEADER.join(",")];
  for (const row of rs.rows) {
    lines.push(COLUMNS.map(([, text, value]) => csvField(value(row), text)).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

/** `sightline-rightsizing-2026-05-04T1200Z.csv` for an evaluation time (ISO 8601). */
export function csvFilename(evaluatedAt: string): string {
  const stamp = evaluatedAt.slice(0, 16).replace(":", "");
  return `sightline-rightsizing-${stamp}Z.csv`;
}
