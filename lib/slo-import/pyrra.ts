/**
 * Pyrra `ServiceLevelObjective` resources (pyrra.dev/v1alpha1): ratio and latency
 * indicators. The workload is the value of the grouping matcher of the total selector.
 */
import { windowOf, WINDOWS_SUPPORTED } from "./mapping";
import {
  labelValue,
  num,
  rec,
  skipLine,
  str,
  type ReaderOutput,
  type Rec,
  type SliDraft,
  type SourceDocument,
} from "./types";

export function isPyrra(data: Rec): boolean {
  return data.apiVersion === "pyrra.dev/v1alpha1" && data.kind === "ServiceLevelObjective";
}

const INDICATORS = ["ratio", "latency", "latencyNative", "bool_gauge"];

export function readPyrra(doc: SourceDocument, data: Rec): ReaderOutput {
  const where = `${doc.file}#${doc.index}`;
  const metadata = rec(data.metadata) ?? {};
  const spec = rec(data.spec) ?? {};
  const label = `pyrra ${str(metadata.name) ?? "(unnamed)"}`;
  const out: ReaderOutput = { drafts: [], skipped: [] };
  const skip = (field: string, why: string): ReaderOutput => {
    out.skipped.push(skipLine(where, label, field, why));
    return out;
  };
  if (spec.alerting !== undefined) {
    skip("spec.alerting", "not imported: Sightline generates its own alert tiers");
  }
  const objective = num(spec.target);
  if (objective === undefined) return skip("spec.target", "missing or not a number");
  const duration = str(spec.window) ?? "";
  const window = windowOf(duration, true);
  if (!window) {
    return skip("spec.window", `${duration || "missing"}: expected ${WINDOWS_SUPPORTED}`);
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
    return skip(at, "a 0/1 gauge has no request events; Sightline has no up-time indicator");
  } else if (kind === "latencyNative") {
    return skip(at, "native histograms are not supported; use a classic _bucket histogram");
  } else {
    return skip("spec.indicator", "expected ratio or latency");
  }
  if (Array.isArray(body.grouping) && body.grouping.length) {
    skip(
      `${at}.grouping`,
      `one SLO per ${body.grouping.join(", ")} is not imported: the SLO covers them all`,
    );
  }
  out.drafts.push({
    label,
    where,
    team: labelValue(metadata.labels, "team"),
    objective,
    objectiveField: "spec.target",
    window,
    sli,
  });
  return out;
}
