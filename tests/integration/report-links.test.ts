/**
 * Report links on the embedded ClickHouse (docs/report-links.md): a cost page frozen
 * through its real loader (ClickHouse answers, Prometheus is down), read, listed, revoked
 * and expired; ids are 128 random bits; a snapshot holds only its creator's teams; a
 * script in a title is stored as text and drawn inert.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { VerifiedSession } from "@/lib/auth/session";
import { getClickHouse } from "@/lib/clickhouse";
import { selectRows } from "@/lib/clickhouse/connect";
import { z } from "zod";
import {
  createReportAs,
  listReportsAs,
  newReportId,
  readReportAs,
  reportLinkState,
  revokeReportAs,
} from "@/lib/share";
import { ReportHeader } from "@/components/share/report-header";
import { DATABASE } from "../support/clickhouse";

// Next.js's data cache (unstable_cache) exists only inside a Next.js server: here the
// loaders compute every time. ClickHouse and the (refused) Prometheus are real.
vi.mock("@/lib/cache/store", async (original) => {
  const real = await original<typeof import("@/lib/cache/store")>();
  return {
    ...real,
    nextLoaderStore: {
      ...real.nextLoaderStore,
      cached: (_k: unknown, _o: unknown, f: () => unknown) => f(),
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), "sightline-reports-"));
// Read lazily by lib/env on first use: set before any loader runs.
process.env.CLICKHOUSE_DATA_DIR = join(dir, "clickhouse");
process.env.CATALOG_FILE = "tests/fixtures/catalog.yaml";
process.env.PROMETHEUS_URL = "http://127.0.0.1:9"; // refused at once: Prometheus panels fail
process.env.REPORT_MAX_DAYS = "60";

const DAY = 86_400_000;
const H = 3_600_000;
const editor: VerifiedSession = { user: "ed", role: "editor", teams: "all" };
const coreEditor: VerifiedSession = { user: "core-ed", role: "editor", teams: ["core"] };
const other: VerifiedSession = { user: "other", role: "editor", teams: "all" };
const admin: VerifiedSession = { user: "root", role: "admin", teams: "all" };
const edgeViewer: VerifiedSession = { user: "ev", role: "viewer", teams: ["edge"] };
const coreViewer: VerifiedSession = { user: "cv", role: "viewer", teams: ["core"] };

beforeAll(async () => {
  const ch = await getClickHouse(); // migrates
  // Cost rows for alpha (team core) and gamma (team edge) in each of the last 48 hours.
  await ch.client.command({
    query: `INSERT INTO ${DATABASE}.workload_cost_hourly
        (hour, workload, team, cpu_request_cores, cpu_usage_cores, memory_request_gib,
         memory_usage_gib, cpu_price_per_core_hour, memory_price_per_gib_hour, cost_usd)
      SELECT toDateTime({h:UInt32} - (number % 48 + 1) * 3600),
             if(number < 48, 'alpha', 'gamma'), if(number < 48, 'core', 'edge'),
             1, 0.5, 2, 1, 0.03, 0.004, if(number < 48, 0.5, 2)
      FROM numbers(96)`,
    query_params: { h: Math.floor(Date.now() / H) * 3600 },
  });
});
afterAll(async () => {
  await (await getClickHouse()).client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("report links", () => {
  let id = "";

  it("freezes /cost for an editor and shows it to a signed-in viewer", async () => {
    const made = await createReportAs(editor, { kind: "cost", range: "7d", title: "Weekly cost" });
    if (!made.ok) throw new Error(made.message);
    id = made.id;
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const now = Date.now();
    expect(made.expiresMs).toBeGreaterThan(now + 30 * DAY - 60_000); // the default: 30 days
    expect(made.expiresMs).toBeLessThanOrEqual(now + 30 * DAY);

    const read = await readReportAs(admin, id);
    if (read.kind !== "ok") throw new Error(read.kind);
    expect(read.view).toMatchObject({ creator: "ed", title: "Weekly cost", audience: "signed-in" });
    if (read.view.data.kind !== "cost") throw new Error("not a cost report");
    const costs = read.view.data.report.costs;
    if (!costs.ok) throw new Error(costs.error.message);
    expect(costs.data.workloads.map((w) => w.key).sort()).toEqual(["alpha", "gamma"]);
    expect(costs.data.total?.costUsd).toBeCloseTo(48 * 0.5 + 48 * 2, 6);
    // Prometheus was down: its panel's error is frozen with the rest.
    expect(read.view.data.report.performance.ok).toBe(false);
  });

  it("asks for sign-in, and hides the link from a viewer whose teams do not cover it", async () => {
    expect((await readReportAs(null, id)).kind).toBe("sign-in");
    expect((await readReportAs(edgeViewer, id)).kind).toBe("unknown"); // core's data inside
    expect((await readReportAs(coreViewer, id)).kind).toBe("unknown"); // edge's data inside
  });

  it("holds only the creator's teams", async () => {
    const made = await createReportAs(coreEditor, { kind: "cost", range: "7d", anyone: true });
    if (!made.ok) throw new Error(made.message);
    const read = await readReportAs(null, made.id); // "anyone with the link"
    if (read.kind !== "ok" || read.view.data.kind !== "cost") throw new Error("not shown");
    const costs = read.view.data.report.costs;
    if (!costs.ok) throw new Error(costs.error.message);
    expect(costs.data.workloads.map((w) => w.key)).toEqual(["alpha"]);
    expect(costs.data.teams.map((t) => t.key)).toEqual(["core"]);
    expect(costs.data.total?.costUsd).toBeCloseTo(48 * 0.5, 6);
    expect(JSON.stringify(read.view)).not.toMatch(/gamma|edge/);
    // A viewer of core may open it when it is for signed-in viewers too.
    const signedIn = await createReportAs(coreEditor, { kind: "cost", range: "7d" });
    if (!signedIn.ok) throw new Error(signedIn.message);
    expect((await readReportAs(coreViewer, signedIn.id)).kind).toBe("ok");
    expect((await readReportAs(edgeViewer, signedIn.id)).kind).toBe("unknown");
    // A workload of another team cannot be frozen.
    const gamma = await createReportAs(coreEditor, {
      kind: "workload",
      range: "1h",
      workload: "gamma",
    });
    expect(gamma).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses viewers, bad input and an expiry past REPORT_MAX_DAYS", async () => {
    expect(await createReportAs(coreViewer, { kind: "cost", range: "7d" })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await createReportAs(editor, { kind: "cost", range: "1y" })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await createReportAs(editor, { kind: "pie", range: "7d" })).toMatchObject({
      ok: false,
      status: 400,
    });
    const tooLong = await createReportAs(editor, { kind: "cost", range: "7d", days: 61 });
    expect(tooLong).toMatchObject({ ok: false, status: 400 });
    expect(!tooLong.ok && tooLong.message).toContain("REPORT_MAX_DAYS");
    expect(await createReportAs(editor, { kind: "cost", range: "7d", days: 60 })).toMatchObject({
      ok: true,
    });
  });

  it("expires: gone after its last moment, never before", async () => {
    const made = await createReportAs(editor, { kind: "cost", range: "7d", days: 1 });
    if (!made.ok) throw new Error(made.message);
    expect((await readReportAs(editor, made.id, made.expiresMs - 1)).kind).toBe("ok");
    expect(await readReportAs(editor, made.id, made.expiresMs)).toEqual({
      kind: "gone",
      state: "expired",
    });
    expect(await reportLinkState(made.id, made.expiresMs + DAY)).toBe("expired");
    expect(await reportLinkState(made.id)).toBe("live");
  });

  it("lists one's own links, and everyone's for an admin, with their views", async () => {
    const mine = await listReportsAs(editor);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((l) => l.creator))).toEqual(new Set(["ed"]));
    const first = mine.find((l) => l.id === id)!;
    expect(first).toMatchObject({ kind: "cost", range: "7d", state: "live", viewsSignedIn: 1 });
    expect(await listReportsAs(other)).toEqual([]);
    const all = await listReportsAs(admin);
    expect(new Set(all.map((l) => l.creator))).toEqual(new Set(["ed", "core-ed"]));
    // Newest first.
    const times = all.map((l) => l.createdMs);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("revokes: own links, an admin any; another editor's is unknown to them", async () => {
    expect(await revokeReportAs(other, id)).toMatchObject({ ok: false, status: 404 });
    expect((await readReportAs(admin, id)).kind).toBe("ok");
    expect(await revokeReportAs(editor, id)).toEqual({ ok: true });
    expect(await readReportAs(admin, id)).toEqual({ kind: "gone", state: "revoked" });
    expect(await reportLinkState(id)).toBe("revoked");
    expect(await revokeReportAs(editor, id)).toEqual({ ok: true }); // twice: still revoked
    const listed = (await listReportsAs(editor)).find((l) => l.id === id)!;
    expect(listed.state).toBe("revoked");
    expect(listed.revokedMs).not.toBeNull();

    const theirs = await createReportAs(coreEditor, { kind: "cost", range: "30d" });
    if (!theirs.ok) throw new Error(theirs.message);
    expect(await revokeReportAs(admin, theirs.id)).toEqual({ ok: true });
    expect(await reportLinkState(theirs.id)).toBe("revoked");
    // One row per link once merged: a revocation replaces the row, it does not add a link.
    const [n] = await selectRows(await getClickHouse(), {
      tag: "test",
      query: "SELECT count() AS n FROM {db}.report_links FINAL WHERE id = {id:String}",
      params: { id },
      row: z.object({ n: z.number() }),
    });
    expect(n!.n).toBe(1);
  });

  it("answers unknown for ids that name nothing, malformed ones included", async () => {
    for (const bad of [newReportId(), "short", "../../etc/passwd", "a".repeat(22) + "'"]) {
      expect((await readReportAs(admin, bad)).kind).toBe("unknown");
      expect(await reportLinkState(bad)).toBe("unknown");
      expect(await revokeReportAs(admin, bad)).toMatchObject({ ok: false, status: 404 });
    }
  });

  it("makes 128-bit ids: 22 base64url characters, 16 bytes, no repeats", () => {
    const ids = Array.from({ length: 20_000 }, newReportId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const x of ids.slice(0, 100)) {
      expect(x).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(x, "base64url")).toHaveLength(16);
    }
    // Every position takes many values: not a counter or a timestamp.
    const firsts = new Set(ids.map((x) => x[0]));
    expect(firsts.size).toBe(64);
  });

  it("stores a script in a title as text and draws it inert", async () => {
    const title = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    const made = await createReportAs(editor, { kind: "cost", range: "7d", title });
    if (!made.ok) throw new Error(made.message);
    const read = await readReportAs(editor, made.id);
    if (read.kind !== "ok") throw new Error(read.kind);
    expect(read.view.title).toBe(title); // as typed, not rewritten
    const html = renderToStaticMarkup(ReportHeader({ view: read.view, nowMs: Date.now() }));
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });
});
