/**
 * npm run import-slos -- [--catalog FILE] [--label LABEL] [--force] [--strict] [--dry-run] FILE...
 *
 * Converts OpenSLO v1, Sloth (prometheus/v1 and PrometheusServiceLevel) and Pyrra SLO specs
 * into workload entries and merges them into the catalog (default: CATALOG_FILE or
 * config/workloads.yaml), keeping its comments. What converts is imported; the rest is
 * reported per file with the construct and the fix. Exit 1 when nothing was imported, or,
 * with --strict, when anything was not (then nothing is written). --dry-run writes nothing
 * and prints the catalog entries it would write on stdout (the report goes to stderr).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import {
  convertDocuments,
  ImportError,
  mergeIntoCatalog,
  parseDocuments,
  type ReportLine,
  type SourceDocument,
} from "../lib/slo-import";

const USAGE =
  "usage: npm run import-slos -- [--catalog FILE] [--label LABEL] [--force] [--strict] [--dry-run] FILE...";

function parseArgs(argv: string[]) {
  const opts = {
    catalog: process.env.CATALOG_FILE || "config/workloads.yaml",
    label: undefined as string | undefined,
    force: false,
    strict: false,
    dryRun: false,
    files: [] as string[],
  };
  const value = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("-"))
      throw new ImportError(`${name} needs a value; ${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name, inline] = a.startsWith("--") && a.includes("=") ? a.split(/=(.*)/s, 2) : [a];
    if (a === "--force") opts.force = true;
    else if (a === "--strict") opts.strict = true;
    else if (a === "--dry-run") opts.dryRun = true;
    else if (name === "--catalog") opts.catalog = inline ?? value(i++, name);
    else if (name === "--label") opts.label = inline ?? value(i++, name);
    else if (a.startsWith("-")) throw new ImportError(`unknown option ${a}; ${USAGE}`);
    else opts.files.push(a);
  }
  if (opts.files.length === 0) throw new ImportError(USAGE);
  if (opts.label !== undefined && !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(opts.label)) {
    throw new ImportError(`--label ${opts.label}: expected a label name such as job or service`);
  }
  return opts;
}

/** The catalog's grouping label; undefined while it has no workloads (the import picks one). */
function catalogLabel(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const raw = parseYaml(text) as { groupingLabel?: unknown; workloads?: unknown } | null;
    const label = typeof raw?.groupingLabel === "string" ? raw.groupingLabel : undefined;
    const empty = !Array.isArray(raw?.workloads) || raw.workloads.length === 0;
    return label ?? (empty ? undefined : "workload");
  } catch {
    return undefined; // the merge reports the invalid catalog
  }
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  const report = opts.dryRun ? console.error : console.log;
  let catalogText: string | undefined;
  if (existsSync(opts.catalog)) {
    try {
      catalogText = readFileSync(opts.catalog, "utf8");
    } catch (e) {
      throw new ImportError(`${opts.catalog}: cannot read the catalog (${(e as Error).message})`);
    }
  }
  const unreadable = new Map<string, string>();
  const docs: SourceDocument[] = [];
  for (const file of opts.files) {
    try {
      docs.push(...parseDocuments(readFileSync(file, "utf8"), file));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      unreadable.set(
        file,
        e instanceof ImportError ? e.message : `${file}: cannot read (${code ?? String(e)})`,
      );
    }
  }
  const result = convertDocuments(docs, {
    groupingLabel: catalogLabel(catalogText),
    label: opts.label,
  });
  const inFile = (list: ReportLine[], file: string) => list.filter((l) => l.file === file);
  let filesImported = 0;
  for (const file of opts.files) {
    const bad = unreadable.get(file);
    if (bad) {
      report(`${file}: nothing imported: ${bad.replace(`${file}: `, "")}`);
      continue;
    }
    const [ok, notes, skipped] = [result.converted, result.notes, result.skipped].map((l) =>
      inFile(l, file),
    );
    if (ok!.length) filesImported++;
    report(`${file}: ${ok!.length} of ${ok!.length + skipped!.length} imported`);
    for (const l of ok!) report(`  imported:     #${l.index} ${l.text}`);
    for (const l of skipped!) report(`  not imported: #${l.index} ${l.text}`);
    for (const l of notes!) report(`  note:         #${l.index} ${l.text}`);
  }
  for (const line of result.workloads) report(`workload: ${line}`);
  const failed = result.skipped.length + unreadable.size;
  const summary = `${plural(result.converted.length, "SLO")} converted from ${filesImported} of ${plural(opts.files.length, "file")}, ${failed} not`;
  if (result.converted.length === 0) {
    console.error(`import-slos: nothing imported (${summary}); ${opts.catalog} left as it is`);
    return 1;
  }
  if (opts.strict && failed > 0) {
    console.error(`import-slos: --strict: ${summary}; nothing written`);
    return 1;
  }
  const merged = mergeIntoCatalog(catalogText, result, { file: opts.catalog, force: opts.force });
  for (const line of merged.lines) report(`catalog:  ${line}`);
  if (merged.refused) {
    console.error(`import-slos: refused: ${merged.refused}`);
    return 1;
  }
  const left = merged.conflicts
    ? `; ${plural(merged.conflicts, "SLO")} not written (the catalog: lines say why)`
    : "";
  if (merged.text === null && merged.conflicts > 0) {
    console.error(
      `import-slos: nothing imported (${summary}${left}); ${opts.catalog} left as it is`,
    );
    return 1;
  }
  if (opts.strict && merged.conflicts > 0) {
    console.error(`import-slos: --strict: ${summary}${left}; nothing written`);
    return 1;
  }
  if (opts.dryRun) {
    report(
      `import-slos: ${summary}${left}; --dry-run: ${opts.catalog} not written; what would be written follows on stdout`,
    );
    process.stdout.write(merged.fragment ?? `# ${opts.catalog} would not change\n`);
  } else if (merged.text !== null) {
    writeFileSync(opts.catalog, merged.text);
    report(`import-slos: ${summary}${left}; wrote ${opts.catalog}`);
  } else {
    report(`import-slos: ${summary}; ${opts.catalog} already holds them`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`import-slos: ${(e as Error).message}`);
  process.exitCode = 1;
}
