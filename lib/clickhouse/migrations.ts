/**
 * Versioned schema. Each step is idempotent SQL run once, in order, and recorded in
 * schema_migrations. `{db}` is the database name, validated by lib/env as an identifier.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/**
 * Fills the hourly rollup from the per-minute one for the minutes `where` selects: the
 * hours of data written before the hourly rollup existed, or the part of an hour that a
 * re-seeding keeps.
 */
export function hourlyFromMinutes(where: string): string {
  return `INSERT INTO {db}.request_rollup_1h
      SELECT
        toStartOfHour(minute) AS hour,
        workload,
        route,
        sum(requests),
        sum(errors),
        sum(cache_hits),
        sum(cache_lookups),
        quantilesTDigestWeightedMergeState(0.5, 0.95, 0.99)(duration_ms)
      FROM {db}.request_rollup_1m
      WHERE ${where}
      GROUP BY hour, workload, route`;
}

/** The same for the per-workload hourly rollup (no route): what `where` selects of the minutes. */
export function workloadHourlyFromMinutes(where: string): string {
  return `INSERT INTO {db}.workload_rollup_1h
      SELECT
        toStartOfHour(minute) AS hour,
        workload,
        sum(requests),
        sum(errors),
        quantilesTDigestWeightedMergeState(0.5, 0.95, 0.99)(duration_ms)
      FROM {db}.request_rollup_1m
      WHERE ${where}
      GROUP BY hour, workload`;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "request log",
    statements: [
      `CREATE TABLE IF NOT EXISTS {db}.request_log (
        ts DateTime64(3, 'UTC') CODEC(Delta, ZSTD),
        workload LowCardinality(String),
        route LowCardinality(String),
        method LowCardinality(String),
        status UInt16,
        duration_ms Float32,
        cache_status LowCardinality(String),
        bytes UInt32,
        pod LowCardinality(String),
        -- how many requests this row stands for: 1 for a full log, N for a 1-in-N sample
        sample_weight UInt32 DEFAULT 1
      ) ENGINE = MergeTree
      PARTITION BY toYYYYMMDD(ts)
      ORDER BY (workload, ts)
      TTL toDateTime(ts) + INTERVAL 90 DAY`,
    ],
  },
  {
    version: 2,
    name: "hourly workload cost",
    statements: [
      `CREATE TABLE IF NOT EXISTS {db}.workload_cost_hourly (
        hour DateTime('UTC'),
        workload LowCardinality(String),
        team LowCardinality(String),
        cpu_request_cores Float64,
        cpu_usage_cores Float64,
        memory_request_gib Float64,
        memory_usage_gib Float64,
        cpu_price_per_core_hour Float64,
        memory_price_per_gib_hour Float64,
        -- max(request, usage) of each resource, times its price (docs/numbers.md)
        cost_usd Float64
      ) ENGINE = ReplacingMergeTree
      PARTITION BY toYYYYMM(hour)
      ORDER BY (workload, hour)`,
    ],
  },
  {
    version: 3,
    name: "per-minute request rollup",
    statements: [
      `CREATE TABLE IF NOT EXISTS {db}.request_rollup_1m (
        minute DateTime('UTC'),
        workload LowCardinality(String),
        route LowCardinality(String),
        requests SimpleAggregateFunction(sum, UInt64),
        errors SimpleAggregateFunction(sum, UInt64),
        cache_hits SimpleAggregateFunction(sum, UInt64),
        cache_lookups SimpleAggregateFunction(sum, UInt64),
        duration_ms AggregateFunction(quantilesTDigestWeighted(0.5, 0.95, 0.99), Float32, UInt32)
      ) ENGINE = AggregatingMergeTree
      PARTITION BY toYYYYMM(minute)
      ORDER BY (workload, minute, route)
      TTL minute + INTERVAL 400 DAY`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.request_rollup_1m_mv
      TO {db}.request_rollup_1m AS
      SELECT
        toStartOfMinute(ts) AS minute,
        workload,
        route,
        toUInt64(sum(sample_weight)) AS requests,
        toUInt64(sumIf(sample_weight, status >= 500)) AS errors,
        toUInt64(sumIf(sample_weight, cache_status = 'hit')) AS cache_hits,
        toUInt64(sumIf(sample_weight, cache_status IN ('hit', 'miss'))) AS cache_lookups,
        quantilesTDigestWeightedState(0.5, 0.95, 0.99)(duration_ms, sample_weight) AS duration_ms
      FROM {db}.request_log
      GROUP BY minute, workload, route`,
    ],
  },
  {
    version: 4,
    name: "hourly request rollup",
    statements: [
      // Month-long ranges read 60 times fewer rows: the overview's 30-day panel reads whole
      // hours here and only its ragged ends from the per-minute rollup.
      `CREATE TABLE IF NOT EXISTS {db}.request_rollup_1h (
        hour DateTime('UTC'),
        workload LowCardinality(String),
        route LowCardinality(String),
        requests SimpleAggregateFunction(sum, UInt64),
        errors SimpleAggregateFunction(sum, UInt64),
        cache_hits SimpleAggregateFunction(sum, UInt64),
        cache_lookups SimpleAggregateFunction(sum, UInt64),
        duration_ms AggregateFunction(quantilesTDigestWeighted(0.5, 0.95, 0.99), Float32, UInt32)
      ) ENGINE = AggregatingMergeTree
      PARTITION BY toYYYYMM(hour)
      ORDER BY (workload, hour, route)
      TTL hour + INTERVAL 400 DAY`,
      // What the log already holds, from the per-minute rollup (only into an empty table).
      hourlyFromMinutes("(SELECT count() FROM {db}.request_rollup_1h) = 0"),
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.request_rollup_1h_mv
      TO {db}.request_rollup_1h AS
      SELECT
        toStartOfHour(ts) AS hour,
        workload,
        route,
        toUInt64(sum(sample_weight)) AS requests,
        toUInt64(sumIf(sample_weight, status >= 500)) AS errors,
        toUInt64(sumIf(sample_weight, cache_status = 'hit')) AS cache_hits,
        toUInt64(sumIf(sample_weight, cache_status IN ('hit', 'miss'))) AS cache_lookups,
        quantilesTDigestWeightedState(0.5, 0.95, 0.99)(duration_ms, sample_weight) AS duration_ms
      FROM {db}.request_log
      GROUP BY hour, workload, route`,
    ],
  },
  {
    version: 5,
    name: "per-workload hourly rollup",
    statements: [
      // The overview's 30-day usage panel merges one t-digest per workload and hour here
      // instead of one per route as well (far fewer states to merge): its
      // query's CPU shares the machine with the render's slowest Prometheus query.
      `CREATE TABLE IF NOT EXISTS {db}.workload_rollup_1h (
        hour DateTime('UTC'),
        workload LowCardinality(String),
        requests SimpleAggregateFunction(sum, UInt64),
        errors SimpleAggregateFunction(sum, UInt64),
        duration_ms AggregateFunction(quantilesTDigestWeighted(0.5, 0.95, 0.99), Float32, UInt32)
      ) ENGINE = AggregatingMergeTree
      PARTITION BY toYYYYMM(hour)
      ORDER BY (workload, hour)
      TTL hour + INTERVAL 400 DAY`,
      workloadHourlyFromMinutes("(SELECT count() FROM {db}.workload_rollup_1h) = 0"),
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.workload_rollup_1h_mv
      TO {db}.workload_rollup_1h AS
      SELECT
        toStartOfHour(ts) AS hour,
        workload,
        toUInt64(sum(sample_weight)) AS requests,
        toUInt64(sumIf(sample_weight, status >= 500)) AS errors,
        quantilesTDigestWeightedState(0.5, 0.95, 0.99)(duration_ms, sample_weight) AS duration_ms
      FROM {db}.request_log
      GROUP BY hour, workload`,
    ],
  },
  {
    version: 6,
    name: "cost sync",
    statements: [
      // The cost sync's rows (lib/cost/sync.ts) in the hourly cost table the overview already
      // reads: one row per workload and hour, the latest write of an hour replacing the
      // earlier ones. Per hour, `*_cores` and `*_gib` are core-hours and GiB-hours (the
      // average over the hour). Defaults give rows written without these columns (the demo
      // seeder's) the same split of the same cost.
      `ALTER TABLE {db}.workload_cost_hourly
        ADD COLUMN IF NOT EXISTS cpu_alloc_core_hours Float64
          DEFAULT greatest(cpu_request_cores, cpu_usage_cores),
        ADD COLUMN IF NOT EXISTS memory_alloc_gib_hours Float64
          DEFAULT greatest(memory_request_gib, memory_usage_gib),
        ADD COLUMN IF NOT EXISTS cpu_cost_usd Float64
          DEFAULT cpu_alloc_core_hours * cpu_price_per_core_hour,
        ADD COLUMN IF NOT EXISTS memory_cost_usd Float64
          DEFAULT memory_alloc_gib_hours * memory_price_per_gib_hour,
        -- the workload's share of its nodes' unallocated capacity; NULL: capacity unknown
        ADD COLUMN IF NOT EXISTS cpu_idle_usd Nullable(Float64),
        ADD COLUMN IF NOT EXISTS memory_idle_usd Nullable(Float64),
        ADD COLUMN IF NOT EXISTS pod_hours Nullable(Float64),
        ADD COLUMN IF NOT EXISTS hpa_cpu_target_pct Nullable(Float64),
        ADD COLUMN IF NOT EXISTS hpa_memory_target_pct Nullable(Float64),
        ADD COLUMN IF NOT EXISTS price_source LowCardinality(String) DEFAULT 'catalog',
        ADD COLUMN IF NOT EXISTS synced_at DateTime64(3, 'UTC') DEFAULT now64(3)`,
      // Cost outlives Prometheus's retention: 13 months.
      `ALTER TABLE {db}.workload_cost_hourly MODIFY TTL hour + INTERVAL 13 MONTH`,
      // The cluster's hours: what the nodes cost, what all pods were allocated, what idled.
      `CREATE TABLE IF NOT EXISTS {db}.cluster_cost_hourly (
        hour DateTime('UTC'),
        nodes UInt32,
        cpu_capacity_core_hours Nullable(Float64),
        memory_capacity_gib_hours Nullable(Float64),
        cpu_capacity_cost_usd Nullable(Float64),
        memory_capacity_cost_usd Nullable(Float64),
        cpu_allocated_cost_usd Float64,
        memory_allocated_cost_usd Float64,
        cpu_idle_usd Nullable(Float64),
        memory_idle_usd Nullable(Float64),
        synced_at DateTime64(3, 'UTC') DEFAULT now64(3)
      ) ENGINE = ReplacingMergeTree
      PARTITION BY toYYYYMM(hour)
      ORDER BY hour
      TTL hour + INTERVAL 13 MONTH`,
      // One row per synced chunk of hours [hour_from, hour_to): the watermark is max(hour_to).
      `CREATE TABLE IF NOT EXISTS {db}.cost_sync_log (
        synced_at DateTime64(3, 'UTC') DEFAULT now64(3),
        hour_from DateTime('UTC'),
        hour_to DateTime('UTC'),
        holder String,
        workload_rows UInt32,
        catalog_hash String
      ) ENGINE = MergeTree
      ORDER BY (hour_to, synced_at)
      TTL toDateTime(synced_at) + INTERVAL 13 MONTH`,
      // Claims of the sync's lease (lib/cost/lease.ts): times are the server's clock.
      `CREATE TABLE IF NOT EXISTS {db}.cost_sync_lease (
        term UInt64,
        holder String,
        claimed_at DateTime64(3, 'UTC'),
        expires_at DateTime64(3, 'UTC')
      ) ENGINE = MergeTree
      ORDER BY (term, claimed_at, holder)
      TTL toDateTime(claimed_at) + INTERVAL 7 DAY`,
    ],
  },
  {
    version: 7,
    name: "embed tokens",
    statements: [
      // One row per issued embed token (docs/embeds.md); a revocation writes the row again
      // with revoked_at and a higher version, and readers use FINAL. The token is not kept.
      `CREATE TABLE IF NOT EXISTS {db}.embed_tokens (
        jti String,
        creator String,
        created_at DateTime64(3, 'UTC'),
        expires_at DateTime64(3, 'UTC'),
        panel LowCardinality(String),
        workload String,
        team String,
        slo String,
        indicator String,
        range LowCardinality(String),
        origins Array(String),
        theme LowCardinality(String),
        key_id String,
        revoked_at Nullable(DateTime64(3, 'UTC')),
        revoked_by String DEFAULT '',
        version UInt64
      ) ENGINE = ReplacingMergeTree(version)
      ORDER BY jti
      TTL toDateTime(expires_at) + INTERVAL 90 DAY`,
    ],
  },
  {
    version: 8,
    name: "report links",
    statements: [
      // Frozen pages behind /r/{id} (lib/share, docs/report-links.md). A revocation writes
      // the row again with revoked_at set and a later `updated`; readers use FINAL.
      `CREATE TABLE IF NOT EXISTS {db}.report_links (
        id String,
        creator String,
        created DateTime64(3, 'UTC'),
        expires DateTime64(3, 'UTC'),
        revoked_at Nullable(DateTime64(3, 'UTC')),
        audience LowCardinality(String),
        kind LowCardinality(String),
        range String,
        title String,
        workload String,
        -- the teams whose workloads the data holds: a signed-in viewer needs every one
        teams Array(String),
        data String CODEC(ZSTD(3)),
        updated DateTime64(3, 'UTC') DEFAULT now64(3)
      ) ENGINE = ReplacingMergeTree(updated)
      ORDER BY id
      TTL toDateTime(expires) + INTERVAL 90 DAY`,
      // One row per view of a link that could be shown: counted on "Shared by me".
      `CREATE TABLE IF NOT EXISTS {db}.report_link_views (
        id String,
        at DateTime64(3, 'UTC'),
        signed_in Bool
      ) ENGINE = MergeTree
      ORDER BY (id, at)
      TTL toDateTime(at) + INTERVAL 13 MONTH`,
    ],
  },
  {
    version: 9,
    name: "requests from OpenTelemetry spans",
    statements: [
      // The spans of the configured traces table per minute, workload and kind: requests, or
      // the reason they are not (lib/clickhouse/queries/otel.ts, docs/request-data.md).
      `CREATE TABLE IF NOT EXISTS {db}.otel_spans_1m (
        minute DateTime('UTC'),
        workload LowCardinality(String),
        reason LowCardinality(String),
        spans SimpleAggregateFunction(sum, UInt64)
      ) ENGINE = AggregatingMergeTree
      PARTITION BY toYYYYMM(minute)
      ORDER BY (workload, minute, reason)
      TTL minute + INTERVAL 400 DAY`,
      // The traces table the views read, from when, and how far the backfill of the spans
      // written before has come; the latest row of a source is the state.
      `CREATE TABLE IF NOT EXISTS {db}.otel_links (
        source String,
        cutoff_ns Int64,
        min_ns Int64,
        backfilled_to_ns Int64,
        spans_before UInt64,
        updated DateTime64(3, 'UTC') DEFAULT now64(3)
      ) ENGINE = ReplacingMergeTree(updated)
      ORDER BY source`,
    ],
  },
  {
    version: 10,
    name: "request log contract",
    statements: [
      // The request log's contract (docs/request-data.md), checked by ClickHouse on every
      // insert, whoever writes: an access-log pipeline's batch with a row that breaks it is
      // refused whole, with the constraint's name. The span views write only rows that meet it.
      `ALTER TABLE {db}.request_log
        ADD CONSTRAINT IF NOT EXISTS workload_named CHECK workload != '',
        ADD CONSTRAINT IF NOT EXISTS route_named CHECK route != '',
        ADD CONSTRAINT IF NOT EXISTS status_is_http CHECK status BETWEEN 100 AND 599,
        ADD CONSTRAINT IF NOT EXISTS duration_ms_valid CHECK isFinite(duration_ms) AND duration_ms >= 0,
        ADD CONSTRAINT IF NOT EXISTS cache_status_known CHECK cache_status IN ('hit', 'miss', 'none', '')`,
    ],
  },
];
