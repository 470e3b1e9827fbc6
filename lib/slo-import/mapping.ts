/**
 * Maps the queries of one source SLO onto the catalog model: which workload (by one
 * equality matcher), which shared selector, which metrics, which indicator and threshold.
 */
import { canonicalWindow, WINDOWS_EXPECTED, type SloWindow } from "../catalog/slo-schema";
import { matcherToString, type Matcher } from "../promql";
import {
  counterDifference,
  counterSelector,
  gaugeRatio,
  parseQuery,
  quantileOf,
  QueryError,
  stripZeroFallback,
  type VectorSelector,
} from "./query";
import {
  Unsupported,
  type ConventionField,
  type QueryRef,
  type SloDraft,
  type SloEntry,
} from "./types";

/** Labels that name a workload in sources, when the catalog's grouping label is absent. */
export const IDENTITY_LABELS = ["job", "service", "app", "workload"];

export type Facts = Partial<Record<Exclude<ConventionField, "errors">, string>> & {
  errors?: Matcher[];
};

export interface MappedSlo {
  draft: SloDraft;
  workload: string;
  grouping: Matcher;
  selector: Matcher[];
  slo: SloEntry;
  facts: Facts;
  notes: string[];
}

/**
 * A source's window as the catalog writes it: any rolling Prometheus duration (`2w` →
 * `14d`), or `1M` not rolling → calendar-month. Throws Unsupported naming the fix.
 */
export function windowOf(duration: string, rolling: boolean, field: string): SloWindow {
  const text = duration.trim();
  if (!rolling) {
    if (text === "1M") return "calendar-month";
    throw new Unsupported(
      field,
      `${text || "no duration"}, not rolling: Sightline's only calendar window is the month (1M); make it rolling (isRolling: true) to keep ${text || "the length"}`,
    );
  }
  const window = canonicalWindow(text);
  if (window !== null && window !== "calendar-month") return window;
  const month = /^\d+M$/.test(text) ? ` (a rolling month has no fixed length: write 30d)` : "";
  throw new Unsupported(field, `${text || "missing"}: expected ${WINDOWS_EXPECTED}${month}`);
}

/** 0.999 → 99.9 without floating-point noise. */
export function percentOf(ratio: number): number {
  return Number((ratio * 100).toPrecision(12));
}

/** Seconds as the catalog writes a latency threshold: 0.2 → "200ms", 1 → "1s". */
export function durationOf(seconds: number): string | null {
  if (!(seconds > 0) || !Number.isFinite(seconds)) return null;
  return seconds < 1
    ? `${Number((seconds * 1000).toPrecision(12))}ms`
    : `${Number(seconds.toPrecision(12))}s`;
}

export function formatMatchers(ms: Matcher[]): string {
  return ms.map(matcherToString).join(", ");
}

const same = (a: Matcher, b: Matcher) =>
  a.label === b.label && a.op === b.op && a.value === b.value;
const minus = (a: Matcher[], b: Matcher[]) => a.filter((m) => !b.some((n) => same(m, n)));
export const sameMatchers = (a: Matcher[], b: Matcher[]) =>
  minus(a, b).length === 0 && minus(b, a).length === 0;

const NEGATE = { "=": "!=", "!=": "=", "=~": "!~", "!~": "=~" } as const;

/** Runs a query reader, turning its refusal into an Unsupported naming the field. */
function read<T>(ref: QueryRef, reader: (q: string) => T): T {
  try {
    return reader(ref.query);
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    const example = /\b(like|e\.g\.)\b/.test(e.message)
      ? ""
      : '; write it over raw series, like sum(rate(x_total{job="a"}[5m]))';
    throw new Unsupported(ref.field, `cannot map the query: ${e.message}${example}`);
  }
}

/** How an SLO's workload was named; `target` is the catalog's grouping label. */
interface Identity {
  /** `target="value"`: the workload as the catalog selects it. */
  grouping: Matcher;
  /** The source's matcher that named it, left out of the selector. */
  used?: Matcher;
  note?: string;
}

