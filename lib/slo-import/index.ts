/**
 * SLO spec import: OpenSLO v1, Sloth (prometheus/v1, PrometheusServiceLevel) and Pyrra
 * ServiceLevelObjective documents → catalog workload entries → merged catalog text.
 * Pure: no file or network access; scripts/import-slos.ts does the reading and writing.
 */
export { convertDocuments, parseDocuments } from "./convert";
export { mergeIntoCatalog, type MergeOptions, type MergeResult } from "./merge";
export {
  ImportError,
  type EntryOrigin,
  type ImportOptions,
  type ImportResult,
  type ReportLine,
  type SloEntry,
  type SourceDocument,
  type WorkloadEntry,
} from "./types";
