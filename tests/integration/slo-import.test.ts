/**
 * Imported SLOs against a real Prometheus: specs converted by import-slos give the same
 * figures as the same SLOs written directly in the catalog (and as the hand-worked ones),
 * their generated rules pass promtool, and the command's exit codes and --dry-run output.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import { createPrometheusClient, type PrometheusClient } from "@/lib/prometheus/client";
import { BURN_WINDOWS } from "@/lib/slo/alert-tiers";
import { fetchSloStatuses } from "@/lib/slo/evaluate";
import type { SloStatus, WorkloadSlos } from "@/lib/slo/status";
import { convertDocuments, mergeIntoCatalog, parseDocuments } from "@/lib/slo-import";
import { ensurePrometheus } from "@/scripts/lib/prometheus-server";
import { writeRulesFile } from "@/scripts/lib/rules-file";
import { SLO_EXPECTED } from "../support/slo-data";
import { startSloPrometheus, type SloPrometheus } from "../support/slo-prometheus";
import { expectClose } from "../support/compare";

const DIR = "tests/fixtures/import";
const DIRECT = `groupingLabel: service
workloads:
  - name: steady
    team: core
    convention: prometheus-client
    slos:
      - { indicator: availability, objective: 99.9 }
      - { indicator: latency, threshold: 200ms, objective: 95 }
  - name: bursty
    team: core
    convention: prometheus-client
    slos:
      - { indicator: availability, objective: 99.9, window: 14d }
`;

function importInto(catalogText: string | undefined, files: string[]): string {
  const docs = files.flatMap((f) => parseDocuments(readFileSync(`${DIR}/${f}`, "utf8"), f));
  const label = catalogText ? parseCatalog(catalogText, "c.yaml").groupingLabel : undefined;
  const merged = mergeIntoCatalog(catalogText, convertDocuments(docs, { groupingLabel: label }), {
    file: "c.yaml",
  });
  expect(merged.refused).toBeUndefined();
  return merged.text!;
}

let work: string;
let env: SloPrometheus;
let prom: PrometheusClient;
let imported: Catalog;
let direct: Catalog;

beforeAll(async () => {
  ensurePrometheus();
  work = mkdtempSync(join(tmpdir(), "sightline-import-"));
  imported = parseCatalog(importInto(undefined, ["roundtrip.yaml"]), "imported.yaml");
  direct = parseCatalog(DIRECT, "direct.yaml");
  env = await startSloPrometheus(imported); // its rules, checked by promtool, are the import's
  prom = createPrometheusClient({ url: env.server.url, headers: {}, timeoutMs: 20_000 });
}, 240_000);
afterAll(async () => {
  await env?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

const find = (all: WorkloadSlos[], w: string, slo: string): SloStatus =>
  all.find((x) => x.workload === w)!.slos.find((s) => s.name === slo)!;

/** Two computations of one figure agree to 0.1 % (the recorded path lags by one interval). */
const close = (actual: number | null | undefined, expected: number, what: string) =>
  expectClose(actual, expected, what, { relative: 1e-3, floor: 1e-6 });

describe("an imported SLO on known data", () => {
  it("is the catalog entry written by hand", () => {
    expect(imported.groupingLabel).toBe("service");
    const shape = (c: Catalog) =>
      c.workloads.map((w) => [w.name, w.team, w.convention, w.matchers, w.slos]);
    expect(shape(imported)).toEqual(shape(direct));
  });

  it.each(["raw", "recorded"] as const)(
    "gives the figures of the same SLO written directly (%s path)",
    async (source) => {
      const at = new Date(env.endMs);
      const [a, b] = await Promise.all([
        fetchSloStatuses(prom, imported, at, source),
        fetchSloStatuses(prom, direct, at, "raw"),
      ]);
      for (const [w, slo] of [
        ["steady", "availability"],
        ["steady", "latency-200ms"],
        ["bursty", "availability"],
      ] as const) {
        const [x, y] = [find(a, w, slo), find(b, w, slo)];
        expect(x.window, `${w} ${slo}`).toBe(y.window);
        close(x.sli, y.sli!, `${w} ${slo} sli`);
        if (source === "raw" || w === "steady") {
          close(x.budgetRemaining, y.budgetRemaining!, `${w} ${slo} remaining`);
          for (const win of BURN_WINDOWS)
            close(x.burnRates[win], y.burnRates[win]!, `${w} ${slo} burn ${win}`);
        }
        expect(x.alerts.map((t) => [t.tier, t.factor, t.firing])).toEqual(
          y.alerts.map((t) => [t.tier, t.factor, t.firing]),
        );
      }
      // And the figures worked out by hand (tests/support/slo-data.ts).
      close(
        find(a, "steady", "availability").sli,
        SLO_EXPECTED.steady.availability.sli,
        "steady sli",
      );
      close(
        find(a, "steady", "latency-200ms").sli,
        SLO_EXPECTED.steady["latency-200ms"].sli,
        "latency sli",
      );
    },
  );

  it("counts a two-week window as Prometheus does over 14d, with the tiers scaled to it", async () => {
    const at = new Date(env.endMs);
    const [all] = await Promise.all([fetchSloStatuses(prom, imported, at, "raw")]);
    const s = find(all, "bursty", "availability");
    // 120 minutes × 500 errors of 14 days × 1,440 minutes × 1,000 requests.
    close(1 - s.sli!, (120 * 500) / (14 * 1440 * 1000), "error ratio");
    const q = (m: string) => `sum(increase(http_requests_total{service="bursty"${m}}[14d]))`;
    const ratio = await prom.instant("check", `${q(',status=~"5.."')} / ${q("")}`, at);
    close(1 - s.sli!, ratio[0]!.value, "against PromQL");
    expect(s.alerts.map((t) => [t.tier, +t.factor.toFixed(2), t.firing])).toEqual([
      ["page-fast", 6.72, true],
      ["page-slow", 2.8, true],
      ["ticket-1d", 1.4, true],
      ["ticket-3d", 1, true],
    ]);
  });
});