function single(found: Matcher[], field: string): Matcher {
  const g = found[0]!;
  if (found.length > 1 || g.op !== "=") {
    throw new Unsupported(
      field,
      `${found.map(matcherToString).join(", ")} names no single workload: one spec per workload, each with ${g.label}="<name>"`,
    );
  }
  // Any label value names a workload but the empty one, which means "label absent".
  if (g.value === "") {
    throw new Unsupported(field, `${matcherToString(g)} selects series without the label`);
  }
  return g;
}

/**
 * The workload of a total selector: the catalog's label; else the label given (--label)
 * or the one identity label present, read as the catalog's; else the spec's own name for
 * the service (Sloth `service`, OpenSLO `spec.service`, Pyrra's labels or name).
 */
function identify(
  total: VectorSelector,
  field: string,
  d: SloDraft,
  target: string,
  label?: string,
): Identity {
  const having = (l: string) => total.matchers.filter((m) => m.label === l);
  const as = (g: Matcher): Matcher => ({ label: target, op: "=", value: g.value });
  if (having(target).length) return { grouping: single(having(target), field) };
  if (label !== undefined && having(label).length) {
    const used = single(having(label), field);
    return {
      grouping: as(used),
      used,
      note: `${matcherToString(used)} read as ${target} (--label ${label})`,
    };
  }
  const present = IDENTITY_LABELS.filter((l) => l !== label && having(l).length);
  if (label === undefined && present.length === 1) {
    const used = single(having(present[0]!), field);
    return { grouping: as(used), used, note: `${matcherToString(used)} read as ${target}` };
  }
  if (label === undefined && present.length > 1) {
    const shown = present.map((l) => matcherToString(having(l)[0]!)).join(" and ");
    throw new Unsupported(
      field,
      `${shown} could each name the workload: choose with ${present.map((l) => `--label ${l}`).join(" or ")}`,
    );
  }
  if (d.fallback) {
    const grouping: Matcher = { label: target, op: "=", value: d.fallback.name };
    const why =
      label !== undefined
        ? `no ${label}="..." matcher`
        : `no ${[...new Set([target, ...IDENTITY_LABELS])].join("/")} matcher`;
    return {
      grouping,
      note: `${why}: named after ${d.fallback.from}; the catalog selects ${matcherToString(grouping)}`,
    };
  }
  const wanted = [target, ...(label !== undefined ? [label] : IDENTITY_LABELS)];
  throw new Unsupported(
    field,
    `no ${[...new Set(wanted)].join(", ")}="..." matcher names the workload, and the spec names no service: add ${target}="<workload>" to the queries`,
  );
}

/** `le="0.2"` of a bucket selector → "200ms". */
function thresholdOfLe(bucket: VectorSelector, field: string): { le: Matcher; threshold: string } {
  const le = bucket.matchers.find((m) => m.label === "le");
  const threshold = le?.op === "=" ? durationOf(Number(le.value)) : null;
  if (!le || !threshold) {
    throw new Unsupported(field, `expected le="<seconds>" on ${bucket.metric}`);
  }
  return { le, threshold };
}

/** What one SLI maps to, before the workload is identified. */
interface SliMapping {
  slo: SloEntry;
  facts: Facts;
  /** The matchers every query of the SLI shares (grouping matcher included). */
  shared: Matcher[];
  /** The selector the workload is identified from. */
  total: VectorSelector;
  notes?: string[];
}

function latencyOf(
  total: VectorSelector,
  bucket: VectorSelector,
  field: string,
  objective: number,
): SliMapping {
  const base = total.metric.replace(/_count$/, "");
  if (!total.metric.endsWith("_count") || bucket.metric !== `${base}_bucket`) {
    throw new Unsupported(field, `expected ${base}_bucket{le=...} over ${base}_count`);
  }
  const { le, threshold } = thresholdOfLe(bucket, field);
  const extra = minus(bucket.matchers, [...total.matchers, le]);
  if (extra.length || minus(total.matchers, bucket.matchers).length) {
    throw new Unsupported(field, "the bucket and count selectors differ beyond le");
  }
  const slo: SloEntry = { indicator: "latency", threshold, objective };
  return { slo, facts: { latency: base }, shared: total.matchers, total };
}

/** The events' selector must carry every matcher of the total's it is a part of. */
function requireAll(matchers: Matcher[], side: VectorSelector, field: string): void {
  const lacking = minus(matchers, side.matchers);
  if (lacking.length) {
    throw new Unsupported(field, `lacks ${formatMatchers(lacking)} of the total selector`);
  }
}

