/**
 * Converts OpenSLO v1, Sloth and Pyrra documents into catalog workload entries. Pure: the
 * caller reads the files; every construct that cannot be converted is one skipped line.
 */
import { parseAllDocuments } from "yaml";
import { matcherToString, type Matcher } from "../promql";
import { describeSlo, sameSlo, settingsFor, sloName } from "./entry";
import {
  formatMatchers,
  mapDraft,
  sameMatchers,
  sourceLabel,
  type Facts,
  type MappedSlo,
} from "./mapping";
import { isOpenSlo, readOpenSlo, type OpenSloDocument } from "./openslo";
import { isPyrra, readPyrra } from "./pyrra";
import { isSloth, readSloth, slothOther } from "./sloth";
import {
  ImportError,
  rec,
  skipLine,
  Unsupported,
  type ImportOptions,
  type ImportResult,
  str,
  type ReaderOutput,
  type Rec,
  type ReportLine,
  type SloDraft,
  type SourceDocument,
  type WorkloadEntry,
} from "./types";

/** Splits a file's text into its YAML documents; throws ImportError on invalid YAML. */
export function parseDocuments(text: string, file: string): SourceDocument[] {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  for (const d of list) {
    const err = d.errors[0];
    if (err)
      throw new ImportError(
        `${file}: not valid YAML: ${err.message.split("\n")[0]!.replace(/:$/, "")}`,
      );
  }
  // A document may also be a list of objects (OpenSLO's SDK writes its examples so):
  // each object is a document of its own, numbered on from the documents before it.
  const data = list.flatMap((d) => {
    const js = d.toJS() as unknown;
    return Array.isArray(js) && js.length > 0 && js.every((x) => rec(x)) ? js : [js];
  });
  return data.map((d, i) => ({ file, index: i + 1, data: d }));
}

interface Group {
  workload: string;
  first: MappedSlo;
  accepted: MappedSlo[];
  facts: Facts;
  team?: { name: string; from: string };
}

/** Why a document that is none of the formats imports nothing, naming what it is. */
function notSlo(data: Rec | undefined): string {
  const other = data && slothOther(data);
  if (other) return other;
  const found = data
    ? [str(data.apiVersion) ?? str(data.version), str(data.kind)].filter(Boolean).join(" ")
    : "";
  return `not an SLO spec${found ? ` (${found})` : ""}: expected OpenSLO v1, Sloth prometheus/v1 or PrometheusServiceLevel, or a Pyrra ServiceLevelObjective`;
}

function readOne(doc: SourceDocument, data: Rec, openslo: OpenSloDocument[]): ReaderOutput | null {
  if (isSloth(data)) return readSloth(doc, data);
  if (isPyrra(data)) return readPyrra(doc, data);
  if (isOpenSlo(data)) return readOpenSlo(openslo, { doc, data });
  return null;
}

function readAll(docs: SourceDocument[]): ReaderOutput {
  const out: ReaderOutput = { drafts: [], skipped: [], notes: [] };
  const openslo: OpenSloDocument[] = docs.flatMap((doc) => {
    const data = rec(doc.data);
    return data && isOpenSlo(data) ? [{ doc, data }] : [];
  });
  for (const doc of docs) {
    if (doc.data === null || doc.data === undefined) continue;
    const data = rec(doc.data);
    const read = data ? readOne(doc, data, openslo) : null;
    if (!read) {
      out.skipped.push({ file: doc.file, index: doc.index, text: notSlo(data) });
      continue;
    }
    out.drafts.push(...read.drafts);
    out.skipped.push(...read.skipped);
    out.notes.push(...read.notes);
  }
  return out;
}

