import { readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { startPrometheus, type PrometheusServer } from "./prometheus-server";
import { run } from "./processes";

/**
 * Evaluates the recording rules of `rulesFile` over [startMs, endMs] against a running
 * Prometheus with promtool, then restarts it on the same port with the new blocks, so
 * recorded series have values for data that was backfilled rather than scraped.
 */
export async function backfillRecordingRules(opts: {
  server: PrometheusServer;
  dir: string;
  rulesFile: string;
  startMs: number;
  endMs: number;
}): Promise<PrometheusServer> {
  const blocks = join(opts.dir, "rule-blocks");
  run(
    "promtool",
    [
      "tsdb",
      "create-blocks-from",
      "rules",
      `--start=${Math.floor(opts.startMs / 1000)}`,
      // past the end, so that an evaluation falls on it (the last step is exclusive)
      `--end=${Math.floor((opts.endMs + 5 * 60_000) / 1000)}`,
      `--url=${opts.server.url}`,
      `--output-dir=${blocks}`,
      "--eval-interval=60s",
      opts.rulesFile,
    ],
    "promtool create-blocks-from rules",
  );
  await opts.server.stop();
  for (const b of readdirSync(blocks)) renameSync(join(blocks, b), join(opts.dir, "data", b));
  return startPrometheus({ dir: opts.dir, port: opts.server.port });
}
