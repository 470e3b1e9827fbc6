/**
 * Requests from OpenTelemetry spans (docs/request-data.md), in the real embedded engine:
 * the OpenTelemetry Collector ClickHouse exporter's own `otel_traces` DDL, filled with
 * spans worked out by hand, before and after Sightline links to it. The route table and
 * the request panel equal the hand values, and the backfilled half equals the half the
 * views derived as the spans arrived.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, type ClickHouse } from "@/lib/clickhouse/connect";
import { backfill, backfillWindows, linkTraces } from "@/lib/clickhouse/otel-link";
import { fetchSpanCounts } from "@/lib/clickhouse/queries/otel";
import { fetchRouteRows } from "@/lib/clickhouse/queries/routes";
import { fetchWorkloadUsage } from "@/lib/clickhouse/queries/workload-usage";
import { openEmbedded } from "../support/clickhouse";
import { otelTracesDdl } from "@/scripts/lib/otel-ddl";
import { spanRows, SPANS_EXPECTED } from "../support/otel-spans";

const MIN = 60_000;
let dir: string;
let ch: ClickHouse;
/** The link is made at `cutoffMs`: spans an hour before are backfilled, spans after it
 * reach the views as they are inserted. */
const cutoffMs = Math.floor(Date.now() / MIN) * MIN - 30 * MIN;
const beforeMs = cutoffMs - 60 * MIN;
const afterMs = cutoffMs + 5 * MIN;

async function insertSpans(table: string, atMs: number) {
  await ch.client.insert({ table, values: spanRows(atMs), format: "JSONEachRow" });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-otel-"));
  ch = openEmbedded(join(dir, "clickhouse"));
  await migrate(ch);
  await ch.client.command({ query: "CREATE DATABASE IF NOT EXISTS otel" });
  // The current generation of the exporter's DDL, and the first one (2022 to 2024).
  await ch.client.command({ query: otelTracesDdl("otel.otel_traces") });
  await ch.client.command({ query: otelTracesDdl("otel.otel_traces_v1", 1) });
  await insertSpans("otel.otel_traces", beforeMs);
});

