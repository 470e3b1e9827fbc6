/**
 * OpenSLO v1: `SLO` documents with an inline indicator or an `indicatorRef` to an `SLI`
 * document of the same input; Prometheus metric sources (inline `type` or a `DataSource`).
 */
import { percentOf, windowOf } from "./mapping";
import { readOpenSloV1alpha } from "./openslo-v1alpha";
import {
  num,
  rec,
  skipLine,
  str,
  teamOf,
  Unsupported,
  type QueryRef,
  type ReaderOutput,
  type Rec,
  type SliDraft,
  type SloDraft,
  type SourceDocument,
} from "./types";

export interface OpenSloDocument {
  doc: SourceDocument;
  data: Rec;
}

export function isOpenSlo(data: Rec): boolean {
  return typeof data.apiVersion === "string" && data.apiVersion.startsWith("openslo");
}

/** Kinds that describe or feed the SLOs and need no line of their own. */
const QUIET = new Set(["DataSource", "Service"]);
const ALERTING = new Set(["AlertPolicy", "AlertCondition", "AlertNotificationTarget"]);
const NO_ALERTS = "not imported: Sightline generates its own alert tiers";

const nameOf = (d: Rec) => str(rec(d.metadata)?.name);

interface Context {
  slis: Map<string, Rec>;
  sources: Map<string, Rec>;
}

function byName(docs: OpenSloDocument[], kind: string): Map<string, Rec> {
  const out = new Map<string, Rec>();
  for (const { data } of docs) {
    const name = nameOf(data);
    if (data.kind === kind && name) out.set(name, data);
  }
  return out;
}

/** The Prometheus query of one metric source (`good`, `total`, a threshold metric). */
function queryOf(source: unknown, field: string, ctx: Context): QueryRef {
  const ms = rec(rec(source)?.metricSource);
  if (!ms) throw new Unsupported(field, "missing metricSource");
  const ref = str(ms.metricSourceRef);
  const type = str(ms.type) ?? str(rec(ctx.sources.get(ref ?? "")?.spec)?.type);
  if (type?.toLowerCase() !== "prometheus") {
    const what = type ?? (ref ? `data source "${ref}" (not in the input)` : "no type");
    throw new Unsupported(
      `${field}.metricSource`,
      `${what}: only Prometheus queries can be imported`,
    );
  }
  const query = str(rec(ms.spec)?.query);
  if (!query) throw new Unsupported(`${field}.metricSource.spec.query`, "missing");
  return { field: `${field}.metricSource.spec.query`, query };
}

/** OpenSLO slice lengths: `5m`, or a bare number of minutes. */
function sliceOf(v: unknown): string | undefined {
  if (typeof v === "number") return `${v}m`;
  return str(v);
}

type SliFor = (objective: Rec, i: number) => SliDraft;

function indicatorOf(spec: Rec, ctx: Context): SliFor {
  const ref = str(spec.indicatorRef);
  const indicator = ref ? ctx.slis.get(ref) : rec(spec.indicator);
  if (!indicator) {
    throw ref
      ? new Unsupported("spec.indicatorRef", `no SLI "${ref}" in the input`)
      : new Unsupported("spec.indicator", "missing (or give an indicatorRef)");
  }
  const at = ref ? `SLI ${ref} spec` : "spec.indicator.spec";
  const sliSpec = rec(indicator.spec) ?? {};
  const ratio = rec(sliSpec.ratioMetric);
  const threshold = rec(sliSpec.thresholdMetric);
  const method = str(spec.budgetingMethod) ?? "Occurrences";
  if (!["Occurrences", "Timeslices", "RatioTimeslices"].includes(method)) {
    throw new Unsupported("spec.budgetingMethod", `${method}: unknown`);
  }
  if (ratio) {
    if (method !== "Occurrences") {
      throw new Unsupported(
        "spec.budgetingMethod",
        `${method} over a ratio metric counts good slices; Sightline counts events: budgetingMethod Occurrences imports it, with the objective applying to events`,
      );
    }
    if (ratio.raw !== undefined) {
      throw new Unsupported(
        `${at}.ratioMetric.raw`,
        "a precomputed ratio has no bad and total events",
      );
    }
    if (ratio.counter === false) {
      throw new Unsupported(`${at}.ratioMetric.counter`, "false: Sightline reads request counters");
    }
    const side = ratio.good !== undefined ? "good" : "bad";
    const events = queryOf(ratio[side], `${at}.ratioMetric.${side}`, ctx);
    const total = queryOf(ratio.total, `${at}.ratioMetric.total`, ctx);
    return () => ({ kind: "ratio", [side]: events, total });
  }
  if (!threshold) throw new Unsupported(at, "expected ratioMetric or thresholdMetric");
  const query = queryOf(threshold, `${at}.thresholdMetric`, ctx);
  return (o, i) => {
    const value = num(o.value);
    const objectiveField = `spec.objectives[${i}]`;
    if (typeof o.op !== "string" || value === undefined) {
      throw new Unsupported(objectiveField, "expected op and value for a threshold metric");
    }
    const sliceWindow = method === "Occurrences" ? undefined : sliceOf(o.timeSliceWindow);
    return { kind: "threshold", query, op: o.op, value, objectiveField, sliceWindow };
  };
}

