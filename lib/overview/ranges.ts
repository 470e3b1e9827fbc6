import type { RangeKey } from "../time/ranges";

/** Presets of the overview's first panel; the second always shows LONG_RANGE. */
export const OVERVIEW_PRESETS = ["1h", "6h", "24h", "7d"] as const satisfies readonly RangeKey[];
export type OverviewPreset = (typeof OVERVIEW_PRESETS)[number];

export function isOverviewPreset(value: string): value is OverviewPreset {
  return (OVERVIEW_PRESETS as readonly string[]).includes(value);
}

/** The long window every overview shows beside the chosen preset. */
export const LONG_RANGE: RangeKey = "30d";