/** The label a new catalog groups by when no --label is given: the one most sources name workloads by. */
function newCatalogLabel(drafts: SloDraft[]): string {
  const counts = new Map<string, number>();
  for (const d of drafts) {
    const l = sourceLabel(d);
    if (l) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "workload";
}

/** Why `m` cannot join the SLOs already accepted for its workload, or null. */
function clash(g: Group, m: MappedSlo): Unsupported | null {
  const field = m.draft.sli.kind === "ratio" ? m.draft.sli.total.field : m.draft.sli.query.field;
  const other = g.first.draft.label;
  if (!sameMatchers(m.selector, g.first.selector)) {
    const show = (ms: Matcher[]) =>
      ms.length ? `{${formatMatchers(ms)}}` : "nothing beyond the workload";
    const why = `selects ${show(m.selector)} where ${other} selects ${show(g.first.selector)}: a workload has one selector; import them into two catalogs or make the selectors equal`;
    return new Unsupported(field, why);
  }
  const text = (v: string | Matcher[]) => (typeof v === "string" ? v : formatMatchers(v));
  for (const key of [
    "requests",
    "failures",
    "errors",
    "latency",
    "cache",
    "poolInUse",
    "poolMax",
  ] as const) {
    const mine = m.facts[key];
    const theirs = g.facts[key];
    if (mine === undefined || theirs === undefined) continue;
    const differ =
      typeof mine === "string" || typeof theirs === "string"
        ? mine !== theirs
        : !sameMatchers(mine, theirs);
    if (differ) {
      const why = `${key} ${text(mine)} differs from ${text(theirs)} of ${other}: a workload has one ${key} setting`;
      return new Unsupported(field, why);
    }
  }
  return null;
}

export function convertDocuments(docs: SourceDocument[], opts: ImportOptions = {}): ImportResult {
  const { drafts, skipped, notes } = readAll(docs);
  const target = opts.groupingLabel ?? opts.label ?? newCatalogLabel(drafts);
  const result: ImportResult = {
    entries: [],
    origins: {},
    converted: [],
    notes,
    skipped,
    workloads: [],
    groupingLabel: target,
  };
  const line = (d: SloDraft, text: string): ReportLine => ({
    file: d.doc.file,
    index: d.doc.index,
    text,
  });
  const groups = new Map<string, Group>();
  for (const draft of drafts) {
    let m: MappedSlo;
    try {
      m = mapDraft(draft, target, opts.label);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      skipped.push(skipLine(draft.doc, draft.label, e.field, e.message));
      continue;
    }
    const g = groups.get(m.workload) ?? { workload: m.workload, first: m, accepted: [], facts: {} };
    groups.set(m.workload, g);
    const problem = clash(g, m);
    const name = sloName(m.slo);
    const twin = g.accepted.find((a) => sloName(a.slo) === name);
    const head = `${draft.label} → ${m.workload}: ${name} ${describeSlo(m.slo)}`;
    if (problem) {
      skipped.push(skipLine(draft.doc, draft.label, problem.field, problem.message));
    } else if (twin && !sameSlo(twin.slo, m.slo, "30d", "30d")) {
      const why = `${name} ${describeSlo(m.slo)} conflicts with ${describeSlo(twin.slo)} of ${twin.draft.label}: a workload has one SLO of a name; drop one of them`;
      skipped.push(skipLine(draft.doc, draft.label, draft.objectiveField, why));
    } else if (twin) {
      result.converted.push(line(draft, `${head} (same as ${twin.draft.label})`));
    } else {
      const said = [...m.notes, ...(draft.notes ?? [])];
      if (draft.team && g.team && draft.team !== g.team.name) {
        said.push(`team ${draft.team} ignored: ${g.team.from} says ${g.team.name}`);
      }
      g.team ??= draft.team ? { name: draft.team, from: draft.label } : undefined;
      g.accepted.push(m);
      Object.assign(g.facts, m.facts);
      result.converted.push(line(draft, said.length ? `${head} (${said.join("; ")})` : head));
    }
  }
  const order = new Map(docs.map((d, i) => [`${d.file}#${d.index}`, i]));
  const pos = (l: ReportLine) => order.get(`${l.file}#${l.index}`) ?? docs.length;
  for (const list of [skipped, notes, result.converted]) list.sort((a, b) => pos(a) - pos(b));
  for (const g of groups.values()) {
    if (g.accepted.length === 0) continue;
    const s = settingsFor(g.facts);
    const selector = formatMatchers(g.first.selector);
    const entry: WorkloadEntry = {
      name: g.workload,
      team: g.team?.name ?? "unassigned",
      convention: s.convention,
      ...(s.statusLabel && { statusLabel: s.statusLabel }),
      ...(selector && { selector }),
      ...(Object.keys(s.metrics).length > 0 && { metrics: s.metrics }),
      slos: g.accepted.map((a) => a.slo),
    };
    result.entries.push(entry);
    result.origins[g.workload] = {
      groupingLabel: target,
      determined: s.determined,
      conventionAssumed: s.conventionAssumed,
    };
    const parts = [
      `${g.workload}: workload by ${matcherToString(g.first.grouping)}`,
      `team ${entry.team}${g.team ? "" : " (no team, owner or pyrra.dev/team label)"}`,
      `${s.convention}${s.conventionAssumed ? " (assumed: no request or latency metric imported)" : ""}`,
      ...(s.statusLabel ? [`statusLabel ${s.statusLabel}`] : []),
      ...(selector ? [`selector ${selector}`] : []),
      ...Object.entries(s.metrics).map(([k, v]) => `metrics.${k} ${v}`),
      `${entry.slos.length} SLO${entry.slos.length === 1 ? "" : "s"}`,
    ];
    result.workloads.push(parts.join("; "));
  }
  return result;
}
