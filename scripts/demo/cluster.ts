import { hash3 } from "./noise";
import type { PodProfile } from "./profiles";
import { MINUTES_PER_DAY } from "./story";

/**
 * The demo's Kubernetes cluster: nodes, releases (a Deployment's ReplicaSets), pods that
 * come and go with releases and with the HPA, and the names real clusters give them. Pure
 * and deterministic: pods are a function of (workload, minute, T0), so the backfilled
 * history and the live simulator see the same pods. The series written about them are in
 * model.ts (`kubeSeries`), labelled as kube-state-metrics v2 and cAdvisor label them.
 */

/** The alphabet Kubernetes generates names from (no vowels, no 0, 1, 3): `7d4b9c8f6d-x2x7q`. */
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function encode(seed: number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[hash3(seed, i, 101) % ALPHABET.length];
  return out;
}

function hex(seed: number, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++)
    out += hash3(seed, i, 102).toString(16).padStart(8, "0");
  return out.slice(0, length);
}

/** A version 4 UUID, as Kubernetes gives pods. */
function uuid(seed: number): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface Node {
  name: string;
  ip: string;
  pool: "general" | "spot";
  instanceType: string;
  zone: string;
  capacityType: "on-demand" | "spot";
  cpuCores: number;
  memoryBytes: number;
  maxPods: number;
}

const GIB = 1024 ** 3;

/** Node pools as Karpenter labels them; a fixed set of nodes (no cluster autoscaler). */
export const NODE_POOLS = {
  general: { count: 6, instanceType: "m6i.4xlarge", cpu: 16, memGiB: 64, maxPods: 234 },
  spot: { count: 2, instanceType: "m6i.xlarge", cpu: 4, memGiB: 16, maxPods: 58 },
} as const;

export const NODES: Node[] = Object.entries(NODE_POOLS).flatMap(([pool, p], j) =>
  Array.from({ length: p.count }, (_, i) => {
    const ip = `10.0.${32 * (i % 3) + 16 * j + 1}.${(hash3(j, i, 103) % 200) + 20}`;
    return {
      name: `ip-${ip.replaceAll(".", "-")}.eu-west-1.compute.internal`,
      ip,
      pool: pool as Node["pool"],
      instanceType: p.instanceType,
      zone: `eu-west-1${"abc"[i % 3]}`,
      capacityType: pool === "spot" ? "spot" : "on-demand",
      cpuCores: p.cpu,
      memoryBytes: p.memGiB * GIB,
      maxPods: p.maxPods,
    } satisfies Node;
  }),
);

export type ControllerKind = "Deployment" | "StatefulSet" | "DaemonSet";

/** A release of a workload: from its minute on, its pods run this template. */
export interface Release {
  minute: number;
  /** The pod-template-hash: a Deployment's ReplicaSet is `<deployment>-<hash>`. */
  hash: string;
  image: string;
}

/**
 * A workload's releases: every `everyDays` days on weekdays between 09:00 and 17:00 UTC,
 * plus the story's own (the caching change, the launch-day fix). Epoch-day based, so a
 * release is where it is whatever T0 is; computed lazily as minutes are asked for.
 */
export class Releases {
  private readonly minutes: number[] = [];
  private toDay: number;

  constructor(
    private readonly k: number,
    private readonly everyDays: number,
    private readonly image: string,
    private readonly story: number[],
    fromMinute: number,
  ) {
    // ReplicaSets of the last 10 releases are kept (revisionHistoryLimit): start early enough.
    this.toDay = Math.floor(fromMinute / MINUTES_PER_DAY) - 11 * everyDays - 30;
    this.extend(Math.floor(fromMinute / MINUTES_PER_DAY) + 60);
  }

  private extend(toDay: number): void {
    for (let d = this.toDay; d < toDay; d++) {
      const weekday = (d + 4) % 7; // 1970-01-01 was a Thursday
      if ((d + this.k * 5) % this.everyDays !== 0 || weekday === 0 || weekday === 6) continue;
      this.minutes.push(d * MINUTES_PER_DAY + 9 * 60 + (hash3(this.k, d, 104) % (8 * 60)));
    }
    this.toDay = toDay;
    for (const m of this.story) {
      if (!this.minutes.includes(m) && m < toDay * MINUTES_PER_DAY) this.minutes.push(m);
    }
    this.minutes.sort((a, b) => a - b);
  }

  /** Index of the release in force at `minute` (the latest at or before it). */
  indexAt(minute: number): number {
    if (minute >= (this.toDay - 1) * MINUTES_PER_DAY) {
      this.extend(Math.floor(minute / MINUTES_PER_DAY) + 60);
    }
    let lo = 0;
    let hi = this.minutes.length - 1;
    if (minute < this.minutes[0]!) throw new Error(`releases: minute ${minute} before the first`);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.minutes[mid]! <= minute) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  release(i: number): Release {
    const minute = this.minutes[i]!;
    const seed = hash3(this.k, minute, 105);
    const hash = encode(seed, 9 + (seed % 2)); // 9 or 10 characters, as Kubernetes writes them
    const image = this.image.includes(":") ? this.image : `${this.image}:sha-${hex(seed, 7)}`;
    return { minute, hash, image };
  }
}