/**
 * Failures counted by a counter of their own (`prometheus_rule_evaluation_failures_total`
 * over `prometheus_rule_evaluations_total`): `metrics.failures`, with the counter's own
 * matchers beyond the total's as `errors`.
 */
function failuresOf(
  total: VectorSelector,
  side: VectorSelector,
  good: boolean,
  field: string,
  objective: number,
): SliMapping {
  if (good) {
    throw new Unsupported(
      field,
      `${side.metric} counts good events apart from the total's ${total.metric}: Sightline reads failures, so give the failures counter (bad events) instead`,
    );
  }
  requireAll(total.matchers, side, field);
  const errors = minus(side.matchers, total.matchers);
  const slo: SloEntry = { indicator: "availability", objective };
  const facts: Facts = { requests: total.metric, failures: side.metric, errors };
  return { slo, facts, shared: total.matchers, total };
}

/** The events beyond `total` that make a request bad (`bad`) or good (negated). */
function eventsOf(
  total: VectorSelector,
  side: VectorSelector,
  good: boolean,
  field: string,
  objective: number,
): SliMapping {
  if (side.metric !== total.metric) return failuresOf(total, side, good, field, objective);
  const own = minus(side.matchers, total.matchers);
  // A cache hit rate counts lookups by result="hit"/"miss"; any other result (error,
  // failure, timeout) is an outcome label of an availability SLO.
  const result = own.find((m) => m.label === "result" && /^(hit|miss)$/.test(m.value));
  const all = result && total.matchers.find((m) => m.label === "result");
  const shared = total.matchers.filter((m) => m !== all);
  requireAll(shared, side, field);
  if (own.length === 0) throw new Unsupported(field, "selects the same series as the total");
  if (result) {
    const hit = good ? "hit" : "miss";
    if (own.length > 1 || result.op !== "=" || result.value !== hit) {
      throw new Unsupported(field, `expected result="${hit}" alone for a cache hit rate`);
    }
    if (all && !(all.op === "=~" && ["hit|miss", "miss|hit"].includes(all.value))) {
      throw new Unsupported(
        field,
        `expected result=~"hit|miss" on the total, not ${matcherToString(all)}`,
      );
    }
    const slo: SloEntry = { indicator: "cache-hit-rate", objective };
    return { slo, facts: { cache: total.metric }, shared, total };
  }
  if (good && own.length > 1) {
    throw new Unsupported(
      field,
      `good requests by ${formatMatchers(own)}: their negation is no matcher list`,
    );
  }
  const errors = good ? own.map((m) => ({ ...m, op: NEGATE[m.op] })) : own;
  const slo: SloEntry = { indicator: "availability", objective };
  return { slo, facts: { requests: total.metric, errors }, shared: total.matchers, total };
}

function mapRatio(d: SloDraft, sli: Extract<SloDraft["sli"], { kind: "ratio" }>): SliMapping {
  const total = read(sli.total, counterSelector);
  const diff = sli.bad ? read(sli.bad, counterDifference) : null;
  if (sli.bad && diff) {
    const [count, bucket] = diff;
    if (count.metric !== total.metric || !sameMatchers(count.matchers, total.matchers)) {
      throw new Unsupported(
        sli.bad.field,
        `${count.metric}{...} - ... does not start from the total`,
      );
    }
    return latencyOf(total, bucket, sli.bad.field, d.objective);
  }
  const side = (sli.good ?? sli.bad)!;
  const one = read(side, counterSelector);
  if (sli.good && one.metric.endsWith("_bucket")) {
    return latencyOf(total, one, sli.good.field, d.objective);
  }
  return eventsOf(total, one, sli.good !== undefined, side.field, d.objective);
}

