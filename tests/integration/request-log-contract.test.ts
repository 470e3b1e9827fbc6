/**
 * The request log's contract (docs/request-data.md): the example lines of the documented
 * access-log pipeline, inserted as Vector's ClickHouse sink inserts them (JSONEachRow), give
 * the route table the document states; a line that breaks the contract is refused with the
 * constraint's name, and nothing of its batch is written.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, type ClickHouse } from "@/lib/clickhouse/connect";
import { fetchRouteRows } from "@/lib/clickhouse/queries/routes";
import { DATABASE, openEmbedded } from "../support/clickhouse";

/** The JSON lines of the fenced block after `<!-- marker -->` in docs/request-data.md. */
function documented(marker: string): Record<string, unknown>[] {
  const doc = readFileSync("docs/request-data.md", "utf8");
  const at = doc.indexOf(`<!-- ${marker} -->`);
  expect(at, marker).toBeGreaterThan(0);
  const block = /```jsonl\n([\s\S]*?)```/.exec(doc.slice(at))![1]!;
  return block
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

let dir: string;
let ch: ClickHouse;
const insert = (values: Record<string, unknown>[]) =>
  ch.client.insert({ table: `${DATABASE}.request_log`, values, format: "JSONEachRow" });
const count = async () => {
  const rs = await ch.client.query({
    query: `SELECT count() AS n FROM ${DATABASE}.request_log`,
    format: "JSONEachRow",
  });
  return Number((await rs.json<{ n: string }>())[0]!.n);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-contract-"));
  ch = openEmbedded(join(dir, "clickhouse"));
  await migrate(ch);
});

afterAll(async () => {
  await ch?.client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the request log's contract", () => {
  const from = Date.parse("2026-11-30T12:00:00Z");
  const to = from + 3600_000;

  it("takes the documented pipeline's lines and gives the documented route table", async () => {
    await insert(documented("request-log-example"));
    const { rows } = await fetchRouteRows(ch, "checkout", from, to);
    expect(rows.map((r) => [r.route, r.requests, r.errorRatio])).toEqual([
      ["/cart", 12, 1 / 12],
      ["/orders/{id}", 1, 0],
    ]);
  });

  it("refuses the documented bad line, and the good lines of its batch with it", async () => {
    const before = await count();
    const good = documented("request-log-example")[1]!;
    await expect(insert([good, ...documented("request-log-refused")])).rejects.toThrow(
      /status_is_http/,
    );
    expect(await count()).toBe(before);
  });

  it("names each constraint a row breaks", async () => {
    const good = documented("request-log-example")[1]!;
    for (const [change, constraint] of [
      [{ workload: "" }, "workload_named"],
      [{ route: "" }, "route_named"],
      [{ status: 600 }, "status_is_http"],
      [{ duration_ms: -1 }, "duration_ms_valid"],
      [{ cache_status: "HIT" }, "cache_status_known"],
    ] as const) {
      await expect(insert([{ ...good, ...change }]), constraint).rejects.toThrow(constraint);
    }
  });
});
