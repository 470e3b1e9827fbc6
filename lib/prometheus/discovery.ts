/**
 * Which metric names each workload's series really carry (docs/metric-names.md). A preset
 * names its metrics one way; exporters spell them several ways (OpenTelemetry's
 * `http.server.request.duration` arrives with or without its unit suffix, or dotted). For
 * every workload Sightline asks the backend's index which spellings exist, reads the
 * workload with the one that has data, and reports what it found, what is missing and the
 * catalog line that would fix it. Index lookups only: no sample is read.
 */
import "server-only";
import { whyNotMeasured, type Convention, type Measure } from "../catalog/conventions";
import type { Catalog, Workload } from "../catalog/load";
import type { PrometheusClient } from "./client";
import { groupWorkloads } from "./indicators";
import { chunkByLength, MAX_SELECTOR_CHARS } from "./label-lookups";
import {
  checkKubernetes,
  uncheckedKubernetes,
  whyNoKubernetesValue,
  type KubernetesCheck,
} from "./kubernetes-check";
import { anyOf, matcherToString, selector, type Matcher } from "../promql";

/** The metrics a convention reads, by what they are for. */
export const METRIC_ROLES = [
  "requests",
  "failures",
  "latency",
  "cache",
  "poolInUse",
  "poolMax",
] as const;
export type MetricRole = (typeof METRIC_ROLES)[number];

const OPTIONAL: MetricRole[] = ["cache", "poolInUse", "poolMax"];

/** found: has series in the last hour; stale: only earlier in the lookback; missing: none. */
export type MetricState = "found" | "stale" | "missing";

export interface MetricCheck {
  role: MetricRole;
  /** The series name looked for (`…_bucket` for the latency histogram). */
  name: string;
  /** The selector that matched (or would match) the workload's series. */
  selector: string;
  state: MetricState;
  /** Cache and pool metrics are optional: a workload without them only lacks those figures. */
  optional: boolean;
}

export interface WorkloadCheck {
  workload: string;
  /** The workload's own matchers, beyond the grouping label (its catalog `selector`). */
  matchers: Matcher[];
  convention: Convention["preset"];
  /** Who writes the spelling in use, e.g. "OpenTelemetry SDK Prometheus exporter". */
  form: string;
  metrics: MetricCheck[];
  /** Other spellings of the preset that also have series for this workload. */
  otherForms: string[];
  /** Catalog lines that would make the missing metrics found, when a guess is possible. */
  fix: string[];
  /** Whether its Kubernetes mapping matches pods and container series (CPU, memory, replicas). */
  kubernetes: KubernetesCheck;
}

export interface CatalogCheck {
  /** When the backend was asked (ISO 8601). */
  checkedAt: string;
  /** How far back a series counts as existing. */
  lookback: string;
  /** False when the backend could not be asked: every workload keeps its preset's first spelling. */
  ok: boolean;
  error?: string;
  workloads: WorkloadCheck[];
}

const RECENT_MS = 3_600_000;
const LOOKBACK = "30d";
const LOOKBACK_MS = 30 * 86_400_000;

/**
 * The series name a role is looked up by; empty when the convention names no such metric
 * (a `custom` one names only what its SLOs read): nothing is looked up or reported for it.
 */
function roleName(c: Convention, role: MetricRole): string {
  if (role === "latency") return c.latency && `${c.latency}_bucket`;
  return c[role];
}

/** Each metric of `c` for workload `w`, with its selector and state. */
function metricChecks(
  label: string,
  w: Workload,
  c: Convention,
  state: (name: string) => MetricState,
): MetricCheck[] {
  return METRIC_ROLES.filter((r) => roleName(c, r)).map((role) => {
    const name = roleName(c, role);
    return {
      role,
      name,
      selector: selector(name, ownMatchers(label, w)),
      state: state(name),
      optional: OPTIONAL.includes(role),
    };
  });
}

/** The workload's own series: its grouping-label value and its own matchers. */
function ownMatchers(label: string, w: Workload): Matcher[] {
  return [{ label, op: "=", value: w.name }, ...w.matchers];
}

/** Names of each workload that have series in [start, end], by metric name. */
async function present(
  prom: PrometheusClient,
  catalog: Catalog,
  names: Map<string, Set<Workload>>,
  start: Date,
  end: Date,
): Promise<Map<string, Set<string>>> {
  const label = catalog.groupingLabel;
  // One lookup per metric name (more for a large catalog: the label-values API is a GET,
  // and proxies cap URLs), each with a selector per convention group that may carry it.
  const groups = groupWorkloads(catalog);
  const out = new Map<string, Set<string>>();
  await Promise.all(
    [...names].map(async ([name, workloads]) => {
      const selectors = groups.flatMap((g) =>
        chunkByLength(
          g.workloads.filter((w) => workloads.has(w)).map((w) => w.name),
          MAX_SELECTOR_CHARS,
        ).map((ws) => selector(name, [anyOf(label, ws), ...g.workloads[0]!.matchers])),
      );
      const found = new Set<string>();
      for (const match of chunkByLength(selectors, MAX_SELECTOR_CHARS)) {
        const values = await prom.labelValues(`catalog:check:${name}`, label, match, start, end);
        for (const v of values) found.add(v);
      }
      out.set(name, found);
    }),
  );
  return out;
}

