import { connectClickHouse, migrate, type ClickHouse } from "@/lib/clickhouse/connect";

export const DATABASE = "sightline";

export function openEmbedded(dataDir: string): ClickHouse {
  return connectClickHouse({
    user: "default",
    password: "",
    database: DATABASE,
    dataDir,
    timeoutMs: 15_000,
  });
}

/**
 * Known request-log and cost rows for alpha, beta and a workload whose name needs
 * quoting, all inside the 30 days before `endMs`. Answers are in CH_EXPECTED.
 */
export async function seedKnownClickHouse(ch: ClickHouse, endMs: number): Promise<void> {
  await migrate(ch);
  const endS = Math.floor(endMs / 1000);
  // alpha: 1000 rows of 3 requests at 100 ms + 10 rows of 3 at 1000 ms with status 500,
  // spread over the last 10 days; beta: 400 rows of 1 at 50 ms, one 10 days before the window.
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.request_log
      (ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight)
      SELECT toDateTime64({end:UInt32} - 60 - number * 600, 3, 'UTC'), 'alpha', '/v1/items', 'GET',
             if(number < 10, 500, 200), if(number < 10, 1000, 100), 'hit', 512, 'alpha-0', 3
      FROM numbers(1010)`,
    query_params: { end: endS },
  });
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.request_log
      (ts, workload, route, method, status, duration_ms, cache_status, bytes, pod, sample_weight)
      SELECT toDateTime64({end:UInt32} - 60 - number * 60 - if(number = 0, 40 * 86400, 0), 3, 'UTC'),
             {name:String}, '/', 'POST', 200, 50, 'miss', 128, 'b-0', 1
      FROM numbers(401)`,
    query_params: { end: endS, name: "beta" },
  });
  // 720 hourly cost rows of $0.50 for alpha inside the window (endMs is half past the hour), one outside.
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.workload_cost_hourly
        (hour, workload, team, cpu_request_cores, cpu_usage_cores, memory_request_gib,
         memory_usage_gib, cpu_price_per_core_hour, memory_price_per_gib_hour, cost_usd)
      SELECT toDateTime(intDiv({end:UInt32}, 3600) * 3600 - number * 3600), 'alpha', 'core',
             1, 0.5, 2, 1, 0.031611, 0.004237, 0.5
      FROM numbers(721)`,
    query_params: { end: endS },
  });
}

/** Hand-worked answers for seedKnownClickHouse over the last 30 days. */
export const CH_EXPECTED = {
  alpha: {
    requests: 3030,
    errorRatio: 30 / 3030,
    p95Ms: 100,
    costUsd: 360,
    costPerMillionRequests: (360 / 3030) * 1e6,
  },
  beta: { requests: 400, errorRatio: 0, p95Ms: 50, costUsd: null, costPerMillionRequests: null },
};
