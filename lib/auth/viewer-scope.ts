/**
 * Team scopes against the server's catalog (docs/auth.md, "Team scopes"); the rules are
 * lib/auth/scope.ts's.
 */
import "server-only";
import { getCatalog } from "../catalog";
import { canSeeWorkload, visibleWorkloads, type Viewer, type WorkloadScope } from "./scope";

/** The workloads the viewer may see, or null for every workload. */
export function scopeOf(viewer: Viewer): WorkloadScope {
  return visibleWorkloads(viewer, getCatalog());
}

/** Whether the viewer may see this workload of the catalog (false for an unknown one). */
export function maySeeWorkload(viewer: Viewer, workload: string): boolean {
  return canSeeWorkload(viewer, workload, getCatalog());
}
