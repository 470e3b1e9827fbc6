/**
 * npm run bench:cost — the cost sync of 30 days for 8 and for 1,000 workloads against a real
 * Prometheus: generated kube-state-metrics and cAdvisor series with the labels those
 * exporters write (a Deployment per workload, a new ReplicaSet every week, a new pod every
 * day, 50 nodes in 5 pools, some spot), synced into the embedded ClickHouse engine. Prints
 * Prometheus queries per synced day for both catalogs (the target: equal), the wall time of
 * each sync and of a one-hour sync, measured in this one run (the machine is shared:
 * compare within the run). `-- --days N` shortens the history.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCatalog, type Catalog } from "../../lib/catalog/load";
import { connectClickHouse, migrate, type ClickHouse } from "../../lib/clickhouse/connect";
import { runCostSync } from "../../lib/cost/sync";
import { createPrometheusClient, observeQueries } from "../../lib/prometheus/client";
import { backfill, sampleLine, seriesKey } from "../lib/backfill";
import { ensurePrometheus, startPrometheus, waitForCompaction } from "../lib/prometheus-server";

const WORKLOADS = 1000;
const NODES = 50;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Every series is sampled every 4 minutes: within Prometheus's 5-minute lookback. */
const STEP_MS = 4 * 60_000;
const DAYS = Number(process.argv[process.argv.indexOf("--days") + 1]) || 30;

const teamOf = (i: number) => `team-${i % 20}`;
const nodeOf = (i: number, day: number) => `node-${(i + day) % NODES}`;
const rsOf = (i: number, day: number) =>
  `w${i}-${(Math.floor(day / 7) * 7919 + i).toString(16).padStart(6, "0")}`;
const podOf = (i: number, day: number) => `${rsOf(i, day)}-p${day.toString(36).padStart(3, "0")}`;

function catalogOf(n: number): Catalog {
  const rows = Array.from(
    { length: n },
    (_, i) => `  - { name: w${i}, team: ${teamOf(i)}, convention: prometheus-client }`,
  );
  return parseCatalog(
    `groupingLabel: workload
pricing:
  spot: { cpu: 0.0095, memory: 0.0013 }
  nodePools: { pool-0: { cpu: 0.03 }, pool-1: { memory: 0.005 } }
workloads:
${rows.join("\n")}
`,
    `bench-cost-${n}.yaml`,
  );
}

/** The lines of every series for [a, b): one pod per workload and day, nodes, owners. */
function lines(startMs: number, a: number, b: number): string {
  const out: string[] = [];
  const ksm = { job: "kube-state-metrics", instance: "10.0.0.20:8080" };
  const first = Math.ceil((a - startMs) / STEP_MS) * STEP_MS + startMs;
  const times: number[] = [];
  for (let t = first; t < b; t += STEP_MS) times.push(t);
  if (times.length === 0) return "";
  const day = Math.floor((times[0]! - startMs) / DAY);
  const gauge = (key: string, v: number) => {
    for (const t of times) out.push(sampleLine(key, v, t));
  };
  for (let n = 0; n < NODES; n++) {
    const node = `node-${n}`;
    gauge(
      seriesKey("kube_node_labels", {
        ...ksm,
        node,
        label_karpenter_sh_nodepool: `pool-${n % 5}`,
        label_karpenter_sh_capacity_type: n % 5 === 4 ? "spot" : "on-demand",
      }),
      1,
    );
    gauge(
      seriesKey("kube_node_status_capacity", { ...ksm, node, resource: "cpu", unit: "core" }),
      16,
    );
    gauge(
      seriesKey("kube_node_status_capacity", { ...ksm, node, resource: "memory", unit: "byte" }),
      64 * 1024 ** 3,
    );
  }
  for (let i = 0; i < WORKLOADS; i++) {
    const namespace = teamOf(i);
    const replicaset = rsOf(i, day);
    const pod = podOf(i, day);
    const node = nodeOf(i, day);
    const uid = `${i.toString(16).padStart(8, "0")}-0000-4000-8000-${day.toString(16).padStart(12, "0")}`;
    const podLabels = { ...ksm, namespace, pod, uid };
    const container = "app";
    const cpuRequest = 0.25 + (i % 4) * 0.25;
    const memRequest = (256 + (i % 8) * 128) * 1024 ** 2;
    const podStart = startMs + day * DAY;
    gauge(
      seriesKey("kube_replicaset_owner", {
        ...ksm,
        namespace,
        replicaset,
        owner_kind: "Deployment",
        owner_name: `w${i}`,
        owner_is_controller: "true",
      }),
      1,
    );
    gauge(
      seriesKey("kube_pod_info", {
        ...podLabels,
        host_ip: "10.0.1.1",
        pod_ip: "10.244.1.1",
        node,
        created_by_kind: "ReplicaSet",
        created_by_name: replicaset,
        priority_class: "",
        host_network: "false",
      }),
      1,
    );
    gauge(
      seriesKey("kube_pod_owner", {
        ...podLabels,
        owner_kind: "ReplicaSet",
        owner_name: replicaset,
        owner_is_controller: "true",
      }),
      1,
    );
    gauge(seriesKey("kube_pod_container_status_running", { ...podLabels, container }), 1);
    gauge(
      seriesKey("kube_pod_container_resource_requests", {
        ...podLabels,
        container,
        node,
        resource: "cpu",
        unit: "core",
      }),
      cpuRequest,
    );
    gauge(
      seriesKey("kube_pod_container_resource_requests", {
        ...podLabels,
        container,
        node,
        resource: "memory",
        unit: "byte",
      }),
      memRequest,
    );
    const cad = {
      job: "kubelet",
      instance: "10.0.1.1:10250",
      metrics_path: "/metrics/cadvisor",
      container,
      id: `/kubepods.slice/kubepods-pod${uid}.slice/cri-containerd-${uid.slice(0, 8)}.scope`,
      image: "registry.example/app:1.0",
      name: uid.slice(0, 8),
      namespace,
      pod,
    };
    const cpuKey = seriesKey("container_cpu_usage_seconds_total", cad);
    const rate = cpuRequest * (0.3 + (i % 10) / 10);
    for (const t of times) out.push(sampleLine(cpuKey, (rate * (t - podStart)) / 1000, t));
    gauge(seriesKey("container_memory_working_set_bytes", cad), memRequest * (0.5 + (i % 7) / 10));
  }
  return out.join("");
}

