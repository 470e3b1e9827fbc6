/**
 * A small, strict reader of the PromQL found in SLO specs: it lists the vector selectors,
 * functions, binary operators and numbers of an expression, and refuses what it does not
 * understand (offsets, `@`, subqueries, string arguments, templates other than the window).
 */
import { parseMatchers, PromQLError, type Matcher } from "../promql";

export interface VectorSelector {
  metric: string;
  matchers: Matcher[];
}

export interface QueryShape {
  selectors: VectorSelector[];
  /** Functions and aggregations in order of appearance, e.g. ["sum", "rate"]. */
  functions: string[];
  /** Binary operators at any depth, e.g. ["-"] or ["/"]. */
  operators: string[];
  numbers: number[];
}

export class QueryError extends Error {
  override name = "QueryError";
}

const GROUPING = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);
const SET_OPS = new Set(["and", "or", "unless"]);
const IDENT = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const OPERATOR = /^(?:==|!=|<=|>=|<|>|\+|-|\*|\/|%|\^)/;

/** Index just past the bracket that closes the one at `start` (strings inside are skipped). */
function closing(text: string, start: number, open: string, close: string): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if (c === open) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  throw new QueryError(`unbalanced "${open}" in the query`);
}

function matchersOf(body: string): Matcher[] {
  try {
    return parseMatchers(body);
  } catch (e) {
    throw new QueryError(e instanceof PromQLError ? e.message : String(e));
  }
}

