/** The on-call report served by /api/v1/oncall and rendered by /oncall. Plain, serialisable data. */
import type { OnCall } from "../catalog/roster";
import type { PanelResult } from "../errors/data-source-error";

export interface BurningSlo {
  workload: string;
  team: string;
  slo: string;
  objective: number;
  window: string;
  /** Burn rate over the last hour (1 spends exactly the budget over the SLO window). */
  burn1h: number;
  /** Share of the whole budget spent per hour at the 1-hour burn. */
  spendPerHour: number;
  budgetRemaining: number | null;
  /** Null: never at this burn, or the budget is already spent (see budgetRemaining). */
  timeToExhaustionMs: number | null;
  /** Alert tiers firing by the burn-rate math, e.g. ["page-fast"]. */
  firingTiers: string[];
}

export interface AlertRow {
  name: string;
  state: "firing" | "pending";
  severity: string | null;
  workload: string | null;
  slo: string | null;
  tier: string | null;
  summary: string | null;
  activeAtMs: number;
}

export interface Incident {
  workload: string;
  slo: string;
  /** Tiers that paged during the incident, e.g. ["page-fast", "page-slow"]. */
  tiers: string[];
  startMs: number;
  /** Null while the alert still fires. */
  endMs: number | null;
  durationMs: number;
}

export interface OnCallReport {
  evaluatedAt: string;
  burning: PanelResult<BurningSlo[]>;
  alerts: PanelResult<AlertRow[]>;
  incidents: PanelResult<Incident[]>;
  /** From the catalog: never fails once the app has started. */
  roster: OnCall[];
}

export const PANELS = ["burning", "alerts", "incidents"] as const;
export type PanelKey = (typeof PANELS)[number];

/** The react-query key of the on-call report, shared by the server prefetch and the client. */
export const ONCALL_QUERY_KEY = ["oncall"] as const;
