/** The final table of `npm run bench`: one row per metric, measured in this one run. */

export interface Row {
  metric: string;
  measured: string;
  target: string;
  /** Ratio printed as is (already formatted), e.g. "0.93×". */
  ratio: string;
  pass: boolean | null;
}

export const fmtX = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "n/a");
export const fmtMs = (ms: number) => `${ms.toFixed(0)} ms`;
export const fmtKb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function printTable(rows: Row[]): void {
  const head: Row = {
    metric: "metric",
    measured: "measured",
    target: "target",
    ratio: "ratio",
    pass: null,
  };
  const cells = (r: Row, i: number) => [
    r.metric,
    r.measured,
    r.target,
    r.ratio,
    i === 0 ? "result" : r.pass === null ? "n/a" : r.pass ? "PASS" : "FAIL",
  ];
  const all = [head, ...rows].map(cells);
  const widths = all[0]!.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  console.log("");
  all.forEach((r, i) => {
    console.log(`  ${r.map((c, j) => c.padEnd(widths[j]!)).join("  ")}`);
    if (i === 0) console.log(`  ${widths.map((w) => "-".repeat(w)).join("  ")}`);
  });
  const failed = rows.filter((r) => r.pass === false).length;
  console.log(
    `\n  ${rows.length - failed} of ${rows.length} rows pass; ratios and counts are from this one run ` +
      "(the machine is shared: compare ratios, not seconds).",
  );
}