afterAll(async () => {
  await ch?.client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const src = { table: "otel.otel_traces" };

describe("linking to the exporter's traces table", () => {
  it("refuses a table that is not there or not the exporter's, naming the column", async () => {
    await expect(linkTraces(ch, { table: "otel.nope" })).rejects.toThrow(
      "the traces table otel.nope does not exist",
    );
    await ch.client.command({
      query:
        "CREATE TABLE otel.not_spans (Timestamp DateTime64(9), Duration String) ENGINE = Memory",
    });
    await expect(linkTraces(ch, { table: "otel.not_spans" })).rejects.toThrow(
      /has no column TraceState|column Duration is String/,
    );
  });

  it("backfills the spans written before, in day-sized windows with progress", async () => {
    const cutoffNs = BigInt(cutoffMs) * 1_000_000n;
    const link = await linkTraces(ch, src, cutoffNs);
    expect(link).not.toBeNull();
    expect(link!.spansBefore).toBe(SPANS_EXPECTED.spans);
    const seen: [number, number][] = [];
    const done = await backfill(ch, src, link!, (d, t) => seen.push([d, t]));
    expect(done.backfilledToNs).toBe(cutoffNs);
    const days = backfillWindows(link!.minNs, cutoffNs).length;
    expect(seen.at(-1)).toEqual([days, days]);
    // Linking again keeps the link: nothing is derived twice.
    expect((await linkTraces(ch, src, cutoffNs + 1_000_000_000n))!.cutoffNs).toBe(cutoffNs);
    await insertSpans("otel.otel_traces", afterMs);
  });

  it("gives the hand-worked route table from the backfilled spans and from the live ones", async () => {
    for (const [from, to] of [
      [beforeMs - MIN, cutoffMs],
      [cutoffMs, afterMs + 10 * MIN],
    ] as const) {
      const { table, rows } = await fetchRouteRows(ch, SPANS_EXPECTED.workload, from, to);
      expect(table).toBe("request_log");
      expect(rows.map((r) => [r.route, r.requests, r.errorRatio])).toEqual(
        SPANS_EXPECTED.routes.map((r) => [r.route, r.requests, r.errorRatio]),
      );
      for (const r of SPANS_EXPECTED.routes) {
        expect(rows.find((x) => x.route === r.route)?.p99Ms).toBeCloseTo(r.p99Ms, 3);
      }
      expect(await fetchSpanCounts(ch, SPANS_EXPECTED.workload, from, to)).toEqual(
        SPANS_EXPECTED.spanCounts,
      );
    }
  });

  it("rolls both halves up: 24 hours of routes and the request panel count both", async () => {
    const from = afterMs - 24 * 3600_000;
    const to = afterMs + 10 * MIN;
    const { table, rows } = await fetchRouteRows(ch, SPANS_EXPECTED.workload, from, to);
    expect(table).toBe("request_rollup_1m");
    expect(rows.map((r) => [r.route, r.requests])).toEqual(
      SPANS_EXPECTED.routes.map((r) => [r.route, 2 * r.requests]),
    );
    const [usage] = await fetchWorkloadUsage(
      ch,
      [SPANS_EXPECTED.workload],
      new Date(from),
      new Date(to),
    );
    const requests = SPANS_EXPECTED.routes.reduce((n, r) => n + r.requests, 0);
    const errors = SPANS_EXPECTED.routes.reduce((n, r) => n + r.requests * (r.errorRatio ?? 0), 0);
    expect(usage!.requests).toBe(2 * requests);
    expect(usage!.errorRatio).toBeCloseTo(errors / requests, 9);
  });

  it("takes the workload from a resource attribute when one is configured", async () => {
    const mapped = { table: "otel.otel_traces_v1", workloadAttribute: "k8s.deployment.name" };
    await insertSpans("otel.otel_traces_v1", beforeMs);
    // A second link (another table): its own views replace the first's.
    const link = await linkTraces(ch, mapped, BigInt(cutoffMs) * 1_000_000n);
    await backfill(ch, mapped, link!);
    const { rows } = await fetchRouteRows(ch, SPANS_EXPECTED.deployment, beforeMs - MIN, cutoffMs);
    expect(rows.map((r) => [r.route, r.requests])).toEqual(
      SPANS_EXPECTED.routes.map((r) => [r.route, r.requests]),
    );
  });

  it("leaves the views alone when a process runs without the table configured", async () => {
    // The cost sync's CronJob, say: it opens ClickHouse without CLICKHOUSE_OTEL_TRACES_TABLE.
    expect(await linkTraces(ch, null)).toBeNull();
    const at = Date.now() + 60_000;
    await insertSpans("otel.otel_traces_v1", at);
    const { rows } = await fetchRouteRows(ch, SPANS_EXPECTED.deployment, at - MIN, at + 10 * MIN);
    expect(rows.map((r) => [r.route, r.requests])).toEqual(
      SPANS_EXPECTED.routes.map((r) => [r.route, r.requests]),
    );
  });

  it("makes views dropped by hand again, counting from then and nothing twice", async () => {
    const mapped = { table: "otel.otel_traces_v1", workloadAttribute: "k8s.deployment.name" };
    for (const v of ["otel_requests_mv", "otel_spans_mv"]) {
      await ch.client.command({ query: `DROP VIEW sightline.${v}` });
    }
    const gapAt = Date.now() + 20 * MIN;
    await insertSpans("otel.otel_traces_v1", gapAt); // while the views are gone: not counted
    const nowNs = BigInt(Date.now() + 30 * MIN) * 1_000_000n;
    const link = await linkTraces(ch, mapped, nowNs);
    expect(link!.cutoffNs).toBe(nowNs);
    expect(link!.backfilledToNs).toBe(nowNs); // nothing to backfill again
    const laterAt = Date.now() + 40 * MIN;
    await insertSpans("otel.otel_traces_v1", laterAt);
    const count = async (from: number) =>
      (await fetchRouteRows(ch, SPANS_EXPECTED.deployment, from, from + 10 * MIN)).rows.reduce(
        (n, r) => n + r.requests,
        0,
      );
    expect(await count(gapAt - MIN)).toBe(0);
    expect(await count(laterAt - MIN)).toBe(26);
    // The first link's spans, counted by the backfill, are still counted once.
    expect(await count(beforeMs - MIN)).toBe(26);
  });
});
