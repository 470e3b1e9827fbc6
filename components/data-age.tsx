"use client";

import { useEffect, useState } from "react";

function describeAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}

/** "Data as of 12:04:15 UTC (40 s ago)": the age of cached data, kept current. */
export function DataAge({ at }: { at: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const id = setInterval(tick, 5000);
    return () => clearInterval(id);
  }, []);
  const time = new Date(at);
  return (
    <p className="text-xs text-muted" data-testid="data-age" data-evaluated-at={at}>
      Data as of <time dateTime={at}>{time.toISOString().slice(11, 19)} UTC</time>
      {now !== null && ` (${describeAge(now - time.getTime())})`}
    </p>
  );
}
