/**
 * npm run demo:cost [-- DATA_DIR]: the demo's stories as the cost sync wrote them into
 * ClickHouse (workload_cost_hourly, read through the app's own readers), for a stopped
 * demo (the embedded engine's directory is one process's: stop `npm run demo` first).
 * Prints the total monthly cost, checkout's cost per 1M requests in the week before and
 * after its caching change, tracking-api's launch day, superset's efficiency and search's
 * nightly memory peak.
 */
import { loadCatalogFile } from "../../lib/catalog/file";
import { connectClickHouse, type ClickHouse } from "../../lib/clickhouse/connect";
import { fetchCostTotals } from "../../lib/clickhouse/queries/cost";
import { fetchWorkloadUsage } from "../../lib/clickhouse/queries/workload-usage";
import { costReport } from "../../lib/cost/report";
import { DATA, readState } from "./state";
import { timeline } from "./story";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;
const usd = (x: number | null | undefined) => (x == null ? "—" : `$${x.toFixed(2)}`);
const pct = (x: number | null | undefined) => (x == null ? "—" : `${(100 * x).toFixed(0)} %`);

async function memoryByHourOfDay(ch: ClickHouse, workload: string, fromMs: number, toMs: number) {
  const rs = await ch.client.query({
    query: `SELECT toHour(hour) AS h, avg(memory_usage_gib) AS gib, avg(memory_request_gib) AS req
      FROM ${ch.database}.workload_cost_hourly FINAL
      WHERE workload = {w:String} AND hour >= toDateTime({a:UInt32}) AND hour < toDateTime({b:UInt32})
      GROUP BY h ORDER BY h`,
    query_params: { w: workload, a: fromMs / 1000, b: toMs / 1000 },
    format: "JSONEachRow",
  });
  return rs.json<{ h: number; gib: number; req: number }>();
}

async function main(): Promise<void> {
  const dataDir = process.argv[2] ?? DATA.clickhouse;
  const state = readState();
  if (!state) throw new Error("no demo state (.data/demo): run npm run demo first");
  const catalog = loadCatalogFile("config/workloads.yaml");
  const tl = timeline(state.t0Minute, state.incidents ?? []);
  const ch = connectClickHouse({
    user: "default",
    password: "",
    database: "sightline",
    dataDir,
    timeoutMs: 120_000,
  });
  try {
    // The last 30 whole days before the history's end.
    const endMs = floorHour(state.historyEndMs);
    const month = { fromMs: endMs - 30 * DAY, toMs: endMs };
    const byWorkload = await costReport(ch, catalog, month, "workload");
    const total = byWorkload.reduce((a, r) => a + r.costUsd, 0);
    const hours = Math.max(...byWorkload.map((r) => r.hours));
    console.log(
      `total cost, last 30 days: ${usd(total)} (${hours} hours synced; ${usd((total / hours) * 730)} per 730-hour month)`,
    );
    for (const r of byWorkload.sort((a, b) => b.costUsd - a.costUsd)) {
      console.log(
        `  ${r.key.padEnd(13)} ${usd(r.costUsd).padStart(9)}  efficiency cpu ${pct(r.cpuEfficiency)}, memory ${pct(r.memoryEfficiency)}, total ${pct(r.totalEfficiency)}; replicas ${r.averageReplicas?.toFixed(1) ?? "—"}`,
      );
    }

    // checkout: the week before its caching change against the week after it.
    const change = tl.cachingChange * 60_000;
    const before = await fetchWorkloadUsage(
      ch,
      ["checkout"],
      new Date(floorHour(change) - 7 * DAY),
      new Date(floorHour(change)),
    );
    const after = await fetchWorkloadUsage(
      ch,
      ["checkout"],
      new Date(floorHour(change) + HOUR),
      new Date(floorHour(change) + HOUR + 7 * DAY),
    );
    const [b, a] = [before[0]!, after[0]!];
    console.log(
      `checkout, cost per 1M requests: ${usd(b.costPerMillionRequests)} the week before the caching change (${new Date(change).toISOString()}), ` +
        `${usd(a.costPerMillionRequests)} the week after (cost ${usd(b.costUsd)} → ${usd(a.costUsd)}, requests ${((b.requests ?? 0) / 1e6).toFixed(1)}M → ${((a.requests ?? 0) / 1e6).toFixed(1)}M)`,
    );

    // tracking-api: launch day against the same weekday a week earlier.
    const launch = tl.launchStart * 60_000;
    const launchDay = Math.floor(launch / DAY) * DAY;
    const [day] = await fetchCostTotals(
      ch,
      ["tracking-api"],
      new Date(launchDay),
      new Date(launchDay + DAY),
    );
    const [weekBefore] = await fetchCostTotals(
      ch,
      ["tracking-api"],
      new Date(launchDay - 7 * DAY),
      new Date(launchDay - 6 * DAY),
    );
    const [window] = await fetchCostTotals(
      ch,
      ["tracking-api"],
      new Date(floorHour(launch)),
      new Date(floorHour(tl.launchFixed * 60_000)),
    );
    const replicas = (t: typeof day) => (t?.podHours != null ? t.podHours / t.hours : null);
    console.log(
      `tracking-api, launch day (${new Date(launchDay).toISOString().slice(0, 10)}): ${usd(day?.costUsd)} ` +
        `(a week earlier: ${usd(weekBefore?.costUsd)}); the 4 launch hours: ${usd(window?.costUsd)}, ` +
        `${replicas(window)?.toFixed(1) ?? "—"} replicas on average (${replicas(weekBefore)?.toFixed(1) ?? "—"} a week earlier)`,
    );

    // superset: requests far more than it uses.
    const superset = byWorkload.find((r) => r.key === "superset");
    console.log(
      `superset: efficiency ${pct(superset?.totalEfficiency)} (cpu ${pct(superset?.cpuEfficiency)}, memory ${pct(superset?.memoryEfficiency)}): ` +
        `${superset?.cpuUsageCoreHours.toFixed(0)} of ${superset?.cpuRequestCoreHours.toFixed(0)} requested core-hours used`,
    );

    // search: the nightly reindex's memory peak, by hour of the day.
    const mem = await memoryByHourOfDay(ch, "search", month.fromMs, month.toMs);
    const reindexHour = Math.floor(tl.reindex.minuteOfDay / 60);
    const at = (h: number) => mem.find((m) => m.h === (h + 24) % 24);
    const hh = (h: number) => `${String((h + 24) % 24).padStart(2, "0")}:00`;
    const gib = (h: number) => `${at(h)?.gib.toFixed(2) ?? "—"} GiB`;
    console.log(
      `search: memory used in the ${hh(reindexHour)} UTC hour (the nightly reindex, ${tl.reindex.minutes} min; an hour's average, ` +
        `the minutes' peak is higher): ${gib(reindexHour)}, against ${gib(reindexHour - 1)} at ${hh(reindexHour - 1)} and ` +
        `${gib(reindexHour + 1)} at ${hh(reindexHour + 1)}; requested ${at(reindexHour)?.req.toFixed(2) ?? "—"} GiB`,
    );
  } finally {
    await ch.client.close();
  }
}

main().catch((e: unknown) => {
  console.error(`demo:cost failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
