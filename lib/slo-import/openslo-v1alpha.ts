/**
 * OpenSLO v1alpha `SLO` documents, the version Sloth reads: each objective carries its own
 * `ratioMetrics` (`good` or `bad`, and `total`, each a `source` and a `query`), and the
 * window is `timeWindows[0]` as a count and a unit.
 */
import { percentOf, windowOf } from "./mapping";
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
  type SourceDocument,
} from "./types";

const UNITS: Record<string, string> = { Hour: "h", Day: "d", Week: "w", Month: "M", Year: "y" };

function queryOf(part: unknown, field: string): QueryRef {
  const p = rec(part);
  if (!p) throw new Unsupported(field, "missing");
  const source = str(p.source) ?? "no source";
  if (source.toLowerCase() !== "prometheus") {
    throw new Unsupported(`${field}.source`, `${source}: only Prometheus queries can be imported`);
  }
  const query = str(p.query);
  if (!query) throw new Unsupported(`${field}.query`, "missing");
  return { field: `${field}.query`, query };
}

export function readOpenSloV1alpha(doc: SourceDocument, data: Rec): ReaderOutput {
  const out: ReaderOutput = { drafts: [], skipped: [], notes: [] };
  const spec = rec(data.spec) ?? {};
  const service = str(spec.service);
  const name = str(rec(data.metadata)?.name) ?? "(unnamed)";
  const label = `openslo ${service ?? "(no service)"}/${name}`;
  const skip = (e: unknown) => {
    if (!(e instanceof Unsupported)) throw e;
    out.skipped.push(skipLine(doc, label, e.field, e.message));
  };
  try {
    const method = str(spec.budgetingMethod) ?? "Occurrences";
    if (method !== "Occurrences") {
      throw new Unsupported(
        "spec.budgetingMethod",
        `${method} counts good slices; Sightline counts events: budgetingMethod Occurrences imports it, with the objective applying to events`,
      );
    }
    const tw = rec(Array.isArray(spec.timeWindows) ? spec.timeWindows[0] : undefined) ?? {};
    const unit = UNITS[str(tw.unit) ?? ""];
    const field = "spec.timeWindows[0]";
    if (!unit || num(tw.count) === undefined) {
      throw new Unsupported(
        field,
        `expected a count and a unit (${Object.keys(UNITS).join(", ")})`,
      );
    }
    const window = windowOf(`${num(tw.count)}${unit}`, tw.isRolling !== false, field);
    const objectives = Array.isArray(spec.objectives) ? spec.objectives : [];
    if (objectives.length === 0) throw new Unsupported("spec.objectives", "none listed");
    objectives.forEach((raw, i) => {
      const o = rec(raw) ?? {};
      const at = `spec.objectives[${i}]`;
      try {
        const rm = rec(o.ratioMetrics);
        if (!rm) {
          throw new Unsupported(
            at,
            "expected ratioMetrics: v1alpha threshold metrics are not read; write the SLO as openslo/v1",
          );
        }
        const target = num(o.target);
        if (target === undefined) throw new Unsupported(`${at}.target`, "missing or not a number");
        const side = rm.good !== undefined ? "good" : "bad";
        out.drafts.push({
          label: objectives.length > 1 ? `${label}[${i}]` : label,
          doc,
          service,
          team: teamOf(rec(data.metadata)?.labels),
          ...(service && { fallback: { name: service, from: "spec.service" } }),
          objective: percentOf(target),
          objectiveField: `${at}.target`,
          window,
          sli: {
            kind: "ratio",
            [side]: queryOf(rm[side], `${at}.ratioMetrics.${side}`),
            total: queryOf(rm.total, `${at}.ratioMetrics.total`),
          },
        });
      } catch (e) {
        skip(e);
      }
    });
  } catch (e) {
    skip(e);
  }
  return out;
}
