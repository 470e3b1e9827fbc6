/**
 * Measurements of `npm run bench`: wrk throughput, JavaScript first load of a page,
 * Lighthouse performance score, and simulated viewers refreshing a page.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

function runCapture(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolveRun({ code, out }));
  });
}

export const WRK = { threads: 2, connections: 32, seconds: 10 };

export interface WrkResult {
  rps: number;
  non2xx: number;
  errors: number;
}

/** Requests per second of `url` under wrk (same settings for every target). */
export async function wrk(
  url: string,
  seconds = WRK.seconds,
  headers: Record<string, string> = {},
): Promise<WrkResult> {
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`refusing to load ${url}`);
  const { code, out } = await runCapture("wrk", [
    `-t${WRK.threads}`,
    `-c${WRK.connections}`,
    `-d${seconds}s`,
    "--latency",
    ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
    url,
  ]);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (code !== 0 || !rps) throw new Error(`wrk ${url} failed (exit ${code}):\n${out}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  return { rps: Number(rps[1]), non2xx, errors };
}

export interface FirstLoad {
  scripts: number;
  gzipBytes: number;
  missing: string[];
}

/** Sums the gzipped sizes (level 9) of the /_next/static scripts the page's HTML loads. */
export async function jsFirstLoad(
  pageUrl: string,
  nextDir = ".next",
  headers: Record<string, string> = {},
): Promise<FirstLoad> {
  const res = await fetch(pageUrl, { headers });
  const html = await res.text();
  if (!res.ok) throw new Error(`${pageUrl} answered HTTP ${res.status}`);
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) {
    const path = new URL(m[1]!.replaceAll("&amp;", "&"), pageUrl).pathname;
    if (path.startsWith("/_next/static/")) srcs.add(path);
  }
  let gzipBytes = 0;
  const missing: string[] = [];
  for (const src of srcs) {
    const file = join(nextDir, "static", decodeURIComponent(src.slice("/_next/static/".length)));
    if (!existsSync(file)) {
      missing.push(src);
      continue;
    }
    gzipBytes += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return { scripts: srcs.size, gzipBytes, missing };
}

export const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface LighthouseResult {
  score: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
}

interface LighthouseJson {
  categories: { performance: { score: number | null } };
  audits: Record<string, { numericValue?: number }>;
}

/** Lighthouse performance score (0–100) of `url`, desktop preset, Debian's Chromium. */
export async function lighthouse(
  url: string,
  outFile: string,
  headers: Record<string, string> = {},
): Promise<LighthouseResult> {
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`refusing to audit ${url}`);
  const { code, out } = await runCapture(
    "node_modules/.bin/lighthouse",
    [
      url,
      "--preset=desktop",
      "--only-categories=performance",
      "--output=json",
      `--output-path=${outFile}`,
      `--chrome-flags=${CHROME_FLAGS.join(" ")}`,
      ...(Object.keys(headers).length ? [`--extra-headers=${JSON.stringify(headers)}`] : []),
      "--quiet",
    ],
    { CHROME_PATH: "/usr/bin/chromium" },
  );
  if (code !== 0 || !existsSync(outFile)) {
    throw new Error(`lighthouse ${url} failed (exit ${code}):\n${out.slice(-2000)}`);
  }
  const report = JSON.parse(readFileSync(outFile, "utf8")) as LighthouseJson;
  const score = report.categories.performance.score;
  if (score === null) throw new Error(`lighthouse gave no performance score for ${url}`);
  const num = (id: string) => report.audits[id]?.numericValue ?? Number.NaN;
  return {
    score: Math.round(score * 100),
    lcpMs: num("largest-contentful-paint"),
    tbtMs: num("total-blocking-time"),
    cls: num("cumulative-layout-shift"),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `viewers` simulated viewers, each loading `url` every `everyMs`, spread evenly over the
 * period, for `durationMs` (bounded), viewer i with cookies[i] (modulo their number).
 * Returns the page loads done and the ones not 200.
 */
export async function simulateViewers(
  url: string,
  viewers: number,
  everyMs: number,
  durationMs: number,
  cookies: string[] = [],
): Promise<{ loads: number; failed: number }> {
  const start = performance.now();
  let loads = 0;
  let failed = 0;
  const viewer = async (i: number) => {
    for (let k = 0; ; k++) {
      const at = (i * everyMs) / viewers + k * everyMs;
      if (at >= durationMs) return;
      await sleep(Math.max(0, start + at - performance.now()));
      try {
        const cookie = cookies.length ? { Cookie: cookies[i % cookies.length]! } : undefined;
        const res = await fetch(url, { signal: AbortSignal.timeout(everyMs), headers: cookie });
        await res.arrayBuffer();
        loads += 1;
        if (res.status !== 200) failed += 1;
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: viewers }, (_, i) => viewer(i)));
  return { loads, failed };
}