async function main() {
  ensurePrometheus();
  const dir = mkdtempSync(join(tmpdir(), "sightline-bench-cost-"));
  const endMs = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const startMs = endMs - DAYS * DAY;
  try {
    console.log(
      `bench:cost — ${WORKLOADS} Deployments (a pod a day, a ReplicaSet a week) on ${NODES} nodes, ` +
        `${DAYS} days sampled every ${STEP_MS / 60_000} min`,
    );
    const t0 = performance.now();
    let lastPct = -1;
    backfill({
      dataDir: join(dir, "data"),
      tmpDir: join(dir, "tmp"),
      fromMs: startMs,
      toMs: endMs,
      chunk: (a, b) => lines(startMs, a, b),
      onProgress: (done, total) => {
        const pct = Math.floor((100 * done) / total);
        if (pct !== lastPct && (pct % 10 === 0 || done === total)) {
          lastPct = pct;
          console.log(`  writing data with promtool: ${pct} %`);
        }
      },
    });
    console.log(`  written in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const server = await startPrometheus({ dir });
    try {
      await waitForCompaction(server.url, { threshold: 40, timeoutMs: 600_000, log: console.log });
      const ch: ClickHouse = connectClickHouse({
        user: "default",
        password: "",
        database: "bench",
        dataDir: join(dir, "clickhouse"),
        timeoutMs: 120_000,
      });
      const results: {
        n: number;
        days: number;
        ranges: number;
        lookups: number;
        ms: number;
        rows: number;
        hourMs: number;
      }[] = [];
      for (const n of [8, WORKLOADS]) {
        const db = { ...ch, database: `bench_${n}` };
        await migrate(db);
        const tags: string[] = [];
        const prom = observeQueries(
          createPrometheusClient({ url: server.url, headers: {}, timeoutMs: 600_000 }),
          (tag) => tags.push(tag),
        );
        const catalog = catalogOf(n);
        console.log(`\n  sync of ${n} workloads:`);
        const t1 = performance.now();
        const r = await runCostSync({
          prom,
          ch: db,
          catalog,
          now: new Date(endMs + 15 * 60_000),
          holder: "bench",
          chunkHours: 24,
          delayMinutes: 10,
          onProgress: (p) => {
            if (p.chunk % 5 === 0 || p.chunk === p.chunks) {
              console.log(
                `    chunk ${p.chunk}/${p.chunks}: ${p.workloadRows} rows, ${(p.elapsedMs / 1000).toFixed(0)} s`,
              );
            }
          },
        });
        const ms = performance.now() - t1;
        if (r.status !== "synced") throw new Error(`sync of ${n} workloads: ${r.status}`);
        const lookups = tags.filter((t) => t === "cost:earliest").length;
        // The steady state: the sync of one hour, as the server does every hour.
        const t2 = performance.now();
        await runCostSync({
          prom,
          ch: db,
          catalog,
          now: new Date(endMs + 15 * 60_000),
          holder: "bench",
          chunkHours: 24,
          delayMinutes: 10,
          fromMs: endMs - HOUR,
        });
        results.push({
          n,
          days: r.hours / 24,
          ranges: tags.length - lookups,
          lookups,
          ms,
          rows: r.workloadRows,
          hourMs: performance.now() - t2,
        });
      }
      await ch.client.close();
      console.log(
        "\n  workloads  days synced  rows      queries/day  index lookups  wall time   one-hour sync",
      );
      for (const r of results) {
        const perDay = (r.ranges - 3) / r.days; // the one-hour sync's 3 queries are not part of the days
        console.log(
          `  ${String(r.n).padStart(9)}  ${r.days.toFixed(1).padStart(11)}  ${String(r.rows).padStart(8)}  ` +
            `${perDay.toFixed(2).padStart(11)}  ${String(r.lookups).padStart(13)}  ` +
            `${(r.ms / 1000).toFixed(1).padStart(7)} s  ${(r.hourMs / 1000).toFixed(2).padStart(11)} s`,
        );
      }
      const [small, large] = results;
      const perDay = (r: (typeof results)[number]) => (r.ranges - 3) / r.days;
      console.log(
        `\n  queries per synced day, ${WORKLOADS} / 8 workloads: ${perDay(large!).toFixed(2)} / ${perDay(small!).toFixed(2)} = ` +
          `${(perDay(large!) / perDay(small!)).toFixed(2)}× (target: 1.00×, equal)`,
      );
      console.log(
        `  wall time of ${DAYS} days for ${WORKLOADS} workloads: ${(large!.ms / 1000).toFixed(1)} s ` +
          `(${(large!.ms / 1000 / large!.days).toFixed(2)} s per day; 8 workloads: ${(small!.ms / 1000).toFixed(1)} s)`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:cost failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
