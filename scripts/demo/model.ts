import type { KubeMapping } from "../../lib/catalog/kubernetes";
import { NODES, Releases, WorkloadPods, type ControllerKind, type Pod } from "./cluster";
import { Z95, normalCdf, signed, smooth, stochasticRound } from "./noise";
import { PROFILES, type Profile } from "./profiles";
import { conditions, timeline, type Incident, type Timeline } from "./story";

/**
 * The pure, deterministic model of the demo estate: for each workload and epoch minute,
 * request counts per status, a latency histogram, cache, pool and Kubernetes figures.
 * Counters are sums of whole minutes since the origin (30 days before T0), so backfilled
 * history and live scrapes read the same function: no gap, no counter reset.
 *
 * The application's series (requests, latency, cache, pool) are fixed, one index each in
 * `Estate.series`. The cluster's (cAdvisor's container series, kube-state-metrics') come
 * and go with pods, releases and the HPA (cluster.ts): `evaluate` returns them as a list,
 * labelled exactly as those exporters label them: never with the catalog's grouping label.
 */
export const STATUSES = [200, 201, 404, 500, 503] as const;
export const BUCKETS = [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 2.5, 5, 10] as const;
export const SERIES_LABELS = { job: "demo", instance: "simulator" } as const;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** What a pod's cgroup uses beyond its containers' (the pause container, the runtime's shim). */
const POD_CGROUP_CORES = 0.0004;
/** ReplicaSets a Deployment keeps besides the current one (Kubernetes' default). */
export const REVISION_HISTORY_LIMIT = 10;

/** What the model needs from the catalog (lib/catalog's Catalog fits). */
export interface CatalogView {
  groupingLabel: string;
  workloads: {
    name: string;
    team: string;
    convention: { requests: string; latency: string; errors: { label: string }[] };
    kubernetes: KubeMapping;
  }[];
}

export interface SeriesDef {
  name: string;
  labels: Record<string, string>;
  counter: boolean;
  /** Integer counters are floored when pro-rated within a minute. */
  integer: boolean;
}

/** A series of the cluster's that exists at some minutes only (a pod's, a ReplicaSet's). */
export interface DynamicDef extends SeriesDef {
  /** Unique per series: what its counter total is kept under. */
  key: string;
}

/** A cluster series' value at one minute: the minute's increment (counters) or level. */
export interface DynamicValue {
  def: DynamicDef;
  value: number;
}

export interface WorkloadModel {
  index: number;
  name: string;
  team: string;
  profile: Profile;
  statusLabel: string;
  /** OpenTelemetry style: the request count is the histogram's _count, per status. */
  histogramPerStatus: boolean;
  /** Index of this workload's first series in Estate.series. */
  first: number;
  /** Where it runs: its namespace and controller, as the catalog maps it. */
  namespace: string;
  kind: ControllerKind;
  owner: string;
  /** Whether an HPA scales it (on CPU utilization). */
  hpa: boolean;
  pods: WorkloadPods;
  /** Its series that exist as long as it does (HPA, desired replicas). */
  fixed: DynamicDef[];
}

/** One pod's figures in one minute. */
export interface PodSample {
  pod: Pod;
  /** The last release's pod, ending during a rollout: idle, its load moved to the new ones. */
  draining: boolean;
  cpuCores: number;
  memBytes: number;
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
  /** The HPA's current replicas (or the controller's fixed count). */
  replicas: number;
  pods: PodSample[];
}

export class Estate {
  readonly series: SeriesDef[] = [];
  readonly workloads: WorkloadModel[] = [];
  readonly timeline: Timeline;
  private readonly nodeDefs: DynamicValue[];
  private readonly podDefs = new WeakMap<Pod, DynamicDef[]>();
  private readonly replicaSetDefs = new Map<string, DynamicDef>();

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
      const k = this.workloads.length + 1;
      // The cluster runs what the catalog maps the workload to; by default (and for pods
      // mapped by name) a Deployment named like it in its team's namespace.
      const target = entry.kubernetes.ok ? entry.kubernetes.target : undefined;
      const owned = target && "owner" in target.pods ? target.pods : undefined;
      const namespace = target?.namespace ?? entry.team;
      const kind: ControllerKind = owned?.owner ?? "Deployment";
      const owner = owned?.name ?? entry.name;
      const pp = profile.pods;
      const hpa = kind === "Deployment" && pp.hpaCpuTarget !== undefined && pp.min < pp.max;
      const releases = new Releases(
        k,
        pp.releaseEveryDays,
        pp.image,
        this.timeline.releases.filter((r) => r.workload === entry.name).map((r) => r.minute),
        this.timeline.origin,
      );
      const w: WorkloadModel = {
        index: this.workloads.length,
        name: entry.name,
        team: entry.team,
        profile,
        statusLabel: conv.errors[0]?.label ?? "status",
        histogramPerStatus: conv.requests === `${conv.latency}_count`,
        first: this.series.length,
        namespace,
        kind,
        owner,
        hpa,
        pods: new WorkloadPods(k, kind, owner, pp, releases, (m) =>
          this.desiredReplicas(profile, k, m, hpa),
        ),
        fixed: [],
      };
      w.fixed = this.fixedDefs(w);
      this.workloads.push(w);
      this.defineSeries(w, conv.requests, conv.latency);
    }
    this.nodeDefs = NODES.flatMap((n) => {
      const capacity = (resource: string, unit: string, value: number): DynamicValue => ({
        def: dynamic("kube_node_status_capacity", { node: n.name, resource, unit }, false),
        value,
      });
      return [
        capacity("cpu", "core", n.cpuCores),
        capacity("memory", "byte", n.memoryBytes),
        capacity("pods", "integer", n.maxPods),
        {
          // kube-state-metrics --metric-labels-allowlist=nodes=[karpenter.sh/capacity-type,
          // karpenter.sh/nodepool,node.kubernetes.io/instance-type,topology.kubernetes.io/zone]
          def: dynamic(
            "kube_node_labels",
            {
              node: n.name,
              label_karpenter_sh_capacity_type: n.capacityType,
              label_karpenter_sh_nodepool: n.pool,
              label_node_kubernetes_io_instance_type: n.instanceType,
              label_topology_kubernetes_io_zone: n.zone,
            },
            false,
          ),
          value: 1,
        },
      ];
    });
  }

  /**
   * The replicas the workload runs at a minute: what its HPA keeps (the load at its CPU
   * target, within min and max), or its fixed count.
   */
  private desiredReplicas(p: Profile, k: number, minute: number, hpa: boolean): number {
    const pp = p.pods;
    if (!hpa) return pp.min;
    const c = conditions(p, k, minute, this.timeline);
    const kRpmPerPod =
      ((pp.hpaCpuTarget! / 100) * pp.cpuRequestCores - pp.cpuIdleCores) /
      (pp.cpuPerKRpm * c.cpuFactor);
    return Math.min(pp.max, Math.max(pp.min, Math.ceil(c.rpm / 1000 / kRpmPerPod)));
  }

  /** The HPA's and the controller's series, as kube-state-metrics writes them. */
  private fixedDefs(w: WorkloadModel): DynamicDef[] {
    const ns = { namespace: w.namespace };
    const hpa = { ...ns, horizontalpodautoscaler: w.owner };
    const desired =
      w.kind === "StatefulSet"
        ? dynamic("kube_statefulset_replicas", { ...ns, statefulset: w.owner }, false)
        : w.kind === "DaemonSet"
          ? dynamic(
              "kube_daemonset_status_desired_number_scheduled",
              { ...ns, daemonset: w.owner },
              false,
            )
          : dynamic("kube_deployment_spec_replicas", { ...ns, deployment: w.owner }, false);
    if (!w.hpa) return [desired];
    return [
      desired,
      dynamic("kube_horizontalpodautoscaler_status_current_replicas", hpa, false),
      dynamic(
        "kube_horizontalpodautoscaler_info",
        {
          ...hpa,
          scaletargetref_api_version: "apps/v1",
          scaletargetref_kind: w.kind,
          scaletargetref_name: w.owner,
        },
        false,
      ),
      dynamic("kube_horizontalpodautoscaler_spec_min_replicas", hpa, false),
      dynamic("kube_horizontalpodautoscaler_spec_max_replicas", hpa, false),
      dynamic(
        "kube_horizontalpodautoscaler_spec_target_metric",
        { ...hpa, metric_name: "cpu", metric_target_type: "utilization" },
        false,
      ),
    ];
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
    const pp = p.pods;
    const podsNow = w.pods.at(minute);
    const replicas = w.pods.replicas(minute);
    const perPodKRpm = sum / replicas / 1000;
    const pods: PodSample[] = podsNow.map(({ pod, draining }) => {
      const load = draining ? 0 : perPodKRpm;
      const cpu =
        (pp.cpuIdleCores + load * pp.cpuPerKRpm * c.cpuFactor) *
        (1 + 0.1 * smooth(pod.seed, minute, 11, 13));
      // A fresh pod's working set grows over its first 20 minutes (caches, JIT, pools).
      const warm = 0.65 + 0.35 * Math.min(1, (minute - pod.since + 1) / 20);
      const mem =
        (pp.memBaseGiB * warm + load * pp.memPerKRpmGiB + (draining ? 0 : c.memExtraGiB)) *
        (1 + 0.04 * smooth(pod.seed, minute, 13, 97));
      return {
        pod,
        draining,
        cpuCores: Math.max(0.001, cpu * (1 + 0.03 * signed(pod.seed, minute, 12))),
        memBytes: Math.round(mem * GIB),
      };
    });
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
      pods,
    };
  }

  /**
   * Writes every application series' value for one minute into `out` (indexed like
   * `series`): the minute's increment for counters, the level for gauges, NaN when absent.
   * Returns the cluster's series that exist in that minute, with their values.
   */
  evaluate(minute: number, out: Float64Array, countersOnly = false): DynamicValue[] {
    const cluster: DynamicValue[] = [];
    for (const w of this.workloads) {
      const s = this.sample(w, minute);
      this.write(w, s, out);
      if (countersOnly) this.kubeCounters(w, s, cluster);
      else this.kubeSeries(w, s, minute, cluster);
    }
    if (!countersOnly) for (const n of this.nodeDefs) cluster.push(n);
    return cluster;
  }

  /** Only the cluster's counters (what an accumulator walking forward needs), as kubeSeries writes them. */
  private kubeCounters(w: WorkloadModel, s: MinuteSample, out: DynamicValue[]) {
    for (const p of s.pods) {
      const [cpu, podCpu] = this.defsOf(w, p.pod);
      out.push(
        { def: cpu!, value: p.cpuCores * 60 },
        { def: podCpu!, value: (p.cpuCores + POD_CGROUP_CORES) * 60 },
      );
    }
  }

  /**
   * The workload's cluster series in one minute: per pod, cAdvisor's container and pod
   * cgroup series and kube-state-metrics' pod series; its ReplicaSets; its HPA.
   */
  private kubeSeries(w: WorkloadModel, s: MinuteSample, minute: number, out: DynamicValue[]) {
    const pp = w.profile.pods;
    for (const p of s.pods) {
      const [cpu, podCpu, mem, podMem, info, owner, reqCpu, reqMem, running] = this.defsOf(
        w,
        p.pod,
      );
      out.push(
        { def: cpu!, value: p.cpuCores * 60 },
        // The pod's cgroup holds its containers and the pause container.
        { def: podCpu!, value: (p.cpuCores + POD_CGROUP_CORES) * 60 },
        { def: mem!, value: p.memBytes },
        { def: podMem!, value: p.memBytes + Math.round(0.7 * MIB) },
        { def: info!, value: 1 },
        { def: owner!, value: 1 },
        { def: reqCpu!, value: pp.cpuRequestCores },
        { def: reqMem!, value: pp.memRequestGiB * GIB },
        { def: running!, value: 1 },
      );
    }
    if (w.kind === "Deployment") {
      const current = w.pods.releases.indexAt(minute);
      for (let i = Math.max(0, current - REVISION_HISTORY_LIMIT); i <= current; i++) {
        out.push({ def: this.replicaSetDef(w, i), value: 1 });
      }
    }
    const [desired, ...hpa] = w.fixed;
    out.push({ def: desired!, value: s.replicas });
    if (hpa.length > 0) {
      const [current, info, min, max, target] = hpa;
      out.push(
        { def: current!, value: s.replicas },
        { def: info!, value: 1 },
        { def: min!, value: pp.min },
        { def: max!, value: pp.max },
        { def: target!, value: pp.hpaCpuTarget! },
      );
    }
  }

  private replicaSetDef(w: WorkloadModel, release: number): DynamicDef {
    const hash = w.pods.releases.release(release).hash;
    const replicaset = `${w.owner}-${hash}`;
    const key = `${w.namespace}/${replicaset}`;
    let def = this.replicaSetDefs.get(key);
    if (!def) {
      def = dynamic(
        "kube_replicaset_owner",
        {
          namespace: w.namespace,
          replicaset,
          owner_kind: "Deployment",
          owner_name: w.owner,
          owner_is_controller: "true",
        },
        false,
      );
      this.replicaSetDefs.set(key, def);
    }
    return def;
  }

  /** A pod's series, in the order kubeSeries writes them; made once per pod. */
  private defsOf(w: WorkloadModel, pod: Pod): DynamicDef[] {
    const known = this.podDefs.get(pod);
    if (known) return known;
    const pp = w.profile.pods;
    const podLabels = { namespace: w.namespace, pod: pod.name };
    // cAdvisor through the kubelet. Its `id` (the cgroup path) and `name` (the container
    // ID) are left out: no query reads them, and their 160 characters on every sample
    // line doubled the backfill's size.
    const container = { container: pp.container, image: pod.release.image, ...podLabels };
    const cgroup = { container: "", image: "", ...podLabels };
    // kube-state-metrics v2: every pod series carries namespace, pod and uid
    const ksm = { ...podLabels, uid: pod.uid };
    const createdBy =
      w.kind === "Deployment"
        ? { kind: "ReplicaSet", name: pod.replicaset! }
        : { kind: w.kind, name: w.owner };
    const requests = (resource: string, unit: string) =>
      dynamic(
        "kube_pod_container_resource_requests",
        { ...ksm, container: pp.container, node: pod.node.name, resource, unit },
        false,
      );
    const defs = [
      dynamic("container_cpu_usage_seconds_total", { ...container, cpu: "total" }, true),
      dynamic("container_cpu_usage_seconds_total", { ...cgroup, cpu: "total" }, true),
      dynamic("container_memory_working_set_bytes", container, false),
      dynamic("container_memory_working_set_bytes", cgroup, false),
      dynamic(
        "kube_pod_info",
        {
          ...ksm,
          host_ip: pod.node.ip,
          pod_ip: pod.ip,
          node: pod.node.name,
          created_by_kind: createdBy.kind,
          created_by_name: createdBy.name,
          priority_class: "",
          host_network: "false",
        },
        false,
      ),
      dynamic(
        "kube_pod_owner",
        {
          ...ksm,
          owner_kind: createdBy.kind,
          owner_name: createdBy.name,
          owner_is_controller: "true",
        },
        false,
      ),
      requests("cpu", "core"),
      requests("memory", "byte"),
      dynamic("kube_pod_container_status_running", { ...ksm, container: pp.container }, false),
    ];
    this.podDefs.set(pod, defs);
    return defs;
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
  }
}

