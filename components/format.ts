/** Display formats shared by pages and tests, so both read numbers the same way. */

const DASH = "—";

export function formatPercent(ratio: number | null, digits = 2): string {
  return ratio === null ? DASH : `${(ratio * 100).toFixed(digits)}%`;
}

/** Seconds → "183 ms" or "2.45 s". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return DASH;
  if (!Number.isFinite(seconds)) return "> max bucket";
  return seconds < 1 ? `${(seconds * 1000).toFixed(0)} ms` : `${seconds.toFixed(2)} s`;
}

export function formatMs(ms: number | null): string {
  return formatSeconds(ms === null ? null : ms / 1000);
}

export function formatCount(n: number | null): string {
  if (n === null) return DASH;
  const units: [number, string][] = [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, suffix] of units) if (n >= size) return `${(n / size).toFixed(1)}${suffix}`;
  return n.toFixed(0);
}

export function formatUsd(n: number | null): string {
  if (n === null) return DASH;
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
