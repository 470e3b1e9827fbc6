/**
 * `npm run bench`, cold renders: a page at an evaluation step nothing has been computed for,
 * against the slowest of the backend queries it issued, each replayed alone (Prometheus
 * through the recording proxy, ClickHouse in a child process on a copy of the data).
 */
import { spawn } from "node:child_process";
import { DEMO_CATALOG } from "../lib/demo-estate";
import type { ClickHousePage, ClickHouseTiming } from "./app-clickhouse";
import {
  describeQuery,
  median,
  replayQuery,
  type PrometheusProxy,
  type RecordedQuery,
} from "./app-proxy";
import { fmtMs, fmtX, type Row } from "./app-report";
import { EVAL_STEP_MS, roundEvalTime } from "../../lib/time/ranges";

const log = (s: string) => console.log(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Times a page's ClickHouse queries in a child process on a copy of the ClickHouse dir. */
function timeClickHouse(
  page: ClickHousePage,
  dir: string,
  fromMs: number,
  toMs: number,
): Promise<ClickHouseTiming> {
  return new Promise((resolveTiming, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "scripts/bench/app-clickhouse.ts",
        page,
        dir,
        String(fromMs),
        String(toMs),
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CATALOG_FILE: DEMO_CATALOG } },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) resolveTiming(JSON.parse(line) as ClickHouseTiming);
      else reject(new Error(`ClickHouse timing failed (exit ${code}): ${err.slice(-1500)}`));
    });
  });
}

interface RuleGroupState {
  name: string;
  interval: number;
  lastEvaluation: string;
  evaluationTime: number;
}

/**
 * Waits, if need be, until Prometheus's next evaluation of a rule group (the 5-minute SLO
 * window group reads 30 days) is more than `clearMs` away, so that a measurement does not
 * share the machine with it.
 */
export async function awayFromRuleEvaluations(promUrl: string, clearMs: number): Promise<void> {
  const res = await fetch(`${promUrl}/api/v1/rules`);
  const body = (await res.json()) as { data: { groups: RuleGroupState[] } };
  let until = Date.now();
  for (const g of body.data.groups) {
    if (g.evaluationTime < 0.5) continue; // light groups do not disturb
    const next = Date.parse(g.lastEvaluation) + g.interval * 1000;
    if (next - Date.now() < clearMs) until = Math.max(until, next + g.evaluationTime * 1000 + 2000);
  }
  if (until > Date.now()) {
    log(`    waiting ${fmtMs(until - Date.now())} for a rule group's evaluation to pass`);
    await sleep(until - Date.now());
  }
}

export interface ColdPage {
  /** Row label, e.g. "overview". */
  name: string;
  /** A path this process has never rendered. */
  path: string;
  /** Which ClickHouse queries the page issues, and over which range for a step. */
  clickhouse: ClickHousePage;
  clickhouseRange: (evalMs: number) => { fromMs: number; toMs: number };
  /** Waits for what the server computes in the background and the page reads. */
  before?: () => Promise<void>;
}

/** The step of an evaluation time, as the API's `time`/`end` parameter spells it. */
function atStep(q: RecordedQuery, evalSec: string): boolean {
  const p = new URLSearchParams(q.method === "GET" ? (q.path.split("?")[1] ?? "") : q.body);
  return (p.get("time") ?? p.get("end")) === evalSec;
}

/** A cold render of `page` at a new evaluation step, against its slowest query alone. */
export async function coldRender(
  appUrl: string,
  proxy: PrometheusProxy,
  prometheusUrl: string,
  chCopy: string,
  page: ColdPage,
  headers: Record<string, string> = {},
): Promise<{ row: Row; queries: number }> {
  await awayFromRuleEvaluations(prometheusUrl, 2 * EVAL_STEP_MS);
  await page.before?.();
  const nextStep = Math.ceil(Date.now() / EVAL_STEP_MS) * EVAL_STEP_MS;
  await sleep(nextStep - Date.now() + 200); // a new evaluation step: no data cached for it
  const mark = performance.now();
  const coldAt = Date.now();
  const res = await fetch(appUrl + page.path, { headers });
  const html = await res.text();
  const cold = { ms: performance.now() - mark, cache: res.headers.get("x-nextjs-cache") ?? "-" };
  const queries = proxy.queriesSince(mark).filter((q) => q.startedAt <= mark + cold.ms);
  if (res.status !== 200)
    throw new Error(`cold render of ${page.path} answered HTTP ${res.status}`);
  if (html.includes('data-testid="panel-error"')) {
    throw new Error(`the cold render of ${page.path} has a failed panel: its time would not hold`);
  }
  log(
    `[2] cold render of ${page.path}: ${fmtMs(cold.ms)} (${cold.cache}), ${queries.length} Prometheus queries`,
  );
  const evalMs = roundEvalTime(coldAt).getTime();
  const evalSec = String(evalMs / 1000);
  const ranged = queries.filter((q) => q.path.startsWith("/api/v1/query_range")).length;
  log(
    `    ${queries.length - ranged} instant + ${ranged} range queries; ` +
      `${queries.filter((q) => atStep(q, evalSec)).length} evaluated at the render's step ` +
      `(${new Date(evalMs).toISOString()})`,
  );
  const replays = [];
  for (const q of queries) {
    const times = [];
    for (let i = 0; i < 3; i++) times.push(await replayQuery(prometheusUrl, q));
    replays.push({ what: describeQuery(q), inRender: q.ms, alone: median(times) });
  }
  replays.sort((a, b) => b.alone - a.alone);
  for (const r of replays.slice(0, 5)) {
    log(
      `    ${fmtMs(r.alone).padStart(8)} alone, ${fmtMs(r.inRender).padStart(8)} in render: ${r.what}`,
    );
  }
  const range = page.clickhouseRange(evalMs);
  const ch = await timeClickHouse(page.clickhouse, chCopy, range.fromMs, range.toMs);
  for (const q of ch.queries) log(`    ${fmtMs(q.ms).padStart(8)} alone: ClickHouse ${q.table}`);
  const slowest = [
    ...replays.map((r) => ({ what: `Prometheus ${r.what}`, ms: r.alone })),
    ...ch.queries.map((q) => ({ what: `ClickHouse ${q.table}`, ms: q.ms })),
  ].sort((a, b) => b.ms - a.ms)[0];
  if (!slowest) throw new Error(`the cold render of ${page.path} issued no backend query`);
  const coldRatio = cold.ms / slowest.ms;
  log(`[2] slowest alone: ${slowest.what} — ${fmtMs(slowest.ms)}`);
  return {
    queries: queries.length,
    row: {
      metric: `cold ${page.name} render / slowest query`,
      measured: `${fmtMs(cold.ms)} / ${fmtMs(slowest.ms)} (${queries.length} Prom + ${ch.queries.length} CH queries)`,
      target: "≤ 1.3×",
      ratio: fmtX(coldRatio),
      pass: coldRatio <= 1.3,
    },
  };
}
