/**
 * What an embed token fixes (docs/embeds.md): the panel, what it is about, the range, the
 * origins allowed to frame it and the default theme. Pure: importable by plain Node (the
 * front door in scripts/start.mjs), the server and the browser.
 */
import { isRange, type RangeKey } from "../time/ranges";
import { CHART_KEYS, type ChartKey } from "../workload/types";

export const PANELS = ["status", "burndown", "indicator", "team", "badge"] as const;
export type PanelKind = (typeof PANELS)[number];

export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/** The token's audience: an embed token is good for nothing else, and nothing else for it. */
export const EMBED_AUDIENCE = "sightline:embed";
export const EMBED_ISSUER = "sightline";
/** The longest a token may live (a year and a day). */
export const MAX_TTL_SECONDS = 366 * 86_400;
export const MAX_ORIGINS = 10;

/** What a token shows; every field is fixed by the signature, never by a query parameter. */
export interface EmbedSubject {
  panel: PanelKind;
  /** The workload, for every panel but `team`. */
  workload?: string;
  /** The team, for the `team` panel. */
  team?: string;
  /** The SLO: required by `burndown`; `status` and `badge` show every SLO without it. */
  slo?: string;
  /** The workload chart, for `indicator`. */
  indicator?: ChartKey;
  range: RangeKey;
  /** Exact origins (`https://wiki.example`) allowed to frame the panel; none for a badge. */
  origins: string[];
  theme: Theme;
}

export interface EmbedClaims extends EmbedSubject {
  jti: string;
  /** Issued at and expires at, unix seconds. */
  iat: number;
  exp: number;
}

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`, or null. */
export function exactOrigin(value: string): string | null {
  if (typeof value !== "string" || value.length > 200) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  return url.origin === value ? value : null;
}

/** A catalog name: workload names are any label value (docs/architecture.md), so any text. */
const isName = (v: unknown): v is string =>
  typeof v === "string" && v.length > 0 && v.length <= 256 && !/[\u0000-\u001f\u007f]/.test(v);

/**
 * Checks what a token shows (after its signature): returns the subject, or why not. Each
 * panel names exactly what it needs and nothing else, so a token cannot carry a field a
 * page would read by mistake.
 */
export function parseSubject(raw: Record<string, unknown>): EmbedSubject | string {
  const panel = raw.panel;
  if (typeof panel !== "string" || !(PANELS as readonly string[]).includes(panel)) {
    return "panel: expected one of " + PANELS.join(", ");
  }
  const range = raw.range;
  if (typeof range !== "string" || !isRange(range)) return "range: expected a preset range";
  const theme = raw.theme;
  if (typeof theme !== "string" || !(THEMES as readonly string[]).includes(theme)) {
    return "theme: expected light or dark";
  }
  const origins = raw.origins;
  if (!Array.isArray(origins) || origins.length > MAX_ORIGINS) {
    return `origins: expected a list of at most ${MAX_ORIGINS} origins`;
  }
  for (const o of origins) {
    if (exactOrigin(o as string) === null) return "origins: expected exact http(s) origins";
  }
  const subject: EmbedSubject = {
    panel: panel as PanelKind,
    range,
    theme: theme as Theme,
    origins: [...new Set(origins as string[])],
  };
  const want = {
    status: { workload: true, slo: false },
    burndown: { workload: true, slo: true },
    indicator: { workload: true, indicator: true },
    team: { team: true },
    badge: { workload: true, slo: false },
  }[subject.panel] as Partial<Record<"workload" | "team" | "slo" | "indicator", boolean>>;
  for (const field of ["workload", "team", "slo", "indicator"] as const) {
    const value = raw[field];
    const required = want[field];
    if (value === undefined) {
      if (required) return `${field}: required by the ${panel} panel`;
      continue;
    }
    if (required === undefined) return `${field}: not part of the ${panel} panel`;
    if (field === "indicator") {
      if (!(CHART_KEYS as readonly unknown[]).includes(value)) return "indicator: unknown chart";
      subject.indicator = value as ChartKey;
    } else {
      if (!isName(value)) return `${field}: expected a name`;
      subject[field] = value;
    }
  }
  return subject;
}
