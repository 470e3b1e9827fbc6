/**
 * What the on-call view shows per panel: the newest good data, or — when its source fails —
 * the last good data marked stale with its time and the error: the browser's own, or the
 * server's (a panel the server answered with its last good data, lib/cache/stale.ts),
 * whichever is newer. Pure; runs in the browser.
 */
import type { PanelResult } from "../errors/data-source-error";
import { PANELS, type OnCallReport, type PanelKey } from "./types";

type PanelData<K extends PanelKey> = OnCallReport[K] extends PanelResult<infer T> ? T : never;

export interface ShownPanel<T> {
  /** Null when no good answer has arrived yet. */
  data: T | null;
  /** When `data` was evaluated (ISO 8601). */
  asOf: string | null;
  /** Set while the source fails: `data`, if any, is stale since `asOf`. */
  error: { source: string; message: string } | null;
}

export interface OnCallViewData {
  evaluatedAt: string;
  roster: OnCallReport["roster"];
  panels: { [K in PanelKey]: ShownPanel<PanelData<K>> };
}

function mergePanel<T>(
  prev: ShownPanel<T> | undefined,
  next: PanelResult<T>,
  evaluatedAt: string,
): ShownPanel<T> {
  if (next.ok) {
    const { stale } = next;
    if (!stale) return { data: next.data, asOf: evaluatedAt, error: null };
    const error = { source: stale.error.source, message: stale.error.message };
    const newerHere =
      prev?.data != null && prev.asOf !== null && Date.parse(prev.asOf) > Date.parse(stale.asOf);
    return newerHere
      ? { data: prev.data, asOf: prev.asOf, error }
      : { data: next.data, asOf: stale.asOf, error };
  }
  const error = { source: next.error.source, message: next.error.message };
  return { data: prev?.data ?? null, asOf: prev?.asOf ?? null, error };
}

/** The view after a new report: good panels replace, failed panels keep their last data. */
export function mergeReport(prev: OnCallViewData | undefined, next: OnCallReport): OnCallViewData {
  const panels = Object.fromEntries(
    PANELS.map((k) => [
      k,
      mergePanel(prev?.panels[k], next[k] as PanelResult<unknown>, next.evaluatedAt),
    ]),
  ) as OnCallViewData["panels"];
  return { evaluatedAt: next.evaluatedAt, roster: next.roster, panels };
}