/**
 * Picks, for each workload, the first spelling whose request and latency series both had
 * data in the last hour, else the first with either, else the same over the lookback, else
 * the preset's default. Returns the catalog with each workload read that way, and a report.
 */
export async function discoverCatalog(
  prom: PrometheusClient,
  catalog: Catalog,
  time: Date = new Date(),
): Promise<{ catalog: Catalog; report: CatalogCheck }> {
  const label = catalog.groupingLabel;
  const names = new Map<string, Set<Workload>>();
  for (const w of catalog.workloads) {
    for (const { convention } of w.candidates) {
      for (const role of METRIC_ROLES) {
        const n = roleName(convention, role);
        if (!n) continue;
        const set = names.get(n) ?? new Set<Workload>();
        set.add(w);
        names.set(n, set);
      }
    }
  }
  const recentStart = new Date(time.getTime() - RECENT_MS);
  const lookbackStart = new Date(time.getTime() - LOOKBACK_MS);
  const [recent, ever, kubernetes] = await Promise.all([
    present(prom, catalog, names, recentStart, time),
    present(prom, catalog, names, lookbackStart, time),
    checkKubernetes(prom, catalog, time, recentStart, lookbackStart),
  ]);
  const state = (name: string, w: Workload): MetricState =>
    recent.get(name)?.has(w.name) ? "found" : ever.get(name)?.has(w.name) ? "stale" : "missing";

  const resolved = await Promise.all(
    catalog.workloads.map(async (w, i): Promise<{ workload: Workload; check: WorkloadCheck }> => {
      const scored = w.candidates.map((c, i) => {
        const s = (["requests", "latency"] as const)
          .filter((r) => roleName(c.convention, r))
          .map((r) => state(roleName(c.convention, r), w));
        const score = s.every((x) => x === "found")
          ? 0
          : s.some((x) => x === "found")
            ? 1
            : s.every((x) => x !== "missing")
              ? 2
              : s.some((x) => x !== "missing")
                ? 3
                : 4;
        return { ...c, score, i };
      });
      const best = [...scored].sort((a, b) => a.score - b.score || a.i - b.i)[0]!;
      const metrics = metricChecks(label, w, best.convention, (name) => state(name, w));
      const otherForms = scored.filter((c) => c !== best && c.score < 4).map((c) => c.writer);
      const missing = metrics.filter((m) => m.state === "missing");
      // A name lookup of the workload's series only when a figure it needs is missing: most
      // workloads lack a pool or a cache, and that alone is not worth a query every 5 minutes.
      const fix = missing.some((m) => !m.optional)
        ? await suggestFix(
            prom,
            catalog,
            w,
            missing.map((m) => m.role),
            time,
          )
        : [];
      return {
        workload: { ...w, convention: best.convention },
        check: {
          workload: w.name,
          matchers: w.matchers,
          convention: w.convention.preset,
          form: best.writer,
          metrics,
          otherForms,
          fix,
          kubernetes: kubernetes[i]!,
        },
      };
    }),
  );
  return {
    catalog: { ...catalog, workloads: resolved.map((r) => r.workload) },
    report: {
      checkedAt: time.toISOString(),
      lookback: LOOKBACK,
      ok: true,
      workloads: resolved.map((r) => r.check),
    },
  };
}

