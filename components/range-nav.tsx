import Link from "next/link";
import { OVERVIEW_PRESETS } from "@/lib/overview/ranges";
import { RANGES, type RangeKey } from "@/lib/time/ranges";

/** Preset ranges as links: each is its own cached path. */
export function RangeNav({ current }: { current: RangeKey }) {
  return (
    <nav
      aria-label="Time range"
      className="flex gap-1 rounded-md border border-border bg-panel p-1"
    >
      {OVERVIEW_PRESETS.map((r) => (
        <Link
          key={r}
          href={`/overview/${r}`}
          aria-current={r === current ? "page" : undefined}
          title={RANGES[r].label}
          className={`rounded px-2 py-1 text-sm ${
            r === current ? "bg-accent text-white" : "text-muted hover:text-ink"
          }`}
        >
          {r}
        </Link>
      ))}
    </nav>
  );
}
