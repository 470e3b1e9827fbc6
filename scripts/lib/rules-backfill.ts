import { readdirSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { startPrometheus, type PrometheusServer } from "./prometheus-server";
import { run } from "./processes";

/**
 * Evaluates the recording rules of `rulesFile` over [startMs, endMs] against a running
 * Prometheus with promtool, then restarts it on the same port with the new blocks, so
 * recorded series have values for data that was backfilled rather than scraped.
 *
 * promtool evaluates each group at the group's own offset (a hash of its name and its file
 * path, as Prometheus does) and cuts its work at 2-hour block boundaries, with the end of
 * each block rounded down to a whole second: an evaluation that falls in the last fraction
 * of a second before a boundary is never written. For a 5-minute group that leaves a
 * sample missing, and a query at the boundary finds nothing within its 5-minute lookback.
 * Naming the file relative to its folder makes the offsets the same on every run (they no
 * longer depend on the temporary folder's random name), so that gap is either always there
 * or never, not a one-in-300 chance; tests/integration/slo.test.ts checks the recorded
 * path at a block boundary.
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
      basename(opts.rulesFile),
    ],
    "promtool create-blocks-from rules",
    dirname(opts.rulesFile),
  );
  await opts.server.stop();
  for (const b of readdirSync(blocks)) renameSync(join(blocks, b), join(opts.dir, "data", b));
  return startPrometheus({ dir: opts.dir, port: opts.server.port });
}
