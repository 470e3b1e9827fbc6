/**
 * Merges converted entries into catalog text with the yaml Document API, so that the
 * file's comments and layout survive. Pure: text in, text out; nothing is written here.
 */
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { resolveConvention } from "../catalog/conventions";
import { CatalogError, parseCatalog } from "../catalog/load";
import { catalogSchema, workloadSchema } from "../catalog/schema";
import { canonicalWindow, type SloInput, type SloWindow } from "../catalog/slo-schema";
import { parseMatchers } from "../promql";
import { describeSlo, fieldText, sameSlo, sloName } from "./entry";
import { sameMatchers } from "./mapping";
import type { EntryOrigin, ImportResult, MetricsEntry, SloEntry, WorkloadEntry } from "./types";

export interface MergeOptions {
  /** The catalog's path, for messages. */
  file: string;
  /** Replace conflicting SLOs and workload settings instead of leaving them. */
  force?: boolean;
}

export interface MergeResult {
  /** The new catalog text; null when nothing changes or the import is refused. */
  text: string | null;
  /** The workload entries added or changed, as the new catalog writes them (for --dry-run). */
  fragment: string | null;
  lines: string[];
  /** One line saying why nothing at all was merged. */
  refused?: string;
  /** Imported SLOs left out because the catalog holds something else (no --force). */
  conflicts: number;
}

type Workload = ReturnType<typeof workloadSchema.parse>;
type AnySlo = SloEntry | SloInput;

interface Ctx {
  doc: Document;
  sloWindow: SloWindow;
  /** The catalog's default SLOs, as written (for workloads that list none). */
  defaults: AnySlo[];
  force: boolean;
}

const KEY_ORDER = ["name", "team", "tier", "convention", "statusLabel", "selector", "metrics"];

/** An imported SLO as this catalog writes it: the window only when not the default. */
function forCatalog(s: SloEntry, sloWindow: SloWindow): SloEntry {
  const { window = "30d", ...rest } = s;
  return { ...rest, ...(window !== sloWindow && { window }) };
}

const flow = (doc: Document, v: unknown) => doc.createNode(v, { flow: true });

/** Sets (or deletes) a workload key, inserting a new one in the catalog's usual order. */
function setKey(doc: Document, map: YAMLMap, key: string, value: unknown): void {
  if (value === undefined) return void map.delete(key);
  const node = typeof value === "object" ? flow(doc, value) : value;
  if (map.has(key)) return map.set(key, node);
  const before = KEY_ORDER.slice(0, KEY_ORDER.indexOf(key));
  const at = map.items.findLastIndex((p) =>
    before.includes(String(isScalar(p.key) ? p.key.value : p.key)),
  );
  map.items.splice(at + 1, 0, doc.createPair(key, node));
}

/** Settings of `w` that the import contradicts, as `field: catalog X, import Y`. */
function conflictsOf(w: Workload, e: WorkloadEntry, o: EntryOrigin): string[] {
  const cur = resolveConvention(w.convention, w.metrics, w.statusLabel);
  const imp = resolveConvention(e.convention, e.metrics ?? {}, e.statusLabel);
  const used = new Set((w.slos ?? []).map((s) => s.indicator));
  const out: string[] = [];
  for (const field of o.determined) {
    const [a, b] = [fieldText(cur, field), fieldText(imp, field)];
    if (a === b) continue;
    const indicator = field === "cache" ? "cache-hit-rate" : "pool-utilization";
    const optional = field === "cache" || field.startsWith("pool");
    if (optional && !w.metrics[field] && !used.has(indicator)) continue; // an unused default
    out.push(`${field}: catalog ${a || "(none)"}, import ${b || "(none)"}`);
  }
  if (!sameMatchers(parseMatchers(w.selector ?? ""), parseMatchers(e.selector ?? ""))) {
    out.push(`selector: catalog ${w.selector ?? "(none)"}, import ${e.selector ?? "(none)"}`);
  }
  return out;
}

/** The workload's settings after the import: its own (plus needed overrides), or the import's. */
function settingsAfter(w: Workload, e: WorkloadEntry, o: EntryOrigin, replace: boolean) {
  const s = {
    convention: w.convention,
    statusLabel: w.statusLabel,
    selector: w.selector,
    metrics: { ...w.metrics } as MetricsEntry,
  };
  if (replace) {
    if (!o.conventionAssumed) {
      Object.assign(s, { convention: e.convention, statusLabel: e.statusLabel });
    }
    s.selector = e.selector;
    for (const f of o.determined) delete s.metrics[f];
    Object.assign(s.metrics, e.metrics);
  }
  const want = resolveConvention(e.convention, e.metrics ?? {}, e.statusLabel);
  for (const f of o.determined) {
    const have = resolveConvention(s.convention, s.metrics, s.statusLabel);
    const v = fieldText(want, f);
    if (fieldText(have, f) === v) continue;
    if (v === "") delete s.metrics[f];
    else s.metrics[f] = v;
  }
  return { ...s, metrics: Object.keys(s.metrics).length ? s.metrics : undefined };
}

function issueOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join(".")}: ${issue.message}` : "invalid";
}

function addWorkload(ctx: Ctx, seq: YAMLSeq, e: WorkloadEntry): string {
  const slos = e.slos.map((s) => forCatalog(s, ctx.sloWindow));
  const check = workloadSchema.safeParse({ ...e, slos });
  if (!check.success) return `${e.name}: not added: ${issueOf(check.error)}`;
  const map = ctx.doc.createNode({ ...e, slos: [] }) as YAMLMap;
  map.set("slos", ctx.doc.createNode(slos.map((s) => flow(ctx.doc, s))));
  seq.add(map);
  return `${e.name}: added with ${slos.map(sloName).join(", ")}`;
}

/** Merges one entry into an existing workload; returns its lines and whether it changed. */
function mergeWorkload(ctx: Ctx, node: YAMLMap, e: WorkloadEntry, o: EntryOrigin) {
  const w = workloadSchema.parse(node.toJSON());
  const conflicts = conflictsOf(w, e, o);
  if (conflicts.length && !ctx.force) {
    const line = `${e.name}: settings conflict (${conflicts.join("; ")}): none of its SLOs written; --force replaces the settings`;
    return { lines: [line], changed: false, conflicts: e.slos.length };
  }
  const own = w.slos !== undefined;
  const current: AnySlo[] = [...(w.slos ?? ctx.defaults)];
  const replaced = new Set<number>();
  const lines: string[] = [];
  let conflicted = 0;
  const before = current.length;
  const show = (s: AnySlo) => describeSlo(s, ctx.sloWindow);
  for (const s of e.slos.map((x) => forCatalog(x, ctx.sloWindow))) {
    const name = sloName(s);
    const i = current.findIndex((c) => sloName(c) === name);
    const c = current[i];
    if (!c) {
      current.push(s);
      lines.push(`${e.name}: ${name} ${show(s)} added`);
    } else if (sameSlo(c, s, ctx.sloWindow, ctx.sloWindow)) {
      lines.push(`${e.name}: ${name} already in the catalog`);
    } else if (!ctx.force) {
      conflicted++;
      lines.push(
        `${e.name}: ${name} conflict: the catalog has ${show(c)}, the import ${show(s)}; not written (--force replaces it)`,
      );
    } else {
      current[i] = s;
      replaced.add(i);
      lines.push(`${e.name}: ${name} replaced (--force): ${show(c)} → ${show(s)}`);
    }
  }
  const teamDiffers = e.team !== "unassigned" && e.team !== w.team;
  const settings = {
    ...(teamDiffers && ctx.force && { team: e.team }),
    ...settingsAfter(w, e, o, conflicts.length > 0),
  };
  if (teamDiffers) {
    const how = ctx.force ? "replaced (--force)" : "kept (--force replaces it)";
    lines.push(`${e.name}: team ${w.team} ${how}; the import says ${e.team}`);
  }
  const raw = node.toJSON() as Record<string, unknown>;
  const check = workloadSchema.safeParse({ ...raw, ...settings, slos: current });
  if (!check.success) {
    const line = `${e.name}: not merged: ${issueOf(check.error)}`;
    return { lines: [line], changed: false, conflicts: e.slos.length };
  }

  let changed = false;
  for (const [key, value] of Object.entries(settings)) {
    if (JSON.stringify(value) === JSON.stringify(raw[key])) continue;
    setKey(ctx.doc, node, key, value);
    changed = true;
  }
  if (conflicts.length) {
    lines.unshift(`${e.name}: settings replaced (--force): ${conflicts.join("; ")}`);
  }
  if (current.length > before || replaced.size) {
    changed = true;
    if (!own) {
      lines.unshift(`${e.name}: had the catalog's default SLOs; now listed on the workload`);
      node.set("slos", ctx.doc.createNode(current.map((s) => flow(ctx.doc, s))));
    } else {
      const seq = node.get("slos") as YAMLSeq;
      for (const i of replaced) {
        const [was, now] = [seq.items[i] as Node | undefined, flow(ctx.doc, current[i])];
        now.comment = was?.comment; // a trailing comment stays with the replaced SLO
        seq.items[i] = now;
      }
      for (const s of current.slice(before)) seq.add(flow(ctx.doc, s));
    }
  }
  return { lines, changed, conflicts: conflicted };
}

