/**
 * The PromQL language: names validated, label values escaped, matchers parsed and
 * printed, regex alternations escaped. Pure: no I/O, safe anywhere. It holds no query of
 * Sightline's own: those are composed from these pieces in lib/prometheus/, by purpose
 * (docs/architecture.md, "Where a query lives"). The catalog parses its selectors here.
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

/**
 * A label name as PromQL writes it in a matcher or a `by (…)` clause. A dotted name
 * (OpenTelemetry's `http.response.status_code`, kept by Prometheus 3's UTF-8 support) is
 * written quoted; only such backends store one.
 */
export function labelToString(label: string): string {
  if (LABEL_NAME_RE.test(label) || !DOTTED_LABEL_RE.test(label)) return assertLabelName(label);
  return `"${label}"`;
}

/** OpenTelemetry's names as Prometheus 3 keeps them: the classic charset plus dots. */
const DOTTED_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:.]*$/;
const DOTTED_LABEL_RE = /^[a-zA-Z][a-zA-Z0-9_.]*$/;

export function matcherToString(m: Matcher): string {
  return `${labelToString(m.label)}${m.op}"${escapeLabelValue(m.value)}"`;
}

/** Whether a metric name can stand bare in PromQL (`http.server.request.duration` cannot). */
export function isClassicMetricName(name: string): boolean {
  return NAME_RE.test(name);
}

/**
 * `metric{a="b",c=~"d"}`; matchers are emitted in the order given. A UTF-8 metric name
 * (dots, as Prometheus 3 stores OpenTelemetry names untranslated) is selected by
 * `{__name__="…"}`, which every PromQL version parses.
 */
export function selector(metric: string, matchers: Matcher[]): string {
  const parts = matchers.map(matcherToString);
  if (isClassicMetricName(metric)) return `${metric}{${parts.join(",")}}`;
  if (!DOTTED_NAME_RE.test(metric)) assertMetricName(metric);
  return `{${[`__name__="${metric}"`, ...parts].join(",")}}`;
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

/**
 * A histogram bucket bound from its `le` label, whatever its spelling: `1`, `1.0`,
 * `1e+00`, `+Inf`. Null for something that is not a number.
 */
export function parseBound(le: string): number | null {
  const t = le.trim();
  if (/^\+?inf$/i.test(t)) return Infinity;
  if (/^-inf$/i.test(t)) return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

/**
 * A regex that matches every way a client or Prometheus spells the bucket bound `value`
 * in `le`: the text format's `1`, OpenMetrics' and Prometheus 3's `1.0`, trailing zeros,
 * and exponent forms (`1e+06`, `2.5e-05`, as Go and Python write large and small bounds).
 * Selecting with it works whichever spelling the series carry, even both at once.
 */
export function boundRegex(value: number): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new PromQLError(`a bucket bound must be a finite number >= 0 (got ${value})`);
  }
  // Shortest round-trip digits and exponent: value = 0.D × 10^(exp + 1) = D[0].D[1..] × 10^exp
  value = Number(value.toPrecision(12)); // 0.1 + 0.2 is the bound 0.3
  const [mant, expPart] = value.toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const exp = Number(expPart);
  if (value === 0) return "0(\\.0+)?|0(\\.0+)?[eE][+-]?0+|-0(\\.0+)?";
  // Positional: integer and fractional digits of the shortest form.
  let int: string;
  let frac: string;
  if (exp >= 0) {
    int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    frac = digits.slice(exp + 1);
  } else {
    int = "0";
    frac = "0".repeat(-exp - 1) + digits;
  }
  const positional = frac ? `${int}\\.${frac}0*` : `${int}(\\.0+)?`;
  const m0 = digits[0]!;
  const mRest = digits.slice(1);
  const mantissa = mRest ? `${m0}\\.${mRest}0*` : `${m0}(\\.0+)?`;
  const sign = exp < 0 ? "-" : "\\+?";
  const scientific = `${mantissa}[eE]${sign}0*${Math.abs(exp)}`;
  return `${positional}|${scientific}`;
}
