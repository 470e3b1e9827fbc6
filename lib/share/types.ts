/**
 * Report links' shapes (docs/report-links.md): shared by the server (lib/share) and the
 * components that draw a frozen page. Plain, serialisable data; no server imports.
 */
import type { CostReport } from "../cost";
import type { RecommendationsReport } from "../cost/recommendations";
import type { Overview } from "../overview";
import type { OverviewRow } from "../overview/rows";
import type { WorkloadRoutes, WorkloadSeries } from "../workload/types";

export const REPORT_KINDS = ["overview", "workload", "cost"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Who may open a link: anyone signed in (whose teams cover the data), or anyone at all. */
export const AUDIENCES = ["signed-in", "anyone"] as const;
export type Audience = (typeof AUDIENCES)[number];

/** What a page showed, frozen when the link was made. */
export type ReportData =
  | { kind: "overview"; overview: Overview; rows: OverviewRow[] }
  | { kind: "workload"; series: WorkloadSeries; routes: WorkloadRoutes }
  | { kind: "cost"; report: CostReport; recommendations: RecommendationsReport };

/** A link's state now: shown, or gone (answered 410). */
export type ReportState = "live" | "expired" | "revoked";

/** A link as "Shared by me" lists it. Times are unix ms. */
export interface ReportListItem {
  id: string;
  creator: string;
  createdMs: number;
  expiresMs: number;
  revokedMs: number | null;
  audience: Audience;
  kind: ReportKind;
  range: string;
  title: string;
  workload: string | null;
  state: ReportState;
  viewsSignedIn: number;
  viewsAnyone: number;
}

/** A link to show at /r/{id}. */
export interface ReportView {
  id: string;
  creator: string;
  createdMs: number;
  expiresMs: number;
  audience: Audience;
  kind: ReportKind;
  range: string;
  title: string;
  workload: string | null;
  data: ReportData;
}

/** 16 random bytes in base64url: 22 characters. */
export const REPORT_ID = /^[A-Za-z0-9_-]{22}$/;
export const isReportId = (s: string) => REPORT_ID.test(s);

/** The path of a link; the page adds its origin. */
export const reportPath = (id: string) => `/r/${id}`;

/** A link's state at `nowMs`: revoked wins over expired. */
export function reportState(
  link: { expiresMs: number; revokedMs: number | null },
  nowMs: number,
): ReportState {
  if (link.revokedMs !== null) return "revoked";
  return nowMs >= link.expiresMs ? "expired" : "live";
}

/** The longest a title may be; longer ones are cut. */
export const TITLE_MAX = 200;