/** Guesses, from the names the workload's series do carry, what `metrics:` should say. */
async function suggestFix(
  prom: PrometheusClient,
  catalog: Catalog,
  w: Workload,
  missing: MetricRole[],
  time: Date,
): Promise<string[]> {
  const label = catalog.groupingLabel;
  let own: string[];
  try {
    own = await prom.labelValues(
      `catalog:check:names:${w.name}`,
      "__name__",
      [`{${ownMatchers(label, w).map(matcherToString).join(",")}}`],
      new Date(time.getTime() - LOOKBACK_MS),
      time,
    );
  } catch {
    return [];
  }
  const lines: string[] = [];
  const pick = (re: RegExp, suffix = "") =>
    own.filter((n) => re.test(n) && n.endsWith(suffix)).sort((a, b) => a.length - b.length)[0];
  if (own.length === 0) {
    return [
      `no series has ${label}="${w.name}"${w.matchers.length ? " with the workload's selector" : ""}: check the name and groupingLabel`,
    ];
  }
  for (const role of missing) {
    let found: string | undefined;
    if (role === "latency") {
      found = pick(/(duration|latency)/i, "_bucket")?.replace(/_bucket$/, "");
    } else if (role === "requests") {
      found = pick(/request/i, "_total") ?? pick(/(duration|latency)/i, "_count");
    } else if (role === "failures") {
      found = pick(/(fail|error)/i, "_total");
    } else if (role === "cache") {
      found = pick(/cache/i, "_total");
    } else if (role === "poolInUse") {
      found = pick(/pool.*(in_use|busy|active|used)/i);
    } else {
      found = pick(/pool.*(max|size|limit)/i);
    }
    if (found) lines.push(`metrics: { ${role}: ${found} }`); // roles are the catalog's keys
  }
  if (
    w.convention.preset === "prometheus-client" &&
    own.some((n) => /^http[._]server[._]request[._]duration/.test(n))
  ) {
    lines.push("convention: opentelemetry");
  }
  if (
    w.convention.preset === "opentelemetry" &&
    own.includes("http_request_duration_seconds_bucket")
  ) {
    lines.push("convention: prometheus-client");
  }
  return lines;
}

/** A report for when the backend could not be asked: every workload on its default spelling. */
export function uncheckedReport(catalog: Catalog, time: Date, error: string): CatalogCheck {
  const kubernetes = uncheckedKubernetes(catalog);
  return {
    checkedAt: time.toISOString(),
    lookback: LOOKBACK,
    ok: false,
    error,
    workloads: catalog.workloads.map((w, i) => ({
      workload: w.name,
      matchers: w.matchers,
      convention: w.convention.preset,
      form: w.candidates[0]!.writer,
      metrics: metricChecks(catalog.groupingLabel, w, w.convention, () => "missing"),
      otherForms: [],
      fix: [],
      kubernetes: kubernetes[i]!,
    })),
  };
}

/** A workload's entry of a check that ran; undefined when the backend could not be asked. */
export function workloadCheck(report: CatalogCheck, workload: string): WorkloadCheck | undefined {
  return report.ok ? report.workloads.find((c) => c.workload === workload) : undefined;
}

/** What an indicator (or a workload-page chart) is read from, of what a convention may lack. */
const INDICATOR_MEASURES: Record<string, Measure> = {
  availability: "errors",
  p95: "latency",
  p99: "latency",
  requests: "requests",
  errorRatio: "errors",
  latency: "latency",
};

/**
 * Why an indicator (or chart) of workload `w` has no value: first, that its convention
 * names no metric to read it from (not measured: a `custom` workload lists only what its
 * SLOs read), else whyNoValue's reason from the catalog check.
 */
export function whyNoFigure(
  w: { convention: Convention },
  check: WorkloadCheck | undefined,
  indicator: string,
  opts: { inRow?: boolean } = {},
): string | undefined {
  const m = INDICATOR_MEASURES[indicator];
  return (m && whyNotMeasured(w.convention, m)) || whyNoValue(check, indicator, opts);
}

/** The roles an indicator (or a workload-page chart) is computed from. */
const INDICATOR_ROLES: Record<string, MetricRole[]> = {
  availability: ["requests", "failures"],
  p95: ["latency"],
  p99: ["latency"],
  cacheHitRate: ["cache"],
  poolUtilization: ["poolInUse", "poolMax"],
  // workload-page charts (lib/workload/charts.ts)
  requests: ["requests"],
  errorRatio: ["requests", "failures"],
  latency: ["latency"],
};

/**
 * Why an indicator (or chart) has no value: the selector that matched no series, or no
 * traffic (no samples, for gauges) in the window when the series exist; for the CPU,
 * memory and replicas charts, what its Kubernetes mapping did not find. Undefined when the
 * check could not run or does not cover it. `inRow`: the workload is
 * named by the row the figure stands in, so its grouping-label matcher is left out (the
 * overview's HTML carries a reason per empty cell, and its bytes are its throughput).
 */
export function whyNoValue(
  check: WorkloadCheck | undefined,
  indicator: string,
  opts: { inRow?: boolean } = {},
): string | undefined {
  if (check) {
    const kube = whyNoKubernetesValue(check.kubernetes, indicator);
    if (kube) return kube;
  }
  const roles = INDICATOR_ROLES[indicator];
  if (!check || !roles) return undefined;
  const missing = check.metrics.find((m) => roles.includes(m.role) && m.state === "missing");
  if (missing) {
    const sel = opts.inRow ? selector(missing.name, check.matchers) : missing.selector;
    return `no series matched ${sel.replace(/\{\}$/, "")}`;
  }
  return roles.some((r) => r.startsWith("pool"))
    ? "no samples in this window"
    : "no traffic in this window";
}
