import type { Preset } from "../catalog/conventions";
import type { SloIndicator, SloWindow } from "../catalog/slo-schema";

/** One YAML document of an input file; `index` counts from 1. */
export interface SourceDocument {
  file: string;
  index: number;
  data: unknown;
}

/** An SLO as the catalog writes it; no name: the catalog derives one. */
export interface SloEntry {
  indicator: SloIndicator;
  threshold?: string | number;
  objective: number;
  /** Omitted for 30d, the catalog's default window. */
  window?: SloWindow;
}

export interface MetricsEntry {
  requests?: string;
  failures?: string;
  errors?: string;
  latency?: string;
  cache?: string;
  poolInUse?: string;
  poolMax?: string;
}

/** A workload as the catalog writes it. */
export interface WorkloadEntry {
  name: string;
  team: string;
  convention: Preset;
  statusLabel?: string;
  selector?: string;
  metrics?: MetricsEntry;
  slos: SloEntry[];
}

export type ConventionField = keyof MetricsEntry;

/** What the sources settled about an entry, beyond its catalog shape. */
export interface EntryOrigin {
  /** The label whose value named the workload. */
  groupingLabel: string;
  /** Convention fields the imported queries name (the rest are the preset's). */
  determined: ConventionField[];
  /** True when no query named the request metrics: the convention is a guess. */
  conventionAssumed: boolean;
}

/** One line of the report, about one YAML document of one file (`index` from 1). */
export interface ReportLine {
  file: string;
  index: number;
  text: string;
}

export interface ImportResult {
  entries: WorkloadEntry[];
  origins: Record<string, EntryOrigin>;
  /** One line per SLO imported. */
  converted: ReportLine[];
  /** Constructs of imported SLOs left behind (alert settings, per-group SLOs). */
  notes: ReportLine[];
  /** One line per SLO or document not imported: the construct and the fix. */
  skipped: ReportLine[];
  /** One line per workload: how it is named and read. */
  workloads: string[];
  /** The grouping label every entry is named by (the catalog's). */
  groupingLabel: string;
}

export interface ImportOptions {
  /** The catalog's grouping label; absent for a new catalog (then --label or the sources'). */
  groupingLabel?: string;
  /** --label: the source label that names workloads, read as the catalog's grouping label. */
  label?: string;
}

/** Input that cannot be read at all (not YAML, no SLO document): fatal. */
export class ImportError extends Error {
  override name = "ImportError";
}

/** One construct that cannot be converted; becomes one skipped line. */
export class Unsupported extends Error {
  override name = "Unsupported";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface QueryRef {
  /** Where the query sits in the source, e.g. `slos[0].sli.events.error_query`. */
  field: string;
  query: string;
}

export type SliDraft =
  | { kind: "ratio"; good?: QueryRef; bad?: QueryRef; total: QueryRef }
  | {
      kind: "threshold";
      query: QueryRef;
      op: string;
      value: number;
      /** Where op and value sit, e.g. `spec.objectives[0]`. */
      objectiveField: string;
      /** OpenSLO Timeslices: the slice length, e.g. `1m`. */
      sliceWindow?: string;
    };

/** An SLO read from a source format, before its queries are mapped. */
export interface SloDraft {
  /** `sloth checkout/requests-availability`. */
  label: string;
  doc: SourceDocument;
  service?: string;
  team?: string;
  /** The spec's own name for the workload, used when no query matcher names it. */
  fallback?: { name: string; from: string };
  /** Percent. */
  objective: number;
  /** Where the objective sits, e.g. `slos[0].objective`. */
  objectiveField: string;
  window: SloWindow;
  sli: SliDraft;
  /** What the reader left behind of this SLO, e.g. its alert settings. */
  notes?: string[];
}

export interface ReaderOutput {
  drafts: SloDraft[];
  skipped: ReportLine[];
  notes: ReportLine[];
}

export function skipLine(
  doc: SourceDocument,
  label: string,
  field: string,
  why: string,
): ReportLine {
  return { file: doc.file, index: doc.index, text: `${label}: ${field}: ${why}` };
}

/** `file#2`, as messages name a document. */
export const whereOf = (l: { file: string; index: number }) => `${l.file}#${l.index}`;

export type Rec = Record<string, unknown>;

export function rec(v: unknown): Rec | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

/** A label value: OpenSLO v1 also allows a list, of which the first is taken. */
export function labelValue(labels: unknown, key: string): string | undefined {
  const v = rec(labels)?.[key];
  return str(Array.isArray(v) ? v[0] : v);
}

/** Label keys that name a team, in the order they are read (Sloth's examples use `owner`). */
export const TEAM_LABELS = ["team", "owner", "pyrra.dev/team", "pyrra.dev/owner"];

/** The team named by the first of `TEAM_LABELS` found in any of `labelSets`. */
export function teamOf(...labelSets: unknown[]): string | undefined {
  for (const key of TEAM_LABELS) {
    for (const labels of labelSets) {
      const v = labelValue(labels, key);
      if (v) return v;
    }
  }
  return undefined;
}
