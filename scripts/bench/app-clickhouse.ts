/**
 * Child process of `npm run bench` (the embedded engine is one per process): opens a copy of
 * the demo's ClickHouse directory and times the ClickHouse queries of a page, each run alone
 * (the client is wrapped so that one query runs at a time). Prints one JSON line.
 * - overview: the two queries of fetchWorkloadUsage over [FROM_MS, TO_MS);
 * - cost: the four of the /cost report over the hours [FROM_MS, TO_MS) (totals for the range
 *   and the period before, requests in those hours, cost over time in the page's buckets).
 *
 * usage: node --conditions=react-server --import tsx scripts/bench/app-clickhouse.ts overview|cost DIR FROM_MS TO_MS
 */
import { loadCatalogFile } from "../../lib/catalog/file";
import { connectClickHouse, type ClickHouse } from "../../lib/clickhouse/connect";
import { fetchCostSeries, fetchCostTotals } from "../../lib/clickhouse/queries/cost";
import { fetchRequestsInCostHours } from "../../lib/clickhouse/queries/cost-requests";
import { fetchWorkloadUsage } from "../../lib/clickhouse/queries/workload-usage";
import { costBucketSeconds, previousPeriod } from "../../lib/cost/ranges";
import { median } from "./app-proxy";

const RUNS = 3;

export interface ClickHouseTiming {
  /** What the query reads, per query, with its median ms over RUNS. */
  queries: { table: string; ms: number }[];
}

export type ClickHousePage = "overview" | "cost";

/** The page's ClickHouse queries over [from, to), as its loader issues them. */
function pageQueries(page: ClickHousePage, ch: ClickHouse, names: string[], from: Date, to: Date) {
  if (page === "overview") return () => fetchWorkloadUsage(ch, names, from, to);
  const range = { fromMs: from.getTime(), toMs: to.getTime() };
  const before = previousPeriod(range);
  const bucket = costBucketSeconds(range.toMs - range.fromMs);
  // Named apart: the two totals read the same table over different hours.
  return async () => {
    await fetchCostTotals(ch, names, from, to);
    await fetchCostTotals(ch, names, new Date(before.fromMs), new Date(before.toMs));
    await fetchRequestsInCostHours(ch, names, range.fromMs, range.toMs);
    await fetchCostSeries(ch, names, from, to, bucket);
  };
}

type QueryFn = ClickHouse["client"]["query"];

/** Runs the client's queries one at a time and records each one's time until its rows are read. */
function serialised(ch: ClickHouse, record: (sql: string, ms: number) => void): ClickHouse {
  let chain: Promise<unknown> = Promise.resolve();
  const original = ch.client.query.bind(ch.client) as QueryFn;
  const query = ((params: Parameters<QueryFn>[0]) => {
    const run = chain.then(async () => {
      const t0 = performance.now();
      const rs = await original(params);
      const rows: unknown = await rs.json();
      record(params.query, performance.now() - t0);
      return rows;
    });
    chain = run.catch(() => undefined);
    // selectRows only calls json() on the result set: hand back the rows already read.
    return run.then((rows) => ({ json: () => Promise.resolve(rows) }));
  }) as unknown as QueryFn;
  const client = new Proxy(ch.client, {
    get: (t, p, r) => (p === "query" ? query : Reflect.get(t, p, r)),
  });
  return { ...ch, client };
}

async function main() {
  const [page, dir, fromArg, toArg] = process.argv.slice(2);
  if ((page !== "overview" && page !== "cost") || !dir || !fromArg || !toArg) {
    throw new Error("usage: app-clickhouse.ts overview|cost DIR FROM_MS TO_MS");
  }
  const names = loadCatalogFile(process.env.CATALOG_FILE ?? "config/workloads.yaml").workloads.map(
    (w) => w.name,
  );
  const ch = connectClickHouse({
    user: "default",
    password: "",
    database: "sightline",
    dataDir: dir,
    timeoutMs: 120_000,
  });
  try {
    const times = new Map<string, number[]>();
    let recording = false;
    let nth = 0; // the query's place in one run of the page's queries
    const wrapped = serialised(ch, (sql, ms) => {
      const table = /FROM\s+\S*?\.(\w+)/.exec(sql)?.[1] ?? sql.slice(0, 40);
      const key = `${table} #${++nth}`;
      if (recording) times.set(key, [...(times.get(key) ?? []), ms]);
    });
    const run = pageQueries(
      page,
      wrapped,
      names,
      new Date(Number(fromArg)),
      new Date(Number(toArg)),
    );
    await run(); // warm-up: opens the engine
    recording = true;
    for (let i = 0; i < RUNS; i++) {
      nth = 0;
      await run();
    }
    const out: ClickHouseTiming = {
      queries: [...times].map(([table, ms]) => ({ table, ms: median(ms) })),
    };
    console.log(JSON.stringify(out));
  } finally {
    await ch.client.close();
  }
}

if (process.argv[1]?.endsWith("app-clickhouse.ts")) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
