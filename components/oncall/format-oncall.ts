/** Display formats of the on-call view, shared with its tests. */

const DASH = "—";

/** 45_000 → "45 s", 5_400_000 → "1 h 30 min", 3 days → "3 d 0 h". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return DASH;
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, "0")} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "14:03:27 UTC". */
export function formatClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** "Mon 5 Jan 09:00 UTC". */
export function formatHandoff(ms: number): string {
  const d = new Date(ms);
  const day = d.toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" });
  const date = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  return `${day} ${date} ${d.toISOString().slice(11, 16)} UTC`;
}

export function formatBurn(burn: number): string {
  return `${burn >= 10 ? burn.toFixed(0) : burn.toFixed(1)}×`;
}
