import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SteppedData } from "@/scripts/lib/backfill";
import {
  ensureVictoriaMetrics,
  importStepped,
  startVictoriaMetrics,
  type VictoriaMetricsServer,
} from "@/scripts/lib/victoria-metrics-server";

export interface LoadedVictoriaMetrics extends VictoriaMetricsServer {
  /** The end of the data set: evaluate at this time for the hand-worked answers. */
  endMs: number;
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * Debian's VictoriaMetrics on a free loopback port, from a temp dir, holding the data set
 * `dataSet(endMs)` loaded through its import API.
 */
export async function startLoadedVictoriaMetrics(
  endMs: number,
  dataSet: (endMs: number) => SteppedData,
): Promise<LoadedVictoriaMetrics> {
  ensureVictoriaMetrics();
  const dir = mkdtempSync(join(tmpdir(), "sightline-vm-"));
  const server = await startVictoriaMetrics({ dir });
  try {
    await importStepped(server.url, dataSet(endMs));
  } catch (e) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    ...server,
    endMs,
    dir,
    async cleanup() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
