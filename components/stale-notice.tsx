"use client";

import type { StaleMark } from "@/lib/errors/data-source-error";
import { describeAge, useNow } from "./data-age";
import { Entity } from "./entity";

/** "(4 min old)", kept current; nothing until the page runs in the browser. */
export function StaleAge({
  asOf,
  before = "",
  after = "",
}: {
  asOf: string;
  before?: string;
  after?: string;
}) {
  const now = useNow();
  if (now === null) return null;
  return (
    <span>
      {before}
      <span data-testid="stale-age">{describeAge(now - Date.parse(asOf))} old</span>
      {after}
    </span>
  );
}

/**
 * The line above data that is stale because its source failed since (lib/cache/stale.ts):
 * "Stale: last good data from 12:03:15 UTC (4 min old) — Prometheus (tag): message".
 */
export function StaleNotice({
  stale,
  what = "data",
  compact = false,
}: {
  stale: StaleMark;
  what?: string;
  /** Small type, for a chart card. */
  compact?: boolean;
}) {
  return (
    <p
      role="status"
      data-testid="panel-stale"
      data-as-of={stale.asOf}
      data-source={stale.error.source}
      className={`border-b border-border bg-warn/15 break-words text-warn ${
        compact ? "px-2 py-1 text-xs" : "px-4 py-2 text-sm"
      }`}
    >
      <span className="font-semibold">
        Stale: last good {what} from{" "}
        <time dateTime={stale.asOf}>{new Date(stale.asOf).toISOString().slice(11, 19)} UTC</time>
        <StaleAge asOf={stale.asOf} before=" (" after=")" />
      </span>{" "}
      <Entity name="mdash" /> {stale.error.message}
    </p>
  );
}