function readSlo(doc: SourceDocument, data: Rec, ctx: Context, out: ReaderOutput): void {
  const spec = rec(data.spec) ?? {};
  const service = str(spec.service);
  const label = `openslo ${service ?? "(no service)"}/${nameOf(data) ?? "(unnamed)"}`;
  const skip = (e: unknown) => {
    if (!(e instanceof Unsupported)) throw e;
    out.skipped.push(skipLine(doc, label, e.field, e.message));
  };
  if (Array.isArray(spec.alertPolicies) && spec.alertPolicies.length) {
    out.notes.push(skipLine(doc, label, "spec.alertPolicies", NO_ALERTS));
  }
  let sliFor: SliFor;
  try {
    sliFor = indicatorOf(spec, ctx);
  } catch (e) {
    return skip(e);
  }
  const tw = rec(Array.isArray(spec.timeWindow) ? spec.timeWindow[0] : undefined) ?? {};
  let window;
  try {
    window = windowOf(
      str(tw.duration) ?? "",
      tw.isRolling !== false,
      "spec.timeWindow[0].duration",
    );
  } catch (e) {
    return skip(e);
  }
  const objectives = Array.isArray(spec.objectives) ? spec.objectives : [];
  if (objectives.length === 0) skip(new Unsupported("spec.objectives", "none listed"));
  objectives.forEach((raw, i) => {
    const o = rec(raw) ?? {};
    const target = num(o.target);
    const objective = target !== undefined ? percentOf(target) : num(o.targetPercent);
    try {
      if (objective === undefined) {
        throw new Unsupported(`spec.objectives[${i}]`, "expected target or targetPercent");
      }
      const draft: SloDraft = {
        label: objectives.length > 1 ? `${label}[${i}]` : label,
        doc,
        service,
        team: teamOf(rec(data.metadata)?.labels),
        ...(service && { fallback: { name: service, from: "spec.service" } }),
        objective,
        objectiveField: `spec.objectives[${i}].${target !== undefined ? "target" : "targetPercent"}`,
        window,
        sli: sliFor(o, i),
      };
      out.drafts.push(draft);
    } catch (e) {
      skip(e);
    }
  });
}

/**
 * Reads one OpenSLO document; `all` holds every OpenSLO document of the input, so that
 * indicatorRef and metricSourceRef resolve across files.
 */
export function readOpenSlo(all: OpenSloDocument[], { doc, data }: OpenSloDocument): ReaderOutput {
  const out: ReaderOutput = { drafts: [], skipped: [], notes: [] };
  const kind = str(data.kind) ?? "(no kind)";
  const label = `openslo ${nameOf(data) ?? "(unnamed)"}`;
  if (data.apiVersion === "openslo/v1alpha" && (kind === "SLO" || QUIET.has(kind))) {
    return kind === "SLO" ? readOpenSloV1alpha(doc, data) : out;
  }
  if (data.apiVersion !== "openslo/v1") {
    const why = `${String(data.apiVersion)}: OpenSLO v1 (and v1alpha SLOs) are read; the fields of other versions differ, so convert the document to openslo/v1`;
    out.skipped.push(skipLine(doc, label, "apiVersion", why));
  } else if (kind === "SLO") {
    readSlo(doc, data, { slis: byName(all, "SLI"), sources: byName(all, "DataSource") }, out);
  } else if (kind === "SLI") {
    const name = nameOf(data);
    const used = all.some(({ data: d }) => d.kind === "SLO" && rec(d.spec)?.indicatorRef === name);
    if (!used)
      out.notes.push(skipLine(doc, label, "kind SLI", "referenced by no SLO: nothing to import"));
  } else if (!QUIET.has(kind)) {
    out.notes.push(
      skipLine(doc, label, `kind ${kind}`, ALERTING.has(kind) ? NO_ALERTS : "not imported"),
    );
  }
  return out;
}
