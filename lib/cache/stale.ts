/**
 * Last good data per panel (docs/caching.md, "A failing source"). Pure and generic: a report
 * is plain data (objects and arrays) with the time it was evaluated, and its panels are the
 * `PanelResult`s found anywhere in it. Two reports of the same identity match their panels
 * by path: property names, and for an array element its `key` when it has one (a workload's
 * charts), else its index. A panel is a leaf: its data is never walked.
 */
import type { PanelError, PanelResult, PanelWarning, StaleMark } from "../errors/data-source-error";

/** What the loader caches: plain data with the time its figures were evaluated. */
export interface Report {
  /** ISO 8601. */
  evaluatedAt: string;
}

/** The newest good data of each panel of one report identity, by path. */
export interface LastGood {
  /** The newest evaluation remembered (ISO 8601). */
  evaluatedAt: string;
  /** Each panel's data, when it was evaluated, and the warnings its answers carried. */
  panels: Record<string, { data: unknown; asOf: string; warnings?: PanelWarning[] }>;
}

type Panel = PanelResult<unknown>;

/** A `PanelResult`, recognised by its shape. */
export function isPanel(value: unknown): value is Panel {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as { ok?: unknown; data?: unknown; error?: unknown };
  if (v.ok === true) return "data" in v;
  if (v.ok !== false || typeof v.error !== "object" || v.error === null) return false;
  return typeof (v.error as { message?: unknown }).message === "string";
}

function elementSegment(element: unknown, index: number): string {
  const key = (element as { key?: unknown } | null)?.key;
  return typeof element === "object" && typeof key === "string" ? `[${key}]` : `[${index}]`;
}

const join = (path: string, segment: string) =>
  path === "" ? segment : segment.startsWith("[") ? path + segment : `${path}/${segment}`;

/**
 * `value` with every panel replaced by `visit(panel, path)`. Copies only the objects and
 * arrays on the way to a replaced panel; everything else is shared with `value`.
 */
function mapPanels(value: unknown, path: string, visit: (p: Panel, path: string) => Panel) {
  if (isPanel(value)) return visit(value, path);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((element, i) => {
      const next = mapPanels(element, join(path, elementSegment(element, i)), visit);
      if (next !== element) (out ??= value.slice())[i] = next;
    });
    return out ?? value;
  }
  if (typeof value === "object" && value !== null) {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const next = mapPanels(v, join(path, k), visit);
      if (next !== v) (out ??= { ...value })[k] = next;
    }
    return out ?? value;
  }
  return value;
}

function forEachPanel(report: Report, visit: (p: Panel, path: string) => void): void {
  mapPanels(report, "", (p, path) => {
    visit(p, path);
    return p;
  });
}

const ms = Date.parse;

/**
 * A freshly computed report, each failed panel replaced by its last good data marked stale
 * (`{ok: true, data, stale: {asOf, error}}`); panels that succeeded stay as they are. A
 * panel that arrives stale (derived from another report's stale figures) takes the last
 * good data instead when that is newer. Last good data evaluated after `fresh` (a report
 * asked about an earlier moment) is not used.
 */
export function withLastGood<T extends Report>(fresh: T, last: LastGood | undefined): T {
  if (!last) return fresh;
  const at = ms(fresh.evaluatedAt);
  // Last good data keeps the warnings it was computed with.
  const stale = (good: LastGood["panels"][string], error: PanelError): Panel => ({
    ok: true,
    data: good.data,
    stale: { asOf: good.asOf, error },
    ...(good.warnings && { warnings: good.warnings }),
  });
  return mapPanels(fresh, "", (p, path) => {
    const good = last.panels[path];
    if (!good || ms(good.asOf) > at) return p;
    if (!p.ok) return stale(good, p.error);
    if (p.stale && ms(good.asOf) > ms(p.stale.asOf)) return stale(good, p.stale.error);
    return p;
  }) as T;
}

/**
 * The last good data after `report`: each panel with data keeps the newer of what was
 * remembered and what the report holds (a stale panel counts with its original time, so
 * data stale across several failed refreshes keeps the time it was evaluated).
 */
export function rememberGood(last: LastGood | undefined, report: Report): LastGood {
  const panels = { ...last?.panels };
  forEachPanel(report, (p, path) => {
    if (!p.ok) return;
    const asOf = p.stale?.asOf ?? report.evaluatedAt;
    const had = panels[path];
    if (had) {
      const newer = ms(asOf) - ms(had.asOf);
      // Equal times: a recomputation of the same step replaces, a stale copy does not.
      if (newer < 0 || (newer === 0 && p.stale)) return;
    }
    panels[path] = { data: p.data, asOf, ...(p.warnings && { warnings: p.warnings }) };
  });
  const evaluatedAt =
    last && ms(last.evaluatedAt) >= ms(report.evaluatedAt) ? last.evaluatedAt : report.evaluatedAt;
  return { evaluatedAt, panels };
}

/** True when a source failed for some panel of `report`: it failed, or shows last good data. */
export function isDegraded(report: Report): boolean {
  let degraded = false;
  forEachPanel(report, (p) => {
    if (!p.ok || p.stale) degraded = true;
  });
  return degraded;
}

/** What an API answer says about stale panels: the oldest one, and which panels are stale. */
export interface StaleSummary extends StaleMark {
  /** Seconds between `asOf` and the answer. */
  ageSeconds: number;
  /** Paths of every panel showing last good data, e.g. "indicators", "charts[latency]/result". */
  panels: string[];
}

/** The oldest stale panel of `report` at `nowMs`; undefined when every panel is fresh or failed. */
export function staleSummary(report: Report, nowMs: number): StaleSummary | undefined {
  let oldest: StaleMark | undefined;
  const panels: string[] = [];
  forEachPanel(report, (p, path) => {
    if (!p.ok || !p.stale) return;
    panels.push(path);
    if (!oldest || ms(p.stale.asOf) < ms(oldest.asOf)) oldest = p.stale;
  });
  if (!oldest) return undefined;
  const ageSeconds = Math.max(0, Math.round((nowMs - ms(oldest.asOf)) / 1000));
  return { asOf: oldest.asOf, ageSeconds, error: oldest.error, panels };
}

/** A panel's warning, with the panel's path in the report. */
export interface PanelWarningAt extends PanelWarning {
  panel: string;
}

/** Every panel of a report that carries warnings, with its path; undefined when none does. */
export function warningsSummary(report: Report): PanelWarningAt[] | undefined {
  const found: PanelWarningAt[] = [];
  forEachPanel(report, (p, path) => {
    if (p.ok) for (const w of p.warnings ?? []) found.push({ panel: path, ...w });
  });
  return found.length > 0 ? found : undefined;
}
