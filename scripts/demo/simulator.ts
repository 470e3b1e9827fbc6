import { createServer, type Server } from "node:http";
import { Counter, Gauge, Registry, type MetricType } from "prom-client";
import { SERIES_LABELS, type Accumulator, type DynamicValue, type SeriesDef } from "./model";

interface Sample {
  labels: Record<string, string>;
  value: number;
  metricName?: string;
}

/** Values of every series at a scrape instant, from the model (see currentValues). */
type Reader = () => (number | undefined)[];

/** A histogram family whose bucket, sum and count series come straight from the model. */
class ModelHistogram extends Gauge<string> {
  constructor(
    name: string,
    private readonly read: () => Sample[],
    registry: Registry,
  ) {
    super({ name, help: `${name} (demo model)`, registers: [registry] });
  }

  override async get() {
    const base = await super.get();
    return { ...base, type: "histogram" as unknown as MetricType, values: this.read() };
  }
}

function scrapeLabels(s: SeriesDef): Record<string, string> {
  const labels = { ...s.labels };
  for (const k of Object.keys(SERIES_LABELS)) delete labels[k];
  return labels;
}

/**
 * The model's value of every series at `nowMs`: counters are the totals of the whole
 * minutes before plus the pro-rated current minute (floored for integer counters),
 * gauges the current minute's level; undefined where an application series is absent.
 * The cluster's series are those that exist in the current minute.
 */
export function currentValues(
  acc: Accumulator,
  nowMs: number,
): { app: (number | undefined)[]; cluster: DynamicValue[] } {
  const minute = Math.floor(nowMs / 60_000);
  const frac = (nowMs - minute * 60_000) / 60_000;
  acc.advanceTo(minute);
  const cur = new Float64Array(acc.estate.series.length);
  const cluster = acc.estate.evaluate(minute, cur);
  const app = acc.estate.series.map((s, i) => {
    const v = cur[i]!;
    if (Number.isNaN(v)) return undefined;
    if (!s.counter) return v;
    const part = frac * v;
    return acc.totals[i]! + (s.integer ? Math.floor(part) : part);
  });
  return {
    app,
    cluster: cluster.map(({ def, value }) => ({
      def,
      value: def.counter ? acc.clusterTotal(def) + frac * value : value,
    })),
  };
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/**
 * The cluster's series in the text exposition format, one family after another, as
 * kube-state-metrics and the kubelet's cAdvisor endpoint serve them.
 */
export function clusterExposition(cluster: DynamicValue[]): string {
  const families = new Map<string, DynamicValue[]>();
  for (const v of cluster) families.set(v.def.name, [...(families.get(v.def.name) ?? []), v]);
  const lines: string[] = [];
  for (const [name, values] of families) {
    lines.push(`# HELP ${name} ${name} (demo model)`);
    lines.push(`# TYPE ${name} ${values[0]!.def.counter ? "counter" : "gauge"}`);
    for (const { def, value } of values) {
      const labels = Object.entries(scrapeLabels(def))
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(",");
      lines.push(`${name}{${labels}} ${value}`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** Builds a registry whose metrics read the model at scrape time. */
export function modelRegistry(
  acc: Accumulator,
  now: () => number = Date.now,
): Registry & { cluster: () => string } {
  const registry = new Registry();
  const series = acc.estate.series;
  let cache: { at: number; values: ReturnType<typeof currentValues> } | undefined;
  const snapshot = () => {
    const at = now();
    if (!cache || cache.at !== at) cache = { at, values: currentValues(acc, at) };
    return cache.values;
  };
  const read: Reader = () => snapshot().app;
  const families = new Map<string, number[]>();
  const histograms = new Map<string, number[]>();
  series.forEach((s, i) => {
    const m = /^(.*)_(bucket|sum|count)$/.exec(s.name);
    const hist = m && series.some((o) => o.name === `${m[1]}_bucket`) ? m[1]! : undefined;
    const map = hist ? histograms : families;
    const key = hist ?? s.name;
    map.set(key, [...(map.get(key) ?? []), i]);
  });
  for (const [name, idx] of histograms) {
    new ModelHistogram(
      name,
      () => {
        const values = read();
        return idx.flatMap((i) => {
          const v = values[i];
          const s = series[i]!;
          return v === undefined ? [] : [{ metricName: s.name, labels: scrapeLabels(s), value: v }];
        });
      },
      registry,
    );
  }
  for (const [name, idx] of families) {
    const labelNames = [...new Set(idx.flatMap((i) => Object.keys(scrapeLabels(series[i]!))))];
    const counter = series[idx[0]!]!.counter;
    const fill = (set: (labels: Record<string, string>, v: number) => void) => {
      const values = read();
      for (const i of idx) {
        const v = values[i];
        if (v !== undefined) set(scrapeLabels(series[i]!), v);
      }
    };
    const help = `${name} (demo model)`;
    if (counter) {
      new Counter({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          this.reset();
          fill((labels, v) => this.inc(labels, v));
        },
      });
    } else {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          this.reset();
          fill((labels, v) => this.set(labels, v));
        },
      });
    }
  }
  return Object.assign(registry, {
    /** The cluster's series at the same instant as the registry's. */
    cluster: () => clusterExposition(snapshot().cluster),
  });
}

export interface Simulator {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Serves the model on http://127.0.0.1:port/metrics, in this process. */
export async function startSimulator(acc: Accumulator, port = 0): Promise<Simulator> {
  // one instant per scrape, so every family of a scrape reads the same model state
  let scrapeAt = Date.now();
  const registry = modelRegistry(acc, () => scrapeAt);
  const server: Server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end("not found\n");
      return;
    }
    scrapeAt = Date.now();
    registry.metrics().then(
      (text) =>
        res
          .writeHead(200, { "Content-Type": registry.contentType })
          .end(`${text}\n${registry.cluster()}`),
      (e: unknown) => res.writeHead(500).end(`${String(e)}\n`),
    );
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolveListen());
  });
  const addr = server.address();
  const bound = typeof addr === "object" && addr ? addr.port : port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** prometheus.yml: the simulator scraped every 15 s, labelled like the backfill. */
/**
 * The demo's prometheus.yml: the simulator, and Sightline itself when `app` is given, scraped
 * at /api/metrics with its METRICS_TOKEN as any Prometheus would (docs/own-metrics.md); the
 * target's `workload` label names it in the catalog.
 */
export function prometheusConfig(
  simulatorPort: number,
  ruleFiles: string[] = [],
  app?: { port: number; token?: string; workload?: string },
): string {
  return [
    "global:",
    "  scrape_interval: 15s",
    "  evaluation_interval: 15s",
    ...(ruleFiles.length
      ? ["rule_files:", ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)]
      : []),
    "scrape_configs:",
    "  - job_name: demo",
    "    static_configs:",
    `      - targets: ["127.0.0.1:${simulatorPort}"]`,
    "    relabel_configs:",
    "      - target_label: instance",
    "        replacement: simulator",
    ...(app
      ? [
          "  - job_name: sightline",
          "    metrics_path: /api/metrics",
          ...(app.token
            ? ["    authorization:", `      credentials: ${JSON.stringify(app.token)}`]
            : []),
          "    static_configs:",
          `      - targets: ["127.0.0.1:${app.port}"]`,
          `        labels: { workload: ${JSON.stringify(app.workload ?? "sightline")} }`,
        ]
      : []),
    "",
  ].join("\n");
}
