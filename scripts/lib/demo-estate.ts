/**
 * The demo estate for end-to-end tests and the benchmark (npm run bench): the last `days`
 * of the demo model's history in a real Prometheus (with the catalog's SLO rules loaded and
 * the live simulator scraped), the matching request log in an embedded ClickHouse directory,
 * and the hourly costs the cost sync computes from the backfilled cluster series, as
 * `npm run demo` does (the app's own sync then continues from its watermark).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Catalog } from "@/lib/catalog/load";
import { loadCatalogFile } from "@/lib/catalog/file";
import { connectClickHouse, migrate } from "@/lib/clickhouse/connect";
import { runCostSync, type CostSyncResult } from "@/lib/cost/sync";
import { createPrometheusClient } from "@/lib/prometheus/client";
import { writeHistory } from "../demo/history";
import { Accumulator, Estate } from "../demo/model";
import { seedClickHouse } from "../demo/seed-clickhouse";
import { prometheusConfig, startSimulator } from "../demo/simulator";
import { ensurePrometheus, startPrometheus, type PrometheusServer } from "./prometheus-server";
import { writeRulesFile } from "./rules-file";

export const DEMO_CATALOG = "config/workloads.yaml";

export interface DemoEstate {
  prometheus: PrometheusServer;
  catalog: Catalog;
  /** Pass to the app as CLICKHOUSE_DATA_DIR (closed here: the app owns it). */
  clickhouseDir: string;
  /** End of the backfilled history; live scrapes continue from it. */
  historyEndMs: number;
  estate: Estate;
  /** The cost sync over the backfilled hours, and how long it took. */
  costSync: CostSyncResult & { seconds: number };
  stop(): Promise<void>;
}

export async function startDemoEstate(days: number): Promise<DemoEstate> {
  ensurePrometheus();
  const dir = mkdtempSync(join(tmpdir(), "sightline-estate-"));
  const catalog = loadCatalogFile(DEMO_CATALOG);
  const t0 = Math.floor(Date.now() / 60_000);
  const estate = new Estate(catalog, t0);
  const fromMinute = t0 - days * 1440;
  const acc = new Accumulator(estate);
  acc.advanceTo(fromMinute);
  const quiet = () => {};
  writeHistory({
    acc,
    dataDir: join(dir, "prometheus", "data"),
    tmpDir: join(dir, "tmp"),
    fromMs: fromMinute * 60_000,
    toMs: t0 * 60_000,
    log: quiet,
  });
  const simulator = await startSimulator(acc);
  const rulesFile = join(dir, "slo-rules.yml");
  writeRulesFile(catalog, rulesFile);
  const prometheus = await startPrometheus({
    dir: join(dir, "prometheus"),
    config: prometheusConfig(simulator.port, [rulesFile]),
  });
  const clickhouseDir = join(dir, "clickhouse");
  const ch = connectClickHouse({
    user: "default",
    password: "",
    database: "sightline",
    dataDir: clickhouseDir,
    timeoutMs: 600_000,
  });
  let costSync: DemoEstate["costSync"];
  try {
    await migrate(ch);
    await seedClickHouse({
      ch,
      estate,
      fromMs: fromMinute * 60_000,
      toMs: t0 * 60_000,
      log: quiet,
    });
    // Cost comes from the cluster series as on a real cluster: every whole hour of the
    // backfill, synced here because the app opens this directory only after we close it.
    const syncStarted = Date.now();
    const result = await runCostSync({
      prom: createPrometheusClient({ url: prometheus.url, headers: {}, timeoutMs: 120_000 }),
      ch,
      catalog,
      now: new Date(t0 * 60_000),
      holder: "demo-estate",
      chunkHours: 24,
      delayMinutes: 0,
    });
    costSync = { ...result, seconds: (Date.now() - syncStarted) / 1000 };
  } catch (e) {
    await prometheus.stop();
    await simulator.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    await ch.client.close();
  }
  return {
    prometheus,
    catalog,
    clickhouseDir,
    historyEndMs: t0 * 60_000,
    estate,
    costSync,
    async stop() {
      await prometheus.stop();
      await simulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
