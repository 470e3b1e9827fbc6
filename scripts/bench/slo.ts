/**
 * npm run bench:slo — SLO overview cost for 8 and for 1,000 workloads on a real Prometheus,
 * on the recording-rule path and on the raw path. Prints query counts, median times and
 * ratios measured in this one run (the machine is shared: compare ratios, not seconds).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCatalog, type Catalog } from "../../lib/catalog/load";
import {
  createPrometheusClient,
  observeQueries,
  type PrometheusClient,
} from "../../lib/prometheus/client";
import { fetchSloStatuses } from "../../lib/slo/evaluate";
import type { SloSource } from "../../lib/slo/status";
import { backfillStepped, seriesKey } from "../lib/backfill";
import { ensurePrometheus, startPrometheus } from "../lib/prometheus-server";
import { backfillRecordingRules } from "../lib/rules-backfill";
import { writeRulesFile } from "../lib/rules-file";

const WORKLOADS = 1000;
const STEP_MS = 5 * 60_000;
const SPAN_MS = 7 * 86_400_000;
const RUNS = 5;

function catalogOf(n: number): Catalog {
  const rows = Array.from(
    { length: n },
    (_, i) => `  - { name: w${i}, team: t${i % 20}, convention: prometheus-client }`,
  );
  return parseCatalog(
    `groupingLabel: workload\nsloWindow: 7d\nslos:\n  - { indicator: availability, objective: 99.9 }\n  - { indicator: latency, threshold: 200ms, objective: 95 }\nworkloads:\n${rows.join("\n")}\n`,
    `bench-${n}.yaml`,
  );
}

/** Per workload: 2 status counters and a 4-bucket histogram; error and speed vary by workload. */
function writeData(dataDir: string, tmpDir: string, endMs: number): number {
  const startMs = endMs - SPAN_MS;
  const series: { key: string; inc: number }[] = [];
  for (let i = 0; i < WORKLOADS; i++) {
    const w = { job: "bench", instance: "bench", workload: `w${i}` };
    const errors = 1 + (i % 7);
    series.push({
      key: seriesKey("http_requests_total", { ...w, status: "200" }),
      inc: 1000 - errors,
    });
    series.push({ key: seriesKey("http_requests_total", { ...w, status: "500" }), inc: errors });
    for (const [le, n] of [
      ["0.1", 700],
      ["0.2", 950 - (i % 5)],
      ["1", 995],
      ["+Inf", 1000],
    ] as const) {
      series.push({ key: seriesKey("http_request_duration_seconds_bucket", { ...w, le }), inc: n });
    }
    series.push({ key: seriesKey("http_request_duration_seconds_count", w), inc: 1000 });
  }
  const samples = backfillStepped({
    dataDir,
    tmpDir,
    startMs,
    endMs,
    stepMs: STEP_MS,
    series: series.map((x) => ({ key: x.key, at: () => x.inc })),
    onProgress: (done, total) => {
      if (done % 21 === 0 || done === total) {
        process.stdout.write(`\r  writing data: ${Math.round((100 * done) / total)} %`);
      }
    },
  });
  process.stdout.write("\n");
  return samples;
}

async function measure(prom: PrometheusClient, catalog: Catalog, time: Date, source: SloSource) {
  let queries = 0;
  const counting = observeQueries(prom, () => (queries += 1));
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    queries = 0;
    const t0 = performance.now();
    const out = await fetchSloStatuses(counting, catalog, time, source);
    times.push(performance.now() - t0);
    if (out.length !== catalog.workloads.length) throw new Error("missing workloads in the result");
  }
  times.sort((a, b) => a - b);
  return { queries, ms: times[Math.floor(RUNS / 2)]! };
}

async function main() {
  ensurePrometheus();
  const dir = mkdtempSync(join(tmpdir(), "sightline-bench-slo-"));
  try {
    const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    console.log(`bench:slo — ${WORKLOADS} workloads × 7 series, 7 days at 5 min, SLO window 7d`);
    const t0 = performance.now();
    const samples = writeData(join(dir, "data"), join(dir, "tmp"), endMs);
    console.log(
      `  ${(samples / 1e6).toFixed(1)}M samples written with promtool in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const big = catalogOf(WORKLOADS);
    const rulesFile = join(dir, "rules.yml");
    writeRulesFile(big, rulesFile);
    const server = await backfillRecordingRules({
      server: await startPrometheus({ dir }),
      dir,
      rulesFile,
      startMs: endMs - 10 * 60_000,
      endMs,
    });
    try {
      const prom = createPrometheusClient({ url: server.url, headers: {}, timeoutMs: 120_000 });
      const time = new Date(endMs);
      const rows: [string, SloSource, { queries: number; ms: number }][] = [];
      for (const source of ["recorded", "raw"] as const) {
        for (const n of [8, WORKLOADS])
          rows.push([
            `${n} workloads`,
            source,
            await measure(prom, n === 8 ? catalogOf(8) : big, time, source),
          ]);
      }
      console.log("\n  catalog          path       queries   median ms");
      for (const [what, source, r] of rows) {
        console.log(
          `  ${what.padEnd(16)} ${source.padEnd(10)} ${String(r.queries).padStart(7)}   ${r.ms.toFixed(0).padStart(9)}`,
        );
      }
      const get = (n: number, s: SloSource) =>
        rows.find(([w, src]) => w === `${n} workloads` && src === s)![2];
      console.log("\n  ratios measured in this run:");
      for (const s of ["recorded", "raw"] as const) {
        const small = get(8, s);
        const large = get(WORKLOADS, s);
        console.log(
          `  ${s}: queries 1000/8 = ${(large.queries / small.queries).toFixed(2)}×, time 1000/8 = ${(large.ms / small.ms).toFixed(2)}×`,
        );
      }
      console.log(
        `  1000 workloads: raw / recorded time = ${(get(WORKLOADS, "raw").ms / get(WORKLOADS, "recorded").ms).toFixed(2)}×`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:slo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