/** Reads a PromQL expression; Sloth's `{{.window}}` placeholder stands for any range. */
export function parseQuery(query: string): QueryShape {
  const text = query.replace(/\{\{\s*\.window\s*\}\}/g, "5m");
  if (text.includes("{{")) throw new QueryError("template placeholders other than {{.window}}");
  const shape: QueryShape = { selectors: [], functions: [], operators: [], numbers: [] };
  let i = 0;
  const next = () => {
    while (/\s/.test(text[i] ?? "")) i++;
    return text[i] ?? "";
  };
  while (next() !== "") {
    const rest = text.slice(i);
    const c = rest[0]!;
    if (c === "#") {
      const eol = rest.indexOf("\n");
      i = eol < 0 ? text.length : i + eol;
    } else if (c === "[") {
      const end = closing(text, i, "[", "]");
      if (text.slice(i, end).includes(":")) throw new QueryError("subqueries");
      i = end;
    } else if (c === "(" || c === ")" || c === ",") {
      i++;
    } else if (c === "{") {
      throw new QueryError("a selector without a metric name");
    } else if (c === '"' || c === "'" || c === "`") {
      throw new QueryError("string arguments");
    } else if (c === "@") {
      throw new QueryError("the @ modifier");
    } else if (NUMBER.test(rest)) {
      const n = NUMBER.exec(rest)![0];
      shape.numbers.push(Number(n));
      i += n.length;
    } else if (IDENT.test(rest)) {
      const word = IDENT.exec(rest)![0];
      i += word.length;
      const after = next();
      if (GROUPING.has(word)) {
        if (after === "(") i = closing(text, i, "(", ")");
      } else if (word === "offset") {
        throw new QueryError("offset");
      } else if (word === "bool") {
        shape.operators.push("bool");
      } else if (SET_OPS.has(word)) {
        shape.operators.push(word);
      } else if (after === "(" || /^(by|without)\s*\(/.test(text.slice(i))) {
        shape.functions.push(word); // `sum (...)`, `sum by (le) (...)`
      } else if (after === "{") {
        const end = closing(text, i, "{", "}");
        shape.selectors.push({ metric: word, matchers: matchersOf(text.slice(i, end)) });
        i = end;
      } else {
        shape.selectors.push({ metric: word, matchers: [] });
      }
    } else if (OPERATOR.test(rest)) {
      const op = OPERATOR.exec(rest)![0];
      shape.operators.push(op);
      i += op.length;
    } else {
      throw new QueryError(`unexpected "${c}"`);
    }
  }
  if (shape.selectors.length === 0) {
    throw new QueryError("no metric selector: a constant such as vector(1) counts no events");
  }
  return shape;
}

const ZERO_FALLBACK = /\s+or\s+(?:on\s*\(\s*\)\s*)?vector\s*\(\s*0(?:\.0*)?\s*\)\s*$/;

/**
 * The query without a trailing `or on() vector(0)` (or `or vector(0)`), the idiom that
 * turns "no series" into 0: Sightline already counts missing bad events as none.
 */
export function stripZeroFallback(query: string): { query: string; stripped: boolean } {
  let q = query.trim();
  let stripped = false;
  for (;;) {
    const m = ZERO_FALLBACK.exec(q);
    if (m) {
      q = q.slice(0, m.index).trim();
      stripped = true;
    } else if (q.startsWith("(") && enclosed(q)) {
      q = q.slice(1, -1).trim();
    } else {
      return { query: q, stripped };
    }
  }
}

/** Whether the bracket opening `q` closes at its very end. */
function enclosed(q: string): boolean {
  try {
    return closing(q, 0, "(", ")") === q.length;
  } catch {
    return false;
  }
}

const COUNTER_FUNCTIONS = new Set(["sum", "rate", "increase", "irate"]);
const GAUGE_FUNCTIONS = new Set(["sum", "max", "min", "avg", "avg_over_time", "max_over_time"]);

function onlyFunctions(shape: QueryShape, allowed: Set<string>, what: string): void {
  const other = shape.functions.find((f) => !allowed.has(f));
  if (other) throw new QueryError(`${other}() over ${what}`);
}

function describe(shape: QueryShape): string {
  const names = shape.selectors.map((s) => s.metric).join(", ");
  const ops = shape.operators.length ? `, operators ${shape.operators.join(" ")}` : "";
  const nums = shape.numbers.length ? `, numbers ${shape.numbers.join(" ")}` : "";
  return `${shape.selectors.length === 1 ? "selector" : "selectors"} ${names}${ops}${nums}`;
}

/** `sum(rate(metric{...}[w]))`: one counter, summed. */
export function counterSelector(query: string): VectorSelector {
  const shape = parseQuery(query);
  if (shape.selectors.length !== 1 || shape.operators.length || shape.numbers.length) {
    throw new QueryError(
      `expected one counter summed, like sum(rate(x_total{...}[5m])); found ${describe(shape)}`,
    );
  }
  onlyFunctions(shape, COUNTER_FUNCTIONS, "a counter");
  return shape.selectors[0]!;
}

/** `sum(rate(a{...}[w])) - sum(rate(b{...}[w]))`, as Sloth writes slow requests. */
export function counterDifference(query: string): [VectorSelector, VectorSelector] | null {
  const shape = parseQuery(query);
  if (shape.selectors.length !== 2 || shape.operators.join() !== "-" || shape.numbers.length) {
    return null;
  }
  onlyFunctions(shape, COUNTER_FUNCTIONS, "a counter");
  return [shape.selectors[0]!, shape.selectors[1]!];
}

/** `histogram_quantile(q, sum by (le) (rate(x_bucket{...}[w])))`. */
export function quantileOf(shape: QueryShape): { q: number; bucket: VectorSelector } | null {
  if (!shape.functions.includes("histogram_quantile")) return null;
  const [q] = shape.numbers;
  if (shape.selectors.length !== 1 || shape.operators.length || shape.numbers.length !== 1) {
    throw new QueryError(
      `expected histogram_quantile over one histogram, found ${describe(shape)}`,
    );
  }
  const rest = shape.functions.filter((f) => f !== "histogram_quantile");
  onlyFunctions({ ...shape, functions: rest }, COUNTER_FUNCTIONS, "a histogram");
  if (!(q! > 0 && q! < 1)) throw new QueryError(`quantile ${q} is not between 0 and 1`);
  return { q: q!, bucket: shape.selectors[0]! };
}

/** `in_use{...} / max{...}`, optionally aggregated. */
export function gaugeRatio(shape: QueryShape): [VectorSelector, VectorSelector] | null {
  if (shape.selectors.length !== 2 || shape.operators.join() !== "/" || shape.numbers.length) {
    return null;
  }
  onlyFunctions(shape, GAUGE_FUNCTIONS, "a gauge");
  return [shape.selectors[0]!, shape.selectors[1]!];
}
