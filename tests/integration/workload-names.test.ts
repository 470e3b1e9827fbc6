import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/load";
import { createPrometheusClient, type PrometheusClient } from "@/lib/prometheus/client";
import { anyOf, selector } from "@/lib/promql";
import { backfillStepped, seriesKey } from "@/scripts/lib/backfill";
import {
  ensurePrometheus,
  startPrometheus,
  type PrometheusServer,
} from "@/scripts/lib/prometheus-server";

/**
 * Workload names are any label value: the selectors Sightline builds for them must pick
 * exactly their series out of a real Prometheus, through promtool's OpenMetrics backfill.
 */
const LABEL = "job";
const METRIC = "sightline_names_total";

/** Values that break naive escaping: PromQL string and RE2 specials, controls, scripts. */
const SPECIAL = [
  "\\",
  '"',
  "\n",
  "a\nb",
  "\r\t",
  "\u0000",
  "\u007f",
  "\ufffd",
  "\\n",
  '\\"',
  "a+b",
  "ns/name",
  "svc:v2",
  "Checkout",
  "checkout",
  "my service",
  " ",
  "zähler-π",
  "שלום",
  "🙂",
  "e\u0301",
  "\u2028",
  "a",
  "ab",
  "a.",
  ".*",
  ".",
  "a|b",
  "(x)",
  "[a-z]",
  "\\d+",
  "^$",
  "{1,2}",
  "?*+",
  "%41",
  "~",
  "'`",
  "a}b",
  "#",
];

// Generated once per run: a fresh seed each run, printed with any failure to replay it.
const SEED = Number(process.env.NAMES_SEED ?? Date.now() % 2 ** 31);
const RANDOM = fc.sample(
  fc.oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }),
    fc.array(fc.constantFrom(...SPECIAL), { minLength: 2, maxLength: 4 }).map((p) => p.join("")),
  ),
  { numRuns: 50, seed: SEED },
);
const VALUES = [...new Set([...SPECIAL, ...RANDOM])];
const WHY = `NAMES_SEED=${SEED}`;

let prom: PrometheusServer;
let client: PrometheusClient;
let dir: string;
const endMs = Math.floor(Date.now() / 60_000) * 60_000;

beforeAll(async () => {
  ensurePrometheus();
  dir = mkdtempSync(join(tmpdir(), "sightline-names-"));
  backfillStepped({
    dataDir: join(dir, "data"),
    tmpDir: join(dir, "tmp"),
    startMs: endMs - 10 * 60_000,
    endMs,
    stepMs: 60_000,
    series: VALUES.map((v, i) => ({ key: seriesKey(METRIC, { [LABEL]: v }), at: () => i + 1 })),
  });
  prom = await startPrometheus({ dir });
  client = createPrometheusClient({ url: prom.url, headers: {}, timeoutMs: 10_000 });
});
afterAll(async () => {
  await prom?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The label values of the series `sel` selects at the end of the data. */
async function selected(sel: string): Promise<string[]> {
  const samples = await client.instant("names", sel, new Date(endMs));
  return samples.map((s) => s.labels[LABEL]!).sort();
}

describe("workload names as label values in a real Prometheus", () => {
  it("are stored as written by the OpenMetrics backfill, each its own series", async () => {
    expect(await selected(`${METRIC}`), WHY).toEqual([...VALUES].sort());
    // Its value tells the series apart: 10 steps of i + 1 each, so the stored counter is exact.
    const samples = await client.instant("names", METRIC, new Date(endMs));
    for (const s of samples) {
      const i = VALUES.indexOf(s.labels[LABEL]!);
      expect(s.value, `${JSON.stringify(s.labels[LABEL])} ${WHY}`).toBe(11 * (i + 1));
    }
  });

  it("are a catalog's workload names", () => {
    const yaml = `groupingLabel: ${LABEL}\nworkloads:\n${VALUES.map(
      (v) => `  - { name: ${JSON.stringify(v)}, team: t, convention: opentelemetry }\n`,
    ).join("")}`;
    expect(parseCatalog(yaml, "names.yaml").workloads.map((w) => w.name)).toEqual(VALUES);
  });

  it("= selects exactly its workload's series, for every name", async () => {
    for (const v of VALUES) {
      const sel = selector(METRIC, [anyOf(LABEL, [v])]);
      expect(await selected(sel), `${sel} ${WHY}`).toEqual([v]);
    }
  });

  it("=~ over any set of workloads selects exactly their series", async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(VALUES, { minLength: 2, maxLength: 8 }), async (names) => {
        const sel = selector(METRIC, [anyOf(LABEL, names)]);
        expect(sel).toContain("=~");
        expect(await selected(sel), `${sel} ${WHY}`).toEqual([...names].sort());
      }),
      { numRuns: 50, seed: SEED },
    );
  });
});
