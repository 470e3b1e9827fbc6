/**
 * npm run cost:sync [-- --rebuild | --from 2026-11-01]: one run of the cost sync with the
 * server's configuration (environment and catalog), for a Kubernetes CronJob or by hand.
 * Syncs every final hour since the last sync (on a first run, since the earliest data
 * Prometheus holds), printing a line per chunk of hours. --rebuild recomputes every hour
 * Prometheus still holds; --from recomputes from that date (UTC). Exits 1 with one line on
 * a bad configuration or a failed query; another process holding the lease is not a
 * failure (it is syncing).
 */
import { CatalogError } from "../lib/catalog/load";
import { getCatalog } from "../lib/catalog";
import { ConfigError, getEnv } from "../lib/env";
import { describeSync, syncCostNow, syncHolder } from "../lib/cost/schedule";

function parseArgs(argv: string[]): { rebuild: boolean; fromMs?: number } {
  let rebuild = false;
  let fromMs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--rebuild") rebuild = true;
    else if (a === "--from") {
      const v = argv[++i];
      const t = v ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v) : NaN;
      if (!Number.isFinite(t))
        throw new ConfigError(
          `--from: expected a date such as 2026-11-01, got ${JSON.stringify(v ?? "")}`,
        );
      fromMs = t;
    } else
      throw new ConfigError(
        `unknown argument ${JSON.stringify(a)}: expected --rebuild or --from DATE`,
      );
  }
  if (rebuild && fromMs !== undefined)
    throw new ConfigError("--rebuild and --from: give one of them");
  return { rebuild, fromMs };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(":00.000Z", "Z");

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const env = getEnv();
  const catalog = getCatalog();
  const mapped = catalog.workloads.filter((w) => w.kubernetes.ok).length;
  console.log(
    `cost sync (${syncHolder()}): ${mapped} of ${catalog.workloads.length} workloads mapped to Kubernetes; ` +
      `ClickHouse ${env.CLICKHOUSE_URL ? "server" : `embedded in ${env.CLICKHOUSE_DATA_DIR}`}; ` +
      `chunks of ${env.COST_SYNC_CHUNK_HOURS} h`,
  );
  const result = await syncCostNow({
    ...args,
    onProgress: (p) =>
      console.log(
        `  ${iso(p.range.fromMs)} – ${iso(p.range.toMs)}: ${p.workloadRows} workload rows ` +
          `(chunk ${p.chunk}/${p.chunks}, ${(p.elapsedMs / 1000).toFixed(1)} s)`,
      ),
  });
  console.log(
    `cost sync: ${describeSync(result) ?? "up to date: no final hour since the last sync"}`,
  );
  return 0;
}

main()
  .then((code) => process.exit(code))
  .catch((e: unknown) => {
    const known = e instanceof ConfigError || e instanceof CatalogError;
    const msg = e instanceof Error ? e.message : String(e);
    console.error(known ? `cost sync: cannot start: ${msg}` : `cost sync failed: ${msg}`);
    process.exit(1);
  });
