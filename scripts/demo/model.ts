import { Z95, normalCdf, signed, smooth, stochasticRound } from "./noise";
import { PROFILES, type Profile } from "./profiles";
import { conditions, timeline, type Incident, type Timeline } from "./story";

/**
 * The pure, deterministic model of the demo estate: for each workload and epoch minute,
 * request counts per status, a latency histogram, cache, pool and Kubernetes figures.
 * Counters are sums of whole minutes since the origin (30 days before T0), so backfilled
 * history and live scrapes read the same function: no gap, no counter reset.
 */
export const STATUSES = [200, 201, 404, 500, 503] as const;
export const BUCKETS = [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 2.5, 5, 10] as const;
export const NAMESPACE = "prod";
export const SERIES_LABELS = { job: "demo", instance: "simulator" } as const;
const GIB = 1024 ** 3;

/** What the model needs from the catalog (lib/catalog's Catalog fits). */
export interface CatalogView {
  groupingLabel: string;
  workloads: {
    name: string;
    team: string;
    convention: { requests: string; latency: string; errors: { label: string }[] };
  }[];
}

export interface SeriesDef {
  name: string;
  labels: Record<string, string>;
  counter: boolean;
  /** Integer counters are floored when pro-rated within a minute. */
  integer: boolean;
}

export interface WorkloadModel {
  index: number;
  name: string;
  team: string;
  profile: Profile;
  statusLabel: string;
  /** OpenTelemetry style: the request count is the histogram's _count, per status. */
  histogramPerStatus: boolean;
  podNames: string[];
  /** Index of this workload's first series in Estate.series. */
  first: number;
}

export interface MinuteSample {
  minute: number;
  statusCounts: number[];
  total: number;
  /** ln(median seconds) and sigma of the minute's log-normal latency. */
  mu: number;
  sigma: number;
  /** CDF at each BUCKETS bound. */
  cdf: number[];
  meanSeconds: number;
  hits: number;
  misses: number;
  poolInUse: number;
  replicas: number;
  podCpuCores: number[];
  podMemBytes: number[];
}

export class Estate {
  readonly series: SeriesDef[] = [];
  readonly workloads: WorkloadModel[] = [];
  readonly timeline: Timeline;

  constructor(
    readonly catalog: CatalogView,
    t0: number,
    incidents: Incident[] = [],
  ) {
    this.timeline = timeline(t0, incidents);
    for (const entry of catalog.workloads) {
      const profile = PROFILES.find((p) => p.name === entry.name);
      if (!profile) continue;
      const conv = entry.convention;
      const w: WorkloadModel = {
        index: this.workloads.length,
        name: entry.name,
        team: entry.team,
        profile,
        statusLabel: conv.errors[0]?.label ?? "status",
        histogramPerStatus: conv.requests === `${conv.latency}_count`,
        podNames: Array.from({ length: profile.pods.max }, (_, i) =>
          profile.pods.hash === "0"
            ? `${entry.name}-${i}`
            : `${entry.name}-${profile.pods.hash}-${i}`,
        ),
        first: this.series.length,
      };
      this.workloads.push(w);
      this.defineSeries(w, conv.requests, conv.latency);
    }
  }

  get origin(): number {
    return this.timeline.origin;
  }

  private add(name: string, labels: Record<string, string>, counter: boolean, integer = counter) {
    this.series.push({ name, labels: { ...labels, ...SERIES_LABELS }, counter, integer });
  }

  /** The order here is the order evaluate() writes in. */
  private defineSeries(w: WorkloadModel, requests: string, latency: string): void {
    const g = { [this.catalog.groupingLabel]: w.name };
    // As each client library spells a bound: Python's float repr, or the shortest number.
    const les = [
      ...BUCKETS.map((b) => (w.profile.python && Number.isInteger(b) ? `${b}.0` : String(b))),
      "+Inf",
    ];
    const histogram = (extra: Record<string, string>) => {
      for (const le of les) this.add(`${latency}_bucket`, { ...g, ...extra, le }, true);
      this.add(`${latency}_sum`, { ...g, ...extra }, true, false);
      this.add(`${latency}_count`, { ...g, ...extra }, true);
    };
    if (w.histogramPerStatus) {
      for (const s of STATUSES) histogram({ [w.statusLabel]: String(s) });
    } else {
      for (const s of STATUSES) this.add(requests, { ...g, [w.statusLabel]: String(s) }, true);
      histogram({});
    }
    if (w.profile.hitRatio !== undefined) {
      for (const result of ["hit", "miss"])
        this.add("cache_requests_total", { ...g, result }, true);
    }
    if (w.profile.poolMax !== undefined) {
      this.add("db_pool_connections_in_use", g, false);
      this.add("db_pool_connections_max", g, false);
    }
    const hpa = { namespace: NAMESPACE, horizontalpodautoscaler: w.name, ...g };
    this.add("kube_horizontalpodautoscaler_status_current_replicas", hpa, false);
    for (const pod of w.podNames) {
      const c = { namespace: NAMESPACE, pod, container: w.name, ...g };
      this.add("container_cpu_usage_seconds_total", c, true, false);
      this.add("container_memory_working_set_bytes", c, false);
      this.add(
        "kube_pod_container_resource_requests",
        { ...c, resource: "cpu", unit: "core" },
        false,
      );
      this.add(
        "kube_pod_container_resource_requests",
        { ...c, resource: "memory", unit: "byte" },
        false,
      );
    }
  }

