/**
 * Multi-window, multi-burn-rate alert tiers (Google SRE workbook; docs/numbers.md). A tier
 * fires when the burn rate is above its factor over both its long and its short window.
 */
import { TIER_NAMES, type TierName } from "../catalog/slo-schema";

export const BURN_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

export const BURN_WINDOW_MS: Record<BurnWindow, number> = {
  "5m": 5 * 60_000,
  "30m": 30 * 60_000,
  "1h": 3600_000,
  "2h": 2 * 3600_000,
  "6h": 6 * 3600_000,
  "1d": 86400_000,
  "3d": 3 * 86400_000,
};

export interface Tier {
  name: TierName;
  severity: "page" | "ticket";
  /** Share of the SLO window's budget the tier lets burn over its long window. */
  budgetSpent: number;
  long: BurnWindow;
  short: BurnWindow;
}

const TIER_TABLE: { [N in TierName]: Omit<Tier, "name"> } = {
  "page-fast": { severity: "page", budgetSpent: 0.02, long: "1h", short: "5m" },
  "page-slow": { severity: "page", budgetSpent: 0.05, long: "6h", short: "30m" },
  "ticket-1d": { severity: "ticket", budgetSpent: 0.1, long: "1d", short: "2h" },
  "ticket-3d": { severity: "ticket", budgetSpent: 0.1, long: "3d", short: "6h" },
};

/** One tier per name the catalog accepts, in the catalog's order. */
export const TIERS: readonly Tier[] = TIER_NAMES.map((name) => ({ name, ...TIER_TABLE[name] }));

/**
 * factor = budget spent × W / long window (30 d: 0.02 × 720 h / 1 h = 14.4), scaled to
 * any SLO window, and never below 1: a burn of 1 or less leaves budget at the window's
 * end, so a tier for a short window (7 d: ticket-3d 0.23) would fire on sustainable burn.
 */
export function tierFactor(tier: Tier, sloWindowMs: number): number {
  return Math.max(1, (tier.budgetSpent * sloWindowMs) / BURN_WINDOW_MS[tier.long]);
}

export interface TierState {
  tier: string;
  severity: Tier["severity"];
  factor: number;
  longWindow: BurnWindow;
  shortWindow: BurnWindow;
  longBurn: number | null;
  shortBurn: number | null;
  firing: boolean;
}

/**
 * The state of every tier from burn rates per window. A window with no traffic (null)
 * never fires a tier. `overrides` replaces a tier's factor by name (per-SLO catalog setting).
 */
export function tierStates(
  burn: Partial<Record<BurnWindow, number | null>>,
  sloWindowMs: number,
  overrides: Partial<Record<string, number>> = {},
): TierState[] {
  return TIERS.map((t) => {
    const factor = overrides[t.name] ?? tierFactor(t, sloWindowMs);
    const longBurn = burn[t.long] ?? null;
    const shortBurn = burn[t.short] ?? null;
    return {
      tier: t.name,
      severity: t.severity,
      factor,
      longWindow: t.long,
      shortWindow: t.short,
      longBurn,
      shortBurn,
      firing: longBurn !== null && shortBurn !== null && longBurn > factor && shortBurn > factor,
    };
  });
}
