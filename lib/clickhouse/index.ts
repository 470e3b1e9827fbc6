import "server-only";
import { getEnv } from "../env";
import { DataSourceError, describeCause } from "../errors/data-source-error";
import { connectClickHouse, migrate, type ClickHouse } from "./connect";
import { startOtelLink } from "./otel-link";

export { selectRows } from "./connect";
export type { ClickHouse } from "./connect";

interface Slot {
  ch: ClickHouse;
  ready: Promise<unknown>;
}
const KEY = Symbol.for("sightline.clickhouse");
const g = globalThis as unknown as Record<typeof KEY, Slot | undefined>;

/**
 * The process's one ClickHouse client, created on first use (never at build time) and
 * kept on globalThis so dev reloads do not open the embedded data directory twice.
 */
export async function getClickHouse(): Promise<ClickHouse> {
  let slot = g[KEY];
  if (!slot) {
    const env = getEnv();
    const ch = connectClickHouse({
      url: env.CLICKHOUSE_URL,
      user: env.CLICKHOUSE_USER,
      password: env.CLICKHOUSE_PASSWORD,
      database: env.CLICKHOUSE_DATABASE,
      dataDir: env.CLICKHOUSE_DATA_DIR,
      timeoutMs: env.CLICKHOUSE_TIMEOUT_MS,
    });
    const traces = env.CLICKHOUSE_OTEL_TRACES_TABLE;
    const ready = migrate(ch)
      .catch((e: unknown) => {
        // A server that was down must be retried on the next request, not remembered.
        g[KEY] = undefined;
        void ch.client.close();
        throw new DataSourceError("ClickHouse", "migrate", describeCause(e), { cause: e });
      })
      // Requests from OpenTelemetry spans (docs/request-data.md): never fails the start.
      .then(() =>
        startOtelLink(
          ch,
          traces
            ? { table: traces, workloadAttribute: env.CLICKHOUSE_OTEL_WORKLOAD_ATTRIBUTE }
            : null,
        ),
      );
    slot = { ch, ready };
    g[KEY] = slot;
  }
  await slot.ready;
  return slot.ch;
}