function mapThreshold(
  d: SloDraft,
  sli: Extract<SloDraft["sli"], { kind: "threshold" }>,
): SliMapping {
  const { field } = sli.query;
  const shape = read(sli.query, parseQuery);
  const quantile = read(sli.query, () => quantileOf(shape));
  const ratio = quantile ? null : read(sli.query, () => gaugeRatio(shape));
  const what = quantile ? "a latency quantile" : "pool utilization";
  if (sli.op !== "lte" && sli.op !== "lt") {
    throw new Unsupported(
      `${sli.objectiveField}.op`,
      `${sli.op}: ${what} is good at or under the value`,
    );
  }
  if (quantile) {
    const threshold = durationOf(sli.value);
    if (!quantile.bucket.metric.endsWith("_bucket") || !threshold) {
      throw new Unsupported(
        field,
        "expected histogram_quantile over a _bucket, compared to seconds",
      );
    }
    const objective = percentOf(quantile.q);
    const target = `${percentOf(d.objective / 100)}%`;
    const slices = sli.sliceWindow
      ? `${target} of ${sli.sliceWindow} slices`
      : `${target} of evaluations`;
    return {
      slo: { indicator: "latency", threshold, objective },
      facts: { latency: quantile.bucket.metric.replace(/_bucket$/, "") },
      shared: quantile.bucket.matchers,
      total: quantile.bucket,
      notes: [
        `per-slice p${objective} ≤ ${threshold} in ${slices} became ${objective}% of requests ≤ ${threshold}`,
      ],
    };
  }
  if (!ratio)
    throw new Unsupported(field, "expected histogram_quantile(...) or in_use{...} / max{...}");
  const [inUse, max] = ratio;
  if (!sameMatchers(inUse.matchers, max.matchers)) {
    throw new Unsupported(field, "the two sides of the utilization select different series");
  }
  if (!(sli.value > 0 && sli.value <= 1)) {
    throw new Unsupported(
      `${sli.objectiveField}.value`,
      `${sli.value}: expected the limit as a ratio of max, e.g. 0.8`,
    );
  }
  const slice = sli.sliceWindow && sli.sliceWindow !== "1m";
  return {
    slo: { indicator: "pool-utilization", threshold: percentOf(sli.value), objective: d.objective },
    facts: { poolInUse: inUse.metric, poolMax: max.metric },
    shared: inUse.matchers,
    total: inUse,
    notes: slice ? [`${sli.sliceWindow} slices became Sightline's 1m slices`] : [],
  };
}

/** Maps one drafted SLO onto the catalog's grouping label `target`; throws Unsupported. */
export function mapDraft(d: SloDraft, target: string, label?: string): MappedSlo {
  if (!(d.objective > 0 && d.objective < 100)) {
    throw new Unsupported(
      d.objectiveField,
      `${d.objective}% is not between 0 and 100: write the objective as a percentage below 100, e.g. 99.9`,
    );
  }
  const notes: string[] = [];
  const clean = (r: QueryRef | undefined): QueryRef | undefined => {
    if (!r) return r;
    const s = stripZeroFallback(r.query);
    if (s.stripped)
      notes.push(`${r.field}: "or vector(0)" dropped: no series already counts as no events`);
    return { ...r, query: s.query };
  };
  const sli =
    d.sli.kind === "ratio"
      ? { ...d.sli, good: clean(d.sli.good), bad: clean(d.sli.bad), total: clean(d.sli.total)! }
      : { ...d.sli, query: clean(d.sli.query)! };
  const part = sli.kind === "ratio" ? mapRatio(d, sli) : mapThreshold(d, sli);
  const field = sli.kind === "ratio" ? sli.total.field : sli.query.field;
  const id = identify(part.total, field, d, target, label);
  const drop = id.used ?? id.grouping;
  return {
    draft: d,
    workload: id.grouping.value,
    grouping: id.grouping,
    selector: part.shared.filter((m) => !same(m, drop)),
    slo: { ...part.slo, ...(d.window !== "30d" && { window: d.window }) },
    facts: part.facts,
    notes: [...(id.note ? [id.note] : []), ...notes, ...(part.notes ?? [])],
  };
}

/** The label that names the draft's workload in its source, for choosing a new catalog's label. */
export function sourceLabel(d: SloDraft): string | undefined {
  try {
    const sli = d.sli;
    const q = sli.kind === "ratio" ? sli.total : sli.query;
    const shape = parseQuery(stripZeroFallback(q.query).query);
    const labels =
      shape.selectors[0]?.matchers.filter((m) => m.op === "=").map((m) => m.label) ?? [];
    return IDENTITY_LABELS.find((l) => labels.includes(l));
  } catch {
    return undefined;
  }
}
