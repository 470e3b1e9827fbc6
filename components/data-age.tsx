"use client";

import { useEffect, useState } from "react";

/** "40 s", "4 min", "2 h". */
export function describeAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.round(m / 60)} h`;
}

/** The browser's clock, every 5 s; null during the server render and hydration. */
export function useNow(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const id = setInterval(tick, 5000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/** "Data as of 12:04:15 UTC (40 s ago)": the age of cached data, kept current. */
export function DataAge({ at }: { at: string }) {
  const now = useNow();
  const time = new Date(at);
  return (
    <p className="text-xs text-muted" data-testid="data-age" data-evaluated-at={at}>
      Data as of <time dateTime={at}>{time.toISOString().slice(11, 19)} UTC</time>
      {now !== null && ` (${describeAge(now - time.getTime())} ago)`}
    </p>
  );
}
