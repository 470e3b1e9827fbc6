/**
 * npm run rules [-- --catalog FILE] [--out DIR] [--prometheus URL]: writes the catalog's SLO
 * recording and alerting rules to DIR/slo.yml (default rules/) and checks them with promtool.
 * With --prometheus, each workload's metric names are first looked up there (as the server
 * does, docs/metric-names.md), so the rules read the spelling its series really carry.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CatalogError } from "../lib/catalog/load";
import { loadCatalogFile } from "../lib/catalog/file";
import { createPrometheusClient } from "../lib/prometheus/client";
import { discoverCatalog } from "../lib/prometheus/discovery";
import { ensurePrometheus } from "./lib/prometheus-server";
import { writeRulesFile } from "./lib/rules-file";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function main() {
  const catalogFile = arg("--catalog", process.env.CATALOG_FILE || "config/workloads.yaml");
  const out = arg("--out", "rules");
  let catalog = loadCatalogFile(catalogFile);
  const promUrl = arg("--prometheus", "");
  if (promUrl) {
    const prom = createPrometheusClient({ url: promUrl, headers: {}, timeoutMs: 30_000 });
    const found = await discoverCatalog(prom, catalog);
    catalog = found.catalog;
    for (const w of found.report.workloads) {
      const missing = w.metrics.filter((m) => m.state === "missing" && !m.optional);
      console.log(
        `${w.workload}: ${w.form}` +
          (missing.length ? `; missing: ${missing.map((m) => m.selector).join(", ")}` : ""),
      );
    }
  }
  ensurePrometheus(); // for promtool
  mkdirSync(out, { recursive: true });
  const file = join(out, "slo.yml");
  const { groups, rules } = writeRulesFile(catalog, file);
  const slos = catalog.workloads.reduce((n, w) => n + w.slos.length, 0);
  console.log(
    `${file}: ${rules} rules in ${groups} groups for ${slos} SLOs of ${catalog.workloads.length} workloads; promtool check rules: SUCCESS`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof CatalogError ? e.message : `rules: ${(e as Error).message}`);
  process.exit(1);
});
