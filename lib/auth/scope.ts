/**
 * Team scopes (docs/auth.md, "Team scopes"): which workloads a viewer may see, and the
 * helpers that narrow cached reports to them. The data cache is shared by every viewer;
 * each page, route handler and action narrows what it read with these, per request,
 * before anything reaches a client component or a response. Pure: unit-tested.
 */
import type { PanelResult } from "../errors/data-source-error";
import { hasRole } from "./roles";
import type { VerifiedSession } from "./session";

/** What a scope depends on: the session's role and teams (lib/auth/session.ts). */
export type Viewer = Pick<VerifiedSession, "role" | "teams">;

/** What a scope reads of the catalog: each workload's team. */
export interface TeamCatalog {
  workloads: readonly { name: string; team: string }[];
}

/** Whether the viewer sees every team (admins always do, whatever their teams say). */
export function seesEverything(viewer: Viewer): boolean {
  return viewer.role === "admin" || viewer.teams === "all";
}

export function canSeeTeam(viewer: Viewer, team: string): boolean {
  return seesEverything(viewer) || (viewer.teams as string[]).includes(team);
}

/**
 * Whether the viewer may see the workload: it is in the catalog and its team is one of
 * theirs. A workload the catalog does not know is seen by nobody here (callers answer it
 * exactly as they answer one of another team: existence does not leak).
 */
export function canSeeWorkload(viewer: Viewer, workload: string, catalog: TeamCatalog): boolean {
  const w = catalog.workloads.find((x) => x.name === workload);
  return w !== undefined && canSeeTeam(viewer, w.team);
}

/**
 * The names of the workloads the viewer may see, or null for every workload (no
 * narrowing needed: lists are returned as they are, without a copy).
 */
export function visibleWorkloads(viewer: Viewer, catalog: TeamCatalog): Set<string> | null {
  if (seesEverything(viewer)) return null;
  return new Set(catalog.workloads.filter((w) => canSeeTeam(viewer, w.team)).map((w) => w.name));
}

/** A narrowing: the workloads kept (null: every workload, nothing to narrow). */
export type WorkloadScope = Set<string> | null;

/** Whether a workload name (null: an item of no workload) is within `scope`. */
export function inScope(scope: WorkloadScope, workload: string | null): boolean {
  return scope === null || (workload !== null && scope.has(workload));
}

/**
 * The items whose workload is within `scope`, in their order. An item of no workload
 * (`workloadOf` returns null) is kept only by an unscoped viewer.
 */
export function filterByWorkload<T>(
  scope: WorkloadScope,
  items: readonly T[],
  workloadOf: (item: T) => string | null,
): T[] {
  if (scope === null) return items as T[];
  return items.filter((item) => inScope(scope, workloadOf(item)));
}

/** A record keyed by workload name, narrowed to the keys within `scope`. */
export function pickWorkloads<V>(
  scope: WorkloadScope,
  record: Record<string, V>,
): Record<string, V> {
  if (scope === null) return record;
  return Object.fromEntries(Object.entries(record).filter(([k]) => scope.has(k)));
}

/** A panel with its data mapped (an error, or the stale mark, is kept as it is). */
export function mapPanel<T, U>(panel: PanelResult<T>, f: (data: T) => U): PanelResult<U> {
  return panel.ok ? { ...panel, data: f(panel.data) } : panel;
}

/**
 * Whether the viewer may manage (list, revoke) something `creator` created, such as an
 * embed token or a report link: an admin anyone's, an editor their own, a viewer nothing.
 */
export function canManage(
  viewer: Pick<VerifiedSession, "user" | "role">,
  creator: string,
): boolean {
  if (hasRole(viewer.role, "admin")) return true;
  return hasRole(viewer.role, "editor") && viewer.user === creator;
}
