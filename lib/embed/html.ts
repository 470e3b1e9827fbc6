/**
 * HTML and SVG built as text, escaped by construction (docs/embeds.md, "Why not React"):
 * every value interpolated into `html`…`` is escaped unless it is itself the result of
 * `html`, so a workload or SLO name can never become markup. Pure.
 */
const SAFE = Symbol("safe-html");

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly text: string;
}

const safe = (text: string): SafeHtml => ({ [SAFE]: true, text });

export const isSafe = (v: unknown): v is SafeHtml =>
  typeof v === "object" && v !== null && (v as Partial<SafeHtml>)[SAFE] === true;

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

type Value = SafeHtml | string | number | null | undefined | false | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return "";
  if (Array.isArray(v)) return v.map(render).join("");
  if (isSafe(v)) return v.text;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  return escapeXml(String(v));
}

/** The template tag: literal parts kept, values escaped (arrays joined, null/false dropped). */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return safe(out);
}
