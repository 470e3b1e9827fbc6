/**
 * PromQL is built here, never concatenated elsewhere. Label values are escaped, names are
 * validated, and regex alternations escape metacharacters. Pure: no I/O, safe anywhere.
 */

export const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export type MatchOp = "=" | "!=" | "=~" | "!~";
export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

export class PromQLError extends Error {
  override name = "PromQLError";
}

export function assertMetricName(name: string): string {
  if (!NAME_RE.test(name)) throw new PromQLError(`invalid metric name "${name}"`);
  return name;
}

export function assertLabelName(name: string): string {
  if (!LABEL_NAME_RE.test(name) || name.startsWith("__")) {
    throw new PromQLError(`invalid label name "${name}"`);
  }
  return name;
}

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * Escapes a value for a double-quoted PromQL string (Go literal rules). Besides `\` and
 * `"`, control characters are escaped (a raw newline ends the string for the lexer) and so
 * is U+FFFD, which the lexer reads as invalid UTF-8 when it stands raw. Every other
 * character, any script or emoji, stands as itself.
 */
export function escapeLabelValue(value: string): string {
  return value.replace(
    /[\\"\u0000-\u001f\u007f\ufffd]/g,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const UNESCAPES: Record<string, string> = {
  a: "\u0007",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** The text of a double-quoted PromQL string's body: Go escapes, `\c` → c for the rest. */
function unescapeLabelValue(body: string): string {
  return body.replace(
    /\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|([^]))/g,
    (_, x?: string, u?: string, U?: string, octal?: string, c?: string) => {
      if (c !== undefined) return UNESCAPES[c] ?? c;
      const code = x ? parseInt(x, 16) : octal ? parseInt(octal, 8) : parseInt((u ?? U)!, 16);
      if ((x || octal) && code > 0x7f) {
        throw new PromQLError(`byte escape "${_}" above 0x7f: write the character itself`);
      }
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) {
        throw new PromQLError(`escape "${_}" is no Unicode code point`);
      }
      return String.fromCodePoint(code);
    },
  );
}

/** Escapes RE2 metacharacters so a literal value can stand in a `=~` alternation. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function matcherToString(m: Matcher): string {
  return `${assertLabelName(m.label)}${m.op}"${escapeLabelValue(m.value)}"`;
}

/** `metric{a="b",c=~"d"}`; matchers are emitted in the order given. */
export function selector(metric: string, matchers: Matcher[]): string {
  return `${assertMetricName(metric)}{${matchers.map(matcherToString).join(",")}}`;
}

/** One matcher that selects any of the given literal values. */
export function anyOf(label: string, values: string[]): Matcher {
  if (values.length === 1) return { label, op: "=", value: values[0]! };
  return { label, op: "=~", value: values.map(escapeRegex).join("|") };
}

const MATCHER_RE = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/;

/**
 * Parses a user-written matcher list such as `namespace="shop", cluster=~"eu-.*"`
 * (braces optional). Throws PromQLError saying what is wrong where.
 */
export function parseMatchers(input: string): Matcher[] {
  let rest = input.trim();
  if (rest.startsWith("{") && rest.endsWith("}")) rest = rest.slice(1, -1).trim();
  const out: Matcher[] = [];
  while (rest.length > 0) {
    const m = MATCHER_RE.exec(rest);
    if (!m) {
      throw new PromQLError(`expected label="value" matchers separated by commas near "${rest}"`);
    }
    const label = m[1]!;
    if (label.startsWith("__")) throw new PromQLError(`reserved label name "${label}"`);
    const value = unescapeLabelValue(m[3]!);
    if (m[2] === "=~" || m[2] === "!~") assertValidRegex(value);
    out.push({ label, op: m[2] as MatchOp, value });
    rest = rest.slice(m[0].length).trim();
    if (m[4] === "," && rest.length === 0) break;
  }
  return out;
}

function assertValidRegex(value: string): void {
  try {
    new RegExp(`^(?:${value})$`);
  } catch {
    throw new PromQLError(`invalid regular expression "${value}"`);
  }
}

/** A PromQL range duration from a whitelist-checked string like `5m`, `1h`, `30d`. */
export function duration(d: string): string {
  if (!/^\d+(ms|s|m|h|d|w|y)$/.test(d)) throw new PromQLError(`invalid duration "${d}"`);
  return d;
}

/**
 * `query` with the constant label `label="value"` added to every result (PromQL's
 * label_replace idiom), so that several expressions can travel in one `or` query.
 */
export function withLabel(query: string, label: string, value: string): string {
  return `label_replace(${query}, "${assertLabelName(label)}", "${escapeLabelValue(value)}", "", "")`;
}

/**
 * Several expressions whose results have disjoint label sets, as one query: one round trip
 * and one of Prometheus's concurrent-query slots (20 by default) instead of many.
 */
export function union(queries: string[]): string {
  if (queries.length === 0) throw new PromQLError("union of no queries");
  return queries.length === 1 ? queries[0]! : queries.map((q) => `(${q})`).join(" or ");
}