/** Reads the catalog's grouping label, default window and default SLOs; validates it. */
function catalogFacts(doc: Document, text: string | undefined, file: string) {
  if (doc.errors.length) {
    throw new CatalogError(
      `${file}: not valid YAML: ${doc.errors[0]!.message.split("\n")[0]!.replace(/:$/, "")}`,
    );
  }
  if (!isMap(doc.contents)) throw new CatalogError(`${file}: expected a mapping with workloads`);
  const raw = doc.toJS() as Record<string, unknown>;
  if (Array.isArray(raw.workloads) && raw.workloads.length > 0) {
    parseCatalog(text ?? "", file); // throws CatalogError with one line
    const data = catalogSchema.parse(raw);
    const defaults = (raw.slos as AnySlo[] | undefined) ?? data.slos;
    return { empty: false, groupingLabel: data.groupingLabel, sloWindow: data.sloWindow, defaults };
  }
  const label = typeof raw.groupingLabel === "string" ? raw.groupingLabel : "workload";
  const window =
    typeof raw.sloWindow === "string" ? (canonicalWindow(raw.sloWindow) ?? "30d") : "30d";
  return { empty: true, groupingLabel: label, sloWindow: window, defaults: [] };
}

/** The workload entries `touched`, as the catalog writes them, under a line saying where. */
function fragmentOf(doc: Document, touched: YAMLMap[], whole: boolean, file: string): string {
  const frag = new Document({});
  if (whole) frag.set("groupingLabel", doc.get("groupingLabel"));
  const list = frag.createNode([]) as YAMLSeq;
  list.items = touched.map((n) => n.clone());
  frag.set("workloads", list);
  const added = touched.length;
  frag.commentBefore = ` ${whole ? "The new catalog" : `${added} workload entr${added === 1 ? "y" : "ies"} of ${file} as they would be written (new, or with the imported SLOs)`}`;
  return frag.toString();
}

/**
 * Merges the import into catalog text (undefined or empty: a new catalog). Throws
 * CatalogError when the existing catalog is invalid. Never returns an invalid catalog.
 */
export function mergeIntoCatalog(
  catalogText: string | undefined,
  imp: ImportResult,
  { file, force = false }: MergeOptions,
): MergeResult {
  const fresh = !catalogText?.trim();
  let doc = fresh ? new Document({ workloads: [] }) : parseDocument(catalogText!);
  const facts = catalogFacts(doc, catalogText, file);
  if (imp.entries.length === 0)
    return { text: null, fragment: null, lines: [], refused: "nothing to import", conflicts: 0 };

  const lines: string[] = [];
  const label = imp.groupingLabel;
  if (label !== facts.groupingLabel) {
    if (!facts.empty) {
      const why = `${file} groups workloads by ${facts.groupingLabel}, but the import names them by ${label}: convert with the catalog's label (import-slos reads it from the catalog); nothing written`;
      return { text: null, fragment: null, lines, refused: why, conflicts: 0 };
    }
    doc.set("groupingLabel", label);
    lines.push(`${file}: groupingLabel ${label} (the catalog has no workloads yet)`);
  }
  if (fresh) {
    doc = new Document({ groupingLabel: label, workloads: [] });
    doc.commentBefore = ` The workload catalog, started by npm run import-slos. Format: README.md, "The workload catalog".`;
  }
  if (!isSeq(doc.get("workloads"))) doc.set("workloads", doc.createNode([]));
  const seq = doc.get("workloads") as YAMLSeq;
  seq.flow = false;
  const ctx: Ctx = { doc, sloWindow: facts.sloWindow, defaults: facts.defaults, force };
  const touched: YAMLMap[] = [];
  let conflicts = 0;
  for (const e of imp.entries) {
    const origin = imp.origins[e.name] ?? {
      groupingLabel: label,
      determined: [],
      conventionAssumed: true,
    };
    const node = seq.items.find((n): n is YAMLMap => isMap(n) && n.get("name") === e.name);
    if (!node) {
      const line = addWorkload(ctx, seq, e);
      if (!line.includes("not added")) touched.push(seq.items.at(-1) as YAMLMap);
      else conflicts += e.slos.length;
      lines.push(line);
      continue;
    }
    const merged = mergeWorkload(ctx, node, e, origin);
    if (merged.changed) touched.push(node);
    conflicts += merged.conflicts;
    lines.push(...merged.lines);
  }
  if (touched.length === 0)
    return { text: null, fragment: null, lines: [...lines, `${file}: unchanged`], conflicts };
  const text = doc.toString();
  try {
    parseCatalog(text, file);
  } catch (e) {
    const why = `the merged catalog would be invalid (${(e as Error).message}); nothing written`;
    return { text: null, fragment: null, lines, refused: why, conflicts: 0 };
  }
  return { text, fragment: fragmentOf(doc, touched, fresh || facts.empty, file), lines, conflicts };
}
