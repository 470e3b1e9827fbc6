import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Catalog } from "@/lib/catalog/load";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { backfillStepped, type SteppedData } from "@/scripts/lib/backfill";
import { backfillRecordingRules } from "@/scripts/lib/rules-backfill";
import { writeRulesFile } from "@/scripts/lib/rules-file";
import { sloDataSet } from "./slo-data";

export interface SloPrometheus {
  server: PrometheusServer;
  endMs: number;
  rulesFile: string;
  cleanup(): Promise<void>;
}

/**
 * Prometheus with the SLO data set (or `data`, series of a test's own ending at `endMs`),
 * the catalog's generated rules checked by promtool, and the recording rules backfilled so
 * the recorded path has values at the end.
 */
export async function startSloPrometheus(
  catalog: Catalog,
  data: (endMs: number) => SteppedData = sloDataSet,
): Promise<SloPrometheus> {
  ensurePrometheus();
  const dir = mkdtempSync(join(tmpdir(), "sightline-slo-"));
  // On a 2-hour block boundary, where promtool's backfill of the recording rules is
  // weakest (scripts/lib/rules-backfill.ts): the recorded path is checked there.
  const endMs = Math.floor(Date.now() / 7_200_000) * 7_200_000;
  backfillStepped({ dataDir: join(dir, "data"), tmpDir: join(dir, "tmp"), ...data(endMs) });
  const rulesFile = join(dir, "slo-rules.yml");
  writeRulesFile(catalog, rulesFile);
  const server = await backfillRecordingRules({
    server: await startPrometheus({ dir }),
    dir,
    rulesFile,
    startMs: endMs - 15 * 60_000,
    endMs,
  });
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