describe("the rules of every fixture's SLOs", () => {
  it("pass promtool check rules", () => {
    const files = [
      "sloth-getting-started.yaml",
      "sloth-resource.yaml",
      "pyrra-windows.yaml",
      "openslo-datasource.yaml",
      "unsupported.yaml",
      "sloth-checkout.yaml",
      "openslo-timeslices.yaml",
      "openslo-v1alpha.yaml",
      "pyrra-failures.yaml",
    ];
    const base =
      "groupingLabel: workload\nworkloads:\n  - { name: x, team: t, convention: prometheus-client }\n";
    const c = parseCatalog(importInto(base, files), "all.yaml");
    expect(c.workloads.length).toBeGreaterThan(6);
    const windows = new Set(c.workloads.flatMap((w) => w.slos.map((s) => s.window)));
    expect([...windows].sort()).toEqual(["14d", "28d", "30d", "7d", "90d"]);
    const out = writeRulesFile(c, join(work, "rules.yml")); // throws when promtool refuses
    expect(readFileSync(join(work, "rules.yml"), "utf8")).toContain(
      "sightline:slo_events_bad:increase14d",
    );
    expect(out.rules).toBeGreaterThan(0);
  });
});

describe("npm run import-slos", () => {
  const cli = (args: string[]) =>
    spawnSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/import-slos.ts", ...args],
      { encoding: "utf8", env: { ...process.env, CATALOG_FILE: "" } },
    );
  const fx = (f: string) => `${DIR}/${f}`;

  it("imports what converts from a batch, exits 0, and reports the rest per file", () => {
    const file = join(work, "batch.yaml");
    writeFileSync(
      file,
      "groupingLabel: workload\nworkloads:\n  - { name: x, team: t, convention: prometheus-client }\n",
    );
    const r = cli([
      "--catalog",
      file,
      fx("unsupported.yaml"),
      fx("pyrra-windows.yaml"),
      join(work, "missing.yaml"),
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("unsupported.yaml: 1 of 5 imported");
    expect(r.stdout).toMatch(/missing\.yaml: nothing imported: cannot read \(ENOENT\)/);
    const c = parseCatalog(readFileSync(file, "utf8"), file);
    expect(c.workloads.map((w) => w.name)).toEqual([
      "x",
      "payments-api",
      "catalog-api",
      "image-worker",
    ]);
  });

  it("with --strict writes nothing and exits 1 when anything was not imported", () => {
    const file = join(work, "strict.yaml");
    const r = cli([
      "--catalog",
      file,
      "--strict",
      fx("unsupported.yaml"),
      fx("pyrra-windows.yaml"),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("--strict");
    expect(existsSync(file)).toBe(false);
  });

  it("exits 1 when nothing converts", () => {
    const spec = join(work, "gauge.yaml");
    writeFileSync(
      spec,
      "apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata: { name: up }\nspec:\n  target: '99'\n  window: 2w\n  indicator: { bool_gauge: { metric: 'up{job=\"a\"}' } }\n",
    );
    const r = cli(["--catalog", join(work, "none.yaml"), spec]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("gauge.yaml: 0 of 1 imported");
    expect(r.stderr).toContain("nothing imported");
    expect(existsSync(join(work, "none.yaml"))).toBe(false);
  });

  it("--dry-run prints exactly the entries a real run writes", () => {
    const base =
      "groupingLabel: workload\nworkloads:\n  - { name: x, team: t, convention: prometheus-client }\n";
    const file = join(work, "dry.yaml");
    writeFileSync(file, base);
    const dry = cli([
      "--catalog",
      file,
      "--dry-run",
      fx("sloth-getting-started.yaml"),
      fx("openslo-datasource.yaml"),
    ]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(base);
    const real = cli([
      "--catalog",
      file,
      fx("sloth-getting-started.yaml"),
      fx("openslo-datasource.yaml"),
    ]);
    expect(real.status, real.stderr).toBe(0);
    const written = parseCatalog(readFileSync(file, "utf8"), file).workloads.slice(1);
    const printed = parseCatalog(`groupingLabel: workload\n${dry.stdout}`, "dry").workloads;
    expect(printed).toEqual(written);
    expect(printed.map((w) => w.name)).toEqual(["myservice", "ledger"]);
  });
});
