import { mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Catalog } from "@/lib/catalog/load";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { run } from "@/scripts/lib/processes";
import { writeRulesFile } from "@/scripts/lib/rules-file";
import { writeSloData } from "./slo-data";

export interface SloPrometheus {
  server: PrometheusServer;
  endMs: number;
  rulesFile: string;
  cleanup(): Promise<void>;
}

/**
 * Prometheus with the SLO data set, the catalog's generated rules checked by promtool,
 * and the recording rules backfilled with `promtool tsdb create-blocks-from rules` so the
 * recorded path has values at the end of the data.
 */
export async function startSloPrometheus(catalog: Catalog): Promise<SloPrometheus> {
  ensurePrometheus();
  const dir = mkdtempSync(join(tmpdir(), "sightline-slo-"));
  const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000; // whole hour: rule evaluations align
  writeSloData(join(dir, "data"), join(dir, "tmp"), endMs);
  const rulesFile = join(dir, "slo-rules.yml");
  writeRulesFile(catalog, rulesFile);
  const first = await startPrometheus({ dir });
  const blocks = join(dir, "rule-blocks");
  run(
    "promtool",
    [
      "tsdb",
      "create-blocks-from",
      "rules",
      `--start=${(endMs - 15 * 60_000) / 1000}`,
      // past the end, so that an evaluation falls exactly on it (the last step is exclusive)
      `--end=${(endMs + 5 * 60_000) / 1000}`,
      `--url=${first.url}`,
      `--output-dir=${blocks}`,
      "--eval-interval=60s",
      rulesFile,
    ],
    "promtool create-blocks-from rules",
  );
  await first.stop();
  for (const b of readdirSync(blocks)) renameSync(join(blocks, b), join(dir, "data", b));
  const server = await startPrometheus({ dir, port: first.port });
  return {
    server,
    endMs,
    rulesFile,
    async cleanup() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
