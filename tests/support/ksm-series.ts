/**
 * Pieces both promtool data sets of the cost sync and right-sizing tests (cost-data.ts,
 * rightsizing-data.ts) write alike, with the labels kube-state-metrics v2 and cAdvisor
 * through the kubelet give their series.
 */
import { seriesKey } from "@/scripts/lib/backfill";

export const KSM = { job: "kube-state-metrics", instance: "10.0.0.20:8080" };

export const NODE_IP: Record<string, string> = {
  "node-a": "10.0.0.11",
  "node-b": "10.0.0.12",
  "node-c": "10.0.0.13",
};

/** cAdvisor's scrape target on a node, as the kubelet serves it. */
export const kubelet = (node: string) => ({
  job: "kubelet",
  instance: `${NODE_IP[node]}:10250`,
  metrics_path: "/metrics/cadvisor",
});

/** A pod's UID, stable per name; `group` keeps two data sets' UIDs apart. */
export function uidOf(pod: string, group: string): string {
  let h = 0;
  for (const c of pod) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${h.toString(16).padStart(8, "0")}-${group}-${pod.length.toString(16).padStart(12, "0")}`;
}

export interface Sample {
  key: string;
  name: string;
  t: number;
  v: number;
}

export type AddSeries = (
  name: string,
  labels: Record<string, string>,
  ts: number[],
  v: (t: number) => number,
) => void;

/** Appends a series' samples at `ts` to `out`. */
export function sampleWriter(out: Sample[]): AddSeries {
  return (name, labels, ts, v) => {
    const key = seriesKey(name, labels);
    for (const t of ts) out.push({ key, name, t, v: v(t) });
  };
}

/** kube_pod_info and kube_pod_owner of one pod, at kube-state-metrics' sample times. */
export function podObjectSeries(
  add: AddSeries,
  p: { namespace: string; pod: string; node: string; owner: { kind: string; name: string } | null },
  uid: string,
  podIp: string,
  ts: number[],
): void {
  const pod = { namespace: p.namespace, pod: p.pod, uid };
  add(
    "kube_pod_info",
    {
      ...KSM,
      ...pod,
      host_ip: NODE_IP[p.node]!,
      pod_ip: podIp,
      node: p.node,
      created_by_kind: p.owner?.kind ?? "<none>",
      created_by_name: p.owner?.name ?? "<none>",
      priority_class: "",
      host_network: "false",
    },
    ts,
    () => 1,
  );
  add(
    "kube_pod_owner",
    {
      ...KSM,
      ...pod,
      owner_kind: p.owner?.kind ?? "<none>",
      owner_name: p.owner?.name ?? "<none>",
      owner_is_controller: p.owner ? "true" : "<none>",
    },
    ts,
    () => 1,
  );
}
