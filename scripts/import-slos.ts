/**
 * npm run import-slos -- [--catalog FILE] [--force] [--dry-run] FILE...
 *
 * Converts OpenSLO v1, Sloth and Pyrra SLO specs into workload entries and merges them into
 * the catalog (default: CATALOG_FILE or config/workloads.yaml), keeping its comments. New
 * workloads are appended; existing ones gain the new SLOs. An SLO whose name the workload
 * already has, or workload settings that differ, are conflicts: reported and left alone
 * unless --force. --dry-run prints the resulting catalog on stdout (the report on stderr).
 * Exit 1 on unreadable or invalid input, or when the import is refused as a whole.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import {
  convertDocuments,
  ImportError,
  isSloDocument,
  mergeIntoCatalog,
  parseDocuments,
} from "../lib/slo-import";

const USAGE = "usage: npm run import-slos -- [--catalog FILE] [--force] [--dry-run] FILE...";

function parseArgs(argv: string[]) {
  const opts = {
    catalog: process.env.CATALOG_FILE || "config/workloads.yaml",
    force: false,
    dryRun: false,
    files: [] as string[],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--force") opts.force = true;
    else if (a === "--dry-run") opts.dryRun = true;
    else if (a === "--catalog" && argv[i + 1]) opts.catalog = argv[++i]!;
    else if (a.startsWith("--catalog=")) opts.catalog = a.slice("--catalog=".length);
    else if (a.startsWith("-")) throw new ImportError(`unknown option ${a}; ${USAGE}`);
    else opts.files.push(a);
  }
  if (opts.files.length === 0) throw new ImportError(USAGE);
  return opts;
}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportError(`${file}: cannot read the ${what} (${code ?? String(e)})`);
  }
}

/** The catalog's grouping label, preferred when an imported selector carries it. */
function preferredLabel(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const raw = parseYaml(text) as { groupingLabel?: unknown } | null;
    return typeof raw?.groupingLabel === "string" ? raw.groupingLabel : "workload";
  } catch {
    return undefined; // the merge reports the invalid catalog
  }
}

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  const report = opts.dryRun ? console.error : console.log;
  const catalogText = existsSync(opts.catalog) ? read(opts.catalog, "catalog") : undefined;
  const docs = opts.files.flatMap((file) => {
    const parsed = parseDocuments(read(file, "file"), file);
    if (!parsed.some((d) => isSloDocument(d.data))) {
      throw new ImportError(`${file}: no OpenSLO v1, Sloth or Pyrra document`);
    }
    return parsed;
  });
  const result = convertDocuments(docs, { groupingLabel: preferredLabel(catalogText) });
  for (const line of result.converted) report(`converted: ${line}`);
  for (const line of result.skipped) report(`skipped:   ${line}`);
  const merged = mergeIntoCatalog(catalogText, result, { file: opts.catalog, force: opts.force });
  for (const line of merged.lines) report(`catalog:   ${line}`);
  if (merged.refused === "nothing to import") {
    report(`import-slos: nothing to import; ${opts.catalog} left as it is`);
    if (opts.dryRun && catalogText !== undefined) process.stdout.write(catalogText);
    return 0;
  }
  if (merged.refused) {
    console.error(`import-slos: refused: ${merged.refused}`);
    return 1;
  }
  if (opts.dryRun) {
    report(`import-slos: --dry-run: ${opts.catalog} not written; the result follows on stdout`);
    process.stdout.write(merged.text ?? catalogText ?? "");
  } else if (merged.text !== null) {
    writeFileSync(opts.catalog, merged.text);
    report(`import-slos: wrote ${opts.catalog}`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`import-slos: ${(e as Error).message}`);
  process.exitCode = 1;
}
