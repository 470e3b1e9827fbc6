/**
 * Sloth specs: `version: prometheus/v1` files and the `PrometheusServiceLevel` resource
 * (sloth.slok.dev/v1), whose `spec` has the same shape. Sloth has no window: 30d.
 */
import {
  labelValue,
  num,
  rec,
  skipLine,
  str,
  type ReaderOutput,
  type Rec,
  type SloDraft,
  type SourceDocument,
} from "./types";

export function isSloth(data: Rec): boolean {
  return data.version === "prometheus/v1" || data.apiVersion === "sloth.slok.dev/v1";
}

export function readSloth(doc: SourceDocument, data: Rec): ReaderOutput {
  const where = `${doc.file}#${doc.index}`;
  const crd = data.apiVersion !== undefined;
  const spec = crd ? (rec(data.spec) ?? {}) : data;
  const at = crd ? "spec." : "";
  const service = str(spec.service);
  const out: ReaderOutput = { drafts: [], skipped: [] };
  if (!service) {
    out.skipped.push(skipLine(where, "sloth", `${at}service`, "missing: no workload to import"));
    return out;
  }
  const slos = Array.isArray(spec.slos) ? spec.slos : [];
  if (slos.length === 0) {
    out.skipped.push(skipLine(where, `sloth ${service}`, `${at}slos`, "no SLOs listed"));
  }
  const alerting: string[] = [];
  slos.forEach((raw, i) => {
    const slo = rec(raw) ?? {};
    const path = `${at}slos[${i}]`;
    const label = `sloth ${service}/${str(slo.name) ?? `slos[${i}]`}`;
    const skip = (field: string, why: string): void => {
      out.skipped.push(skipLine(where, label, `${path}.${field}`, why));
    };
    if (slo.alerting !== undefined) alerting.push(str(slo.name) ?? `slos[${i}]`);
    const objective = num(slo.objective);
    const sli = rec(slo.sli) ?? {};
    const events = rec(sli.events);
    if (objective === undefined) return skip("objective", "missing or not a number");
    if (sli.raw !== undefined) {
      return skip(
        "sli.raw",
        "a precomputed error ratio cannot be split into error and total events; write it as sli.events",
      );
    }
    if (sli.plugin !== undefined) {
      const id = str(rec(sli.plugin)?.id) ?? "?";
      return skip("sli.plugin", `plugin ${id} is not expanded; write the SLI as sli.events`);
    }
    const error = str(events?.error_query);
    const total = str(events?.total_query);
    if (!error || !total) return skip("sli.events", "expected error_query and total_query");
    const draft: SloDraft = {
      label,
      where,
      service,
      team: labelValue(spec.labels, "team"),
      objective,
      objectiveField: `${path}.objective`,
      window: "30d",
      sli: {
        kind: "ratio",
        bad: { field: `${path}.sli.events.error_query`, query: error },
        total: { field: `${path}.sli.events.total_query`, query: total },
      },
    };
    out.drafts.push(draft);
  });
  if (alerting.length) {
    out.skipped.push(
      skipLine(
        where,
        `sloth ${service}`,
        `${at}slos[].alerting (${alerting.join(", ")})`,
        "alerting settings are not imported: Sightline generates its own alert tiers",
      ),
    );
  }
  return out;
}
