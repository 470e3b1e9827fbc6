/**
 * npm run rules [-- --catalog FILE] [--out DIR]: writes the catalog's SLO recording and
 * alerting rules to DIR/slo.yml (default rules/) and checks them with promtool.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CatalogError, loadCatalogFile } from "../lib/catalog/load";
import { ensurePrometheus } from "./lib/prometheus-server";
import { writeRulesFile } from "./lib/rules-file";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

try {
  const catalogFile = arg("--catalog", process.env.CATALOG_FILE || "config/workloads.yaml");
  const out = arg("--out", "rules");
  const catalog = loadCatalogFile(catalogFile);
  ensurePrometheus(); // for promtool
  mkdirSync(out, { recursive: true });
  const file = join(out, "slo.yml");
  const { groups, rules } = writeRulesFile(catalog, file);
  const slos = catalog.workloads.reduce((n, w) => n + w.slos.length, 0);
  console.log(
    `${file}: ${rules} rules in ${groups} groups for ${slos} SLOs of ${catalog.workloads.length} workloads; promtool check rules: SUCCESS`,
  );
} catch (e) {
  console.error(e instanceof CatalogError ? e.message : `rules: ${(e as Error).message}`);
  process.exit(1);
}
