import { loadCatalogFile } from "../../lib/catalog/file";
import { connectClickHouse, migrate } from "../../lib/clickhouse/connect";
import { Estate } from "./model";
import { seedClickHouse } from "./seed-clickhouse";
import { readState } from "./state";

/**
 * Seeds ClickHouse in a process of its own (the embedded engine's data directory is
 * released only when the process ends): seed-cli.ts <t0Minute> <fromMs> <toMs> <dataDir>.
 */
async function main(): Promise<void> {
  const [t0, from, to] = process.argv.slice(2, 5).map(Number);
  const dataDir = process.argv[5];
  if (!t0 || from === undefined || !to || !dataDir) {
    throw new Error("usage: seed-cli.ts <t0Minute> <fromMs> <toMs> <dataDir>");
  }
  const incidents = readState()?.incidents ?? [];
  const estate = new Estate(loadCatalogFile("config/workloads.yaml"), t0, incidents);
  const ch = connectClickHouse({
    user: "default",
    password: "",
    database: "sightline",
    dataDir,
    timeoutMs: 600_000,
  });
  try {
    await migrate(ch);
    const r = await seedClickHouse({ ch, estate, fromMs: from, toMs: to, log: console.log });
    console.log(`  seed done: ${(r.rows / 1e6).toFixed(2)}M log rows in ${r.seconds.toFixed(1)} s`);
  } finally {
    await ch.client.close();
  }
}

main().catch((e: unknown) => {
  console.error(`seeding failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
