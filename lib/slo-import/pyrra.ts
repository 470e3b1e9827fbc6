/**
 * Pyrra `ServiceLevelObjective` resources (pyrra.dev/v1alpha1): ratio and latency
 * indicators over any window. The workload is named by a matcher of the total selector,
 * else by the resource's labels or name.
 */
import { windowOf } from "./mapping";
import {
  labelValue,
  num,
  rec,
  skipLine,
  str,
  teamOf,
  Unsupported,
  type ReaderOutput,
  type Rec,
  type SliDraft,
  type SourceDocument,
} from "./types";

export function isPyrra(data: Rec): boolean {
  return data.apiVersion === "pyrra.dev/v1alpha1" && data.kind === "ServiceLevelObjective";
}

const INDICATORS = ["ratio", "latency", "latencyNative", "bool_gauge"];
/** Resource labels that name the service an SLO is about, before the resource's name. */
const SERVICE_LABELS = ["service", "app", "app.kubernetes.io/name", "pyrra.dev/service"];

export function readPyrra(doc: SourceDocument, data: Rec): ReaderOutput {
  const metadata = rec(data.metadata) ?? {};
  const spec = rec(data.spec) ?? {};
  const name = str(metadata.name);
  const label = `pyrra ${name ?? "(unnamed)"}`;
  const out: ReaderOutput = { drafts: [], skipped: [], notes: [] };
  const skip = (field: string, why: string): ReaderOutput => {
    out.skipped.push(skipLine(doc, label, field, why));
    return out;
  };
  const objective = num(spec.target);
  if (objective === undefined) {
    return skip(
      "spec.target",
      'missing or not a number: write the target as a percentage, e.g. "99.5"',
    );
  }
  let window;
  try {
    window = windowOf(str(spec.window) ?? "", true, "spec.window");
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return skip(e.field, e.message);
  }
  const indicator = rec(spec.indicator) ?? {};
  const kind = Object.keys(indicator).find((k) => INDICATORS.includes(k));
  const body = rec(indicator[kind ?? ""]) ?? {};
  const at = `spec.indicator.${kind}`;
  const metric = (key: string) => str(rec(body[key])?.metric);
  let sli: SliDraft;
  if (kind === "ratio" || kind === "latency") {
    const side = kind === "ratio" ? "errors" : "success";
    const query = metric(side);
    const total = metric("total");
    if (!query || !total) return skip(at, `expected ${side}.metric and total.metric`);
    const ref = { field: `${at}.${side}.metric`, query };
    sli = {
      kind: "ratio",
      ...(kind === "ratio" ? { bad: ref } : { good: ref }),
      total: { field: `${at}.total.metric`, query: total },
    };
  } else if (kind === "bool_gauge") {
    return skip(
      at,
      "a 0/1 gauge (up-time) has no request events, and Sightline has no up-time indicator: measure the requests it serves with a ratio indicator",
    );
  } else if (kind === "latencyNative") {
    return skip(
      at,
      "native histograms are not supported: expose a classic histogram (_bucket, _count) and use the latency indicator",
    );
  } else {
    const found = Object.keys(indicator).join(", ") || "none";
    return skip("spec.indicator", `${found}: expected ratio or latency`);
  }
  const notes: string[] = [];
  if (Array.isArray(body.grouping) && body.grouping.length) {
    notes.push(
      `${at}.grouping [${body.grouping.join(", ")}]: one SLO over all of them, not one per ${body.grouping.join("/")} value (Sightline's SLOs are per workload)`,
    );
  }
  if (spec.alerting !== undefined) {
    out.notes.push(
      skipLine(
        doc,
        label,
        "spec.alerting",
        "not imported: Sightline generates its own alert tiers",
      ),
    );
  }
  const labels = metadata.labels;
  const fromLabel = SERVICE_LABELS.find((k) => labelValue(labels, k));
  const fallback = fromLabel
    ? { name: labelValue(labels, fromLabel)!, from: `metadata.labels["${fromLabel}"]` }
    : name
      ? { name, from: "metadata.name" }
      : undefined;
  out.drafts.push({
    label,
    doc,
    team: teamOf(labels),
    ...(fallback && { fallback }),
    objective,
    objectiveField: "spec.target",
    window,
    sli,
    notes,
  });
  return out;
}