/** One pod, from its start to its end. */
export interface Pod {
  name: string;
  uid: string;
  node: Node;
  ip: string;
  /** `<deployment>-<hash>` for a Deployment's pod. */
  replicaset?: string;
  release: Release;
  slot: number;
  /** The minute it started. */
  since: number;
  /** A seed for its own noise. */
  seed: number;
  containerId: string;
}

/** A pod at one minute: draining pods are the last release's, ending during a rollout. */
export interface PodAt {
  pod: Pod;
  draining: boolean;
}

/** Minutes a rollout keeps the previous release's pods (maxSurge: a new pod starts first). */
export const ROLLOUT_OVERLAP = 2;

/**
 * The pods of one workload. Slot i (0 ≤ i < replicas) holds a pod while the HPA keeps more
 * than i replicas: scaling out starts a new pod (a new name), scaling in ends one, and a
 * release replaces them all. A Deployment's pods are `<deployment>-<hash>-<5 chars>`, a
 * StatefulSet's `<name>-<ordinal>` (a new uid per release).
 */
export class WorkloadPods {
  private readonly days = new Map<number, Int16Array>();
  /** Per release parity and slot: a run of minutes [start, until] the slot was held. */
  private readonly runs: ({ start: number; until: number } | undefined)[][] = [[], []];
  private readonly pods = new Map<string, Pod>();
  private prunedAt = 0;

  constructor(
    readonly k: number,
    readonly kind: ControllerKind,
    readonly owner: string,
    readonly profile: PodProfile,
    readonly releases: Releases,
    /** The HPA's current replicas (or the fixed count) at a minute. */
    private readonly replicasAt: (minute: number) => number,
  ) {}

  replicas(minute: number): number {
    const day = Math.floor(minute / MINUTES_PER_DAY);
    let arr = this.days.get(day);
    if (!arr) {
      arr = new Int16Array(MINUTES_PER_DAY);
      for (let i = 0; i < MINUTES_PER_DAY; i++) arr[i] = this.replicasAt(day * MINUTES_PER_DAY + i);
      this.days.set(day, arr);
    }
    return arr[minute - day * MINUTES_PER_DAY]!;
  }

  /** The first minute of slot i's current run at `minute`, no earlier than the release. */
  private since(slot: number, minute: number, release: number, releaseMinute: number): number {
    const runs = this.runs[release % 2]!;
    const r = runs[slot];
    if (r && r.start >= releaseMinute && r.start <= minute) {
      if (minute <= r.until) return r.start;
      let t = r.until + 1;
      while (t <= minute && this.replicas(t) > slot) t++;
      if (t > minute) {
        r.until = minute;
        return r.start;
      }
    }
    let s = minute;
    while (s > releaseMinute && this.replicas(s - 1) > slot) s--;
    runs[slot] = { start: s, until: minute };
    return s;
  }

  private pod(releaseIndex: number, slot: number, since: number): Pod {
    const release = this.releases.release(releaseIndex);
    const key = `${release.minute}|${slot}|${since}`;
    const known = this.pods.get(key);
    if (known) return known;
    const seed = hash3(this.k * 64 + slot, since, 106);
    const replicaset = this.kind === "Deployment" ? `${this.owner}-${release.hash}` : undefined;
    const name =
      this.kind === "StatefulSet"
        ? `${this.owner}-${slot}`
        : `${replicaset ?? this.owner}-${encode(seed, 5)}`;
    const pool = NODES.filter((n) => n.pool === this.profile.nodePool);
    const node = pool[hash3(seed, 0, 107) % pool.length]!;
    const [a, b, c] = node.ip.split(".").map(Number) as [number, number, number];
    const pod: Pod = {
      name,
      uid: uuid(seed),
      node,
      ip: `${a}.${b}.${c + 128}.${(hash3(seed, 1, 108) % 250) + 2}`,
      ...(replicaset && { replicaset }),
      release,
      slot,
      since,
      seed,
      containerId: hex(hash3(seed, 2, 109), 64),
    };
    this.pods.set(key, pod);
    return pod;
  }

  /** The workload's pods at `minute`: the release in force, and the last one's while it drains. */
  at(minute: number): PodAt[] {
    if (minute - this.prunedAt > MINUTES_PER_DAY || minute < this.prunedAt) this.prune(minute);
    const ri = this.releases.indexAt(minute);
    const rm = this.releases.release(ri).minute;
    const out: PodAt[] = [];
    const n = this.replicas(minute);
    for (let slot = 0; slot < n; slot++) {
      out.push({ pod: this.pod(ri, slot, this.since(slot, minute, ri, rm)), draining: false });
    }
    if (this.kind === "Deployment" && minute - rm < ROLLOUT_OVERLAP && ri > 0) {
      const before = rm - 1;
      const pm = this.releases.release(ri - 1).minute;
      const m = this.replicas(before);
      for (let slot = 0; slot < m; slot++) {
        out.push({
          pod: this.pod(ri - 1, slot, this.since(slot, before, ri - 1, pm)),
          draining: true,
        });
      }
    }
    return out;
  }

  /** Forgets pods and replica days far from `minute` (a long live run keeps memory flat). */
  private prune(minute: number): void {
    this.prunedAt = minute;
    for (const [key, p] of this.pods) {
      if (Math.abs(minute - p.since) > 40 * MINUTES_PER_DAY) this.pods.delete(key);
    }
    for (const day of this.days.keys()) {
      if (Math.abs(day - minute / MINUTES_PER_DAY) > 40) this.days.delete(day);
    }
  }
}
