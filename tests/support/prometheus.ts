import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";
import { writeKnownData } from "./known-data";

export interface KnownPrometheus extends PrometheusServer {
  /** The end of the data set: evaluate at this time for the hand-worked answers. */
  endMs: number;
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A real Prometheus on a free loopback port, serving the known data set from a temp dir,
 * ending at `endMs` (default: the current minute).
 */
export async function startKnownPrometheus(
  endMs = Math.floor(Date.now() / 60_000) * 60_000,
): Promise<KnownPrometheus> {
  ensurePrometheus();
  const dir = mkdtempSync(join(tmpdir(), "sightline-prom-"));
  writeKnownData(join(dir, "data"), join(dir, "tmp"), endMs);
  const server = await startPrometheus({ dir });
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