/** A cluster series' definition; its key is its identity (name and labels). */
function dynamic(name: string, labels: Record<string, string>, counter: boolean): DynamicDef {
  const all = { ...labels, ...SERIES_LABELS };
  return { name, labels: all, counter, integer: false, key: `${name}${JSON.stringify(all)}` };
}

/**
 * Counter totals: `totals[i]` is the sum of application series i's increments over the
 * minutes [origin, minute); `cluster` holds the same for the cluster's counters that exist
 * at `minute − 1` (a pod's series start at zero and are forgotten when it ends). Walking
 * forward is the only operation, so it is cheap to keep.
 */
export class Accumulator {
  readonly totals: Float64Array;
  cluster: Map<string, number>;
  private readonly scratch: Float64Array;

  constructor(
    readonly estate: Estate,
    public minute: number = estate.origin,
    totals?: Float64Array,
    cluster?: Map<string, number>,
  ) {
    this.totals = totals ?? new Float64Array(estate.series.length);
    this.cluster = cluster ?? new Map();
    this.scratch = new Float64Array(estate.series.length);
  }

  /** A cluster counter's total over the minutes before this.minute (0 for a new series). */
  clusterTotal(def: DynamicDef): number {
    return this.cluster.get(def.key) ?? 0;
  }

  /**
   * Adds the minutes [this.minute, minute); `each` sees every minute's values before adding,
   * the application's by index and the cluster's as a list.
   */
  advanceTo(
    minute: number,
    each?: (m: number, values: Float64Array, cluster: DynamicValue[]) => void,
  ): void {
    const { series } = this.estate;
    for (let m = this.minute; m < minute; m++) {
      const cluster = this.estate.evaluate(m, this.scratch, each === undefined);
      each?.(m, this.scratch, cluster);
      for (let i = 0; i < series.length; i++) {
        const v = this.scratch[i]!;
        if (series[i]!.counter && !Number.isNaN(v)) this.totals[i] = this.totals[i]! + v;
      }
      const next = new Map<string, number>();
      for (const { def, value } of cluster) {
        if (def.counter) next.set(def.key, this.clusterTotal(def) + value);
      }
      this.cluster = next;
      this.minute = m + 1;
    }
    this.minute = Math.max(this.minute, minute);
  }
}
