/**
 * Sloth specs: `version: prometheus/v1` files and the `PrometheusServiceLevel` resource
 * (sloth.slok.dev/v1), whose `spec` has the same shape with camelCase query keys
 * (`errorQuery`, not `error_query`). Sloth has no window: 30d.
 */
import {
  num,
  rec,
  skipLine,
  str,
  teamOf,
  type ReaderOutput,
  type Rec,
  type SloDraft,
  type SourceDocument,
} from "./types";

const RESOURCE = "sloth.slok.dev/v1";

/** Sloth's resources with SLOs; the managed one differs only in where its rules go. */
const KINDS = ["PrometheusServiceLevel", "ManagedPrometheusServiceLevel"];

export function isSloth(data: Rec): boolean {
  return (
    data.version === "prometheus/v1" ||
    (data.apiVersion === RESOURCE && KINDS.includes(String(data.kind)))
  );
}

/** A Sloth document that is no SLO spec (e.g. `AlertWindows`): why it imports nothing. */
export function slothOther(data: Rec): string | null {
  if (data.apiVersion !== RESOURCE) return null;
  const kind = str(data.kind) ?? "(no kind)";
  return kind === "AlertWindows"
    ? "a Sloth AlertWindows document (kind AlertWindows) sets alert windows, not SLOs: nothing to import; Sightline's alert tiers are its own (docs/numbers.md)"
    : `a Sloth ${kind} document: only ${KINDS.join(" and ")} hold SLOs`;
}

/** The query keys of each format, and the other format's spelling for messages. */
const KEYS = {
  cli: { error: "error_query", total: "total_query", raw: "error_ratio_query" },
  resource: { error: "errorQuery", total: "totalQuery", raw: "errorRatioQuery" },
};

export function readSloth(doc: SourceDocument, data: Rec): ReaderOutput {
  const crd = data.apiVersion === RESOURCE;
  const spec = crd ? (rec(data.spec) ?? {}) : data;
  const at = crd ? "spec." : "";
  const keys = crd ? KEYS.resource : KEYS.cli;
  const other = crd ? KEYS.cli : KEYS.resource;
  const format = crd ? "a PrometheusServiceLevel resource" : "a prometheus/v1 spec";
  const service = str(spec.service);
  const out: ReaderOutput = { drafts: [], skipped: [], notes: [] };
  const name = service ?? "(no service)";
  const slos = Array.isArray(spec.slos) ? spec.slos : [];
  if (slos.length === 0) {
    out.skipped.push(skipLine(doc, `sloth ${name}`, `${at}slos`, "no SLOs listed"));
  }
  const alerting: string[] = [];
  slos.forEach((raw, i) => {
    const slo = rec(raw) ?? {};
    const path = `${at}slos[${i}]`;
    const label = `sloth ${name}/${str(slo.name) ?? `slos[${i}]`}`;
    const skip = (field: string, why: string): void => {
      out.skipped.push(skipLine(doc, label, `${path}.${field}`, why));
    };
    if (slo.alerting !== undefined) alerting.push(str(slo.name) ?? `slos[${i}]`);
    const objective = num(slo.objective);
    const sli = rec(slo.sli) ?? {};
    const events = rec(sli.events);
    if (objective === undefined) {
      return skip(
        "objective",
        "missing or not a number: write the objective as a percentage, e.g. 99.9",
      );
    }
    if (sli.raw !== undefined) {
      return skip(
        `sli.raw.${keys.raw}`,
        "a precomputed error ratio cannot be split into error and total events: write the SLI as sli.events with the two counters the ratio divides",
      );
    }
    if (sli.plugin !== undefined) {
      const id = str(rec(sli.plugin)?.id) ?? "?";
      return skip(
        "sli.plugin",
        `plugin ${id} is not expanded: write the SLI as sli.events with the queries the plugin generates`,
      );
    }
    const error = str(events?.[keys.error]);
    const total = str(events?.[keys.total]);
    if (!error || !total) {
      const misspelt =
        events && (events[other.error] !== undefined || events[other.total] !== undefined);
      const why = misspelt
        ? `${other.error}/${other.total} is the other Sloth format's spelling: ${format} spells them ${keys.error} and ${keys.total}`
        : `expected ${keys.error} and ${keys.total} (${format})`;
      return skip("sli.events", why);
    }
    const draft: SloDraft = {
      label,
      doc,
      service,
      team: teamOf(slo.labels, spec.labels, crd ? rec(data.metadata)?.labels : undefined),
      ...(service && { fallback: { name: service, from: `${at}service` } }),
      objective,
      objectiveField: `${path}.objective`,
      window: "30d",
      sli: {
        kind: "ratio",
        bad: { field: `${path}.sli.events.${keys.error}`, query: error },
        total: { field: `${path}.sli.events.${keys.total}`, query: total },
      },
    };
    out.drafts.push(draft);
  });
  if (alerting.length) {
    out.notes.push(
      skipLine(
        doc,
        `sloth ${name}`,
        `${at}slos[].alerting (${alerting.join(", ")})`,
        "alert settings not imported: Sightline generates its own alert tiers (npm run rules)",
      ),
    );
  }
  return out;
}
