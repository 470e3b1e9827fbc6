"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { RANGES, type RangeKey } from "@/lib/time/ranges";
import { workloadHref } from "@/lib/workload/url";

const PRESETS = Object.keys(RANGES) as RangeKey[];

/** "2026-05-01T12:30" in UTC, the value a datetime-local input takes. */
const toInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const fromInput = (v: string) => Date.parse(`${v}:00Z`);

/**
 * Preset ranges as links (each is its own ISR path) and a custom range from two
 * datetime-local inputs (UTC), applied on the client through react-query.
 */
export function RangeControls({
  name,
  preset,
  custom,
  fromMs,
  toMs,
  onApply,
}: {
  name: string;
  preset: RangeKey;
  custom: boolean;
  fromMs: number;
  toMs: number;
  onApply: (fromMs: number, toMs: number) => void;
}) {
  const id = useId();
  const [from, setFrom] = useState(toInput(fromMs));
  const [to, setTo] = useState(toInput(toMs));
  const [shown, setShown] = useState({ fromMs, toMs });
  const [error, setError] = useState<string | null>(null);
  // Follow zooms and preset changes made elsewhere (state adjusted during render).
  if (shown.fromMs !== fromMs || shown.toMs !== toMs) {
    setShown({ fromMs, toMs });
    setFrom(toInput(fromMs));
    setTo(toInput(toMs));
  }
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const f = fromInput(from);
    const t = fromInput(to);
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setError("Enter both times.");
    if (t <= f) return setError("“To” must be after “From”.");
    setError(null);
    onApply(f, Math.min(t, Date.now()));
  };
  return (
    <div className="flex flex-wrap items-end gap-4">
      <nav
        aria-label="Time range"
        className="flex gap-1 rounded-md border border-border bg-panel p-1"
      >
        {PRESETS.map((r) => (
          <Link
            key={r}
            href={workloadHref(name, r)}
            aria-current={!custom && r === preset ? "page" : undefined}
            title={RANGES[r].label}
            className={`rounded px-2 py-1 text-sm ${
              !custom && r === preset ? "bg-accent text-white" : "text-muted hover:text-ink"
            }`}
          >
            {r}
          </Link>
        ))}
      </nav>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Custom range">
        <div className="flex flex-col text-xs text-muted">
          <label htmlFor={`${id}-from`}>From (UTC)</label>
          <input
            id={`${id}-from`}
            type="datetime-local"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            className="rounded border border-border bg-panel px-2 py-1 text-sm text-ink"
          />
        </div>
        <div className="flex flex-col text-xs text-muted">
          <label htmlFor={`${id}-to`}>To (UTC)</label>
          <input
            id={`${id}-to`}
            type="datetime-local"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            className="rounded border border-border bg-panel px-2 py-1 text-sm text-ink"
          />
        </div>
        <button
          type="submit"
          className="rounded border border-border px-3 py-1 text-sm hover:text-ink focus-visible:outline-2 focus-visible:outline-accent"
        >
          Apply
        </button>
        {error && (
          <p role="alert" className="text-xs text-bad">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}