  /** The workload's figures for one minute: a pure function of (workload, minute, T0). */
  sample(w: WorkloadModel, minute: number): MinuteSample {
    const p = w.profile;
    const k = w.index + 1;
    const c = conditions(p, k, minute, this.timeline);
    const noise = 1 + 0.06 * smooth(k, minute, 1, 17) + 0.02 * signed(k, minute, 2);
    const total = Math.max(0, Math.round(c.rpm * noise));
    const errors = Math.min(total, stochasticRound(total * c.errorRatio, k, minute, 3));
    const e500 = stochasticRound(errors * c.share500, k, minute, 4);
    const created = stochasticRound(total * p.createdShare, k, minute, 5);
    const notFound = stochasticRound(total * p.notFoundShare, k, minute, 6);
    const ok = Math.max(0, total - errors - created - notFound);
    const statusCounts = [ok, created, notFound, e500, errors - e500];
    const sum = statusCounts.reduce((a, b) => a + b, 0);
    const jitter = 1 + 0.05 * smooth(k, minute, 7, 23);
    const mu = Math.log(c.p50 * jitter);
    const sigma = Math.max(0.05, Math.log(c.p95 / c.p50) / Z95);
    const cdf = BUCKETS.map((le) => normalCdf((Math.log(le) - mu) / sigma));
    const hitRatio = Math.min(0.999, c.hitRatio * (1 + 0.02 * smooth(k, minute, 8, 29)));
    const hits = p.hitRatio === undefined ? 0 : stochasticRound(sum * hitRatio, k, minute, 10);
    const pods = p.pods;
    const replicas = Math.min(pods.max, Math.max(pods.min, Math.ceil(c.rpm / pods.perPod)));
    const perPodKRpm = sum / replicas / 1000;
    const podCpuCores: number[] = [];
    const podMemBytes: number[] = [];
    for (let i = 0; i < replicas; i++) {
      const pk = k * 64 + i;
      const cpu =
        (pods.cpuIdleCores + perPodKRpm * pods.cpuPerKRpm) * (1 + 0.1 * smooth(pk, minute, 11, 13));
      podCpuCores.push(Math.max(0.001, cpu * (1 + 0.03 * signed(pk, minute, 12))));
      const mem = pods.memBaseGiB + perPodKRpm * pods.memPerKRpmGiB;
      podMemBytes.push(Math.round(mem * (1 + 0.04 * smooth(pk, minute, 13, 97)) * GIB));
    }
    return {
      minute,
      statusCounts,
      total: sum,
      mu,
      sigma,
      cdf,
      meanSeconds: Math.exp(mu + (sigma * sigma) / 2),
      hits,
      misses: p.hitRatio === undefined ? 0 : sum - hits,
      poolInUse: Math.min(p.poolMax ?? 0, c.poolInUse),
      replicas,
      podCpuCores,
      podMemBytes,
    };
  }

  /**
   * Writes every series' value for one minute into `out` (indexed like `series`):
   * the minute's increment for counters, the level for gauges, NaN when absent.
   */
  evaluate(minute: number, out: Float64Array): void {
    for (const w of this.workloads) this.write(w, this.sample(w, minute), out);
  }

  write(w: WorkloadModel, s: MinuteSample, out: Float64Array): void {
    let i = w.first;
    const histogram = (n: number) => {
      for (const f of s.cdf) out[i++] = Math.round(n * f);
      out[i++] = n;
      out[i++] = n * s.meanSeconds;
      out[i++] = n;
    };
    if (w.histogramPerStatus) {
      for (const n of s.statusCounts) histogram(n);
    } else {
      for (const n of s.statusCounts) out[i++] = n;
      histogram(s.total);
    }
    const p = w.profile;
    if (p.hitRatio !== undefined) {
      out[i++] = s.hits;
      out[i++] = s.misses;
    }
    if (p.poolMax !== undefined) {
      out[i++] = s.poolInUse;
      out[i++] = p.poolMax;
    }
    out[i++] = s.replicas;
    for (let pod = 0; pod < w.podNames.length; pod++) {
      const running = pod < s.replicas;
      out[i++] = running ? (s.podCpuCores[pod] ?? 0) * 60 : NaN;
      out[i++] = running ? (s.podMemBytes[pod] ?? 0) : NaN;
      out[i++] = running ? p.pods.cpuRequestCores : NaN;
      out[i++] = running ? p.pods.memRequestGiB * GIB : NaN;
    }
  }
}

/**
 * Counter totals: `totals[i]` is the sum of series i's increments over the minutes
 * [origin, minute). Walking forward is the only operation, so it is cheap to keep.
 */
export class Accumulator {
  readonly totals: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly estate: Estate,
    public minute: number = estate.origin,
    totals?: Float64Array,
  ) {
    this.totals = totals ?? new Float64Array(estate.series.length);
    this.scratch = new Float64Array(estate.series.length);
  }

  /** Adds the minutes [this.minute, minute); `each` sees every minute's values before adding. */
  advanceTo(minute: number, each?: (m: number, values: Float64Array) => void): void {
    const { series } = this.estate;
    for (let m = this.minute; m < minute; m++) {
      this.estate.evaluate(m, this.scratch);
      each?.(m, this.scratch);
      for (let i = 0; i < series.length; i++) {
        const v = this.scratch[i]!;
        if (series[i]!.counter && !Number.isNaN(v)) this.totals[i] = this.totals[i]! + v;
      }
    }
    this.minute = Math.max(this.minute, minute);
  }
}
