/**
 * Three small services, each instrumented with a real library that writes its own
 * /metrics exposition: Python prometheus_client (a child process on Debian's Python),
 * Node prom-client and the OpenTelemetry JS SDK with its Prometheus exporter (both in
 * this process, each on an HTTP server of its own on 127.0.0.1).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ValueType } from "@opentelemetry/api";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { Counter, Histogram, Registry } from "prom-client";
import { ensureDebianPackages, freePort, spawn, stopChild } from "@/scripts/lib/processes";
import {
  PROM_CLIENT_DEFAULT_BUCKETS,
  PYTHON_DEFAULT_BUCKETS,
  SEMCONV_HTTP_DURATION_BUCKETS,
  type DrivenRequest,
} from "./traffic";

export interface InstrumentedService {
  /** The Prometheus job it is scraped under, and its Sightline workload name. */
  job: string;
  library: string;
  /** host:port of its /metrics. */
  target: string;
  /** The histogram's finite bucket bounds as the library was configured. */
  buckets: number[];
  /** The series, as Prometheus stores them, whose sum counts the recorded requests. */
  countMetric: string;
  /** What the library names things in its exposition, for hand-written PromQL. */
  exposed: {
    /** Counter of all requests. */
    requests: string;
    /** The matcher that, added to `requests`, selects 5xx responses. */
    errors: string;
    /** Histogram base name (`_bucket`, `_count`, `_sum`). */
    histogram: string;
    /** How the library spells a bucket bound in `le`. */
    le(seconds: number): string;
  };
  /** Records `requests` `times` over, as instrumentation would on serving them. */
  record(requests: DrivenRequest[], times: number): Promise<void>;
  stop(): Promise<void>;
}

/** What Prometheus 2.42 sends: a library that can write OpenMetrics does. */
export const PROMETHEUS_ACCEPT =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75," +
  "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/** The exposition a service writes for Prometheus's scrape. */
export async function fetchExposition(service: InstrumentedService): Promise<string> {
  const res = await fetch(`http://${service.target}/metrics`, {
    headers: { accept: PROMETHEUS_ACCEPT },
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`${service.job} /metrics answered ${res.status}`);
  return res.text();
}

export function ensurePythonClient(log?: (s: string) => void): void {
  ensureDebianPackages(
    [{ pkg: "python3-prometheus-client", pythonModule: "prometheus_client" }],
    log,
  );
}

const PYTHON_SERVICE = fileURLToPath(new URL("./python_service.py", import.meta.url));

/** prometheus_client 0.16 on Debian's /usr/bin/python3 (not a pyenv python3 on PATH). */
export async function startPythonService(job: string): Promise<InstrumentedService> {
  ensurePythonClient();
  const child = spawn("/usr/bin/python3", [PYTHON_SERVICE], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${job}: no port after 20 s`)), 20_000);
    createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      const m = /^listening (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
      else reject(new Error(`${job}: unexpected first line ${JSON.stringify(line)}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${job}: python exited with ${code}: ${stderr.trim()}`));
    });
  });
  const target = `127.0.0.1:${port}`;
  return {
    job,
    library: "prometheus_client (Python, Debian python3-prometheus-client)",
    target,
    buckets: PYTHON_DEFAULT_BUCKETS,
    countMetric: "http_request_duration_seconds_count",
    exposed: {
      requests: "http_requests_total",
      errors: 'status=~"5.."',
      histogram: "http_request_duration_seconds",
      // Python's float repr: le="1.0", le="0.25"
      le: (s) => (Number.isInteger(s) ? s.toFixed(1) : String(s)),
    },
    async record(requests, times) {
      const res = await fetch(`http://${target}/drive`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ requests, times }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { recorded: number };
      if (body.recorded !== requests.length * times) {
        throw new Error(`${job} recorded ${body.recorded} of ${requests.length * times}`);
      }
    },
    async stop() {
      child.stdin!.end();
      await stopChild(child);
    },
  };
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** prom-client with its default buckets, on a registry of its own. */
export async function startPromClientService(job: string): Promise<InstrumentedService> {
  const registry = new Registry();
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests served.",
    labelNames: ["method", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency.",
    labelNames: ["method", "route"] as const,
    registers: [registry],
  });
  const server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (e: unknown) => res.writeHead(500).end(String(e)),
    );
  });
  const port = await listen(server);
  return {
    job,
    library: "prom-client (Node)",
    target: `127.0.0.1:${port}`,
    buckets: PROM_CLIENT_DEFAULT_BUCKETS,
    countMetric: "http_request_duration_seconds_count",
    exposed: {
      requests: "http_requests_total",
      errors: 'status=~"5.."',
      histogram: "http_request_duration_seconds",
      le: String, // le="1", le="0.25"
    },
    async record(batch, times) {
      // One synchronous run: a scrape (which reads each metric synchronously) sees all or none.
      for (let i = 0; i < times; i++) {
        for (const r of batch) {
          requests.inc({ method: r.method, status: String(r.status) });
          latency.observe({ method: r.method, route: r.route }, r.latency);
        }
      }
    },
    stop: () => close(server),
  };
}

/**
 * The OpenTelemetry JS SDK's MeterProvider read by PrometheusExporter on its own HTTP
 * server, recording http.server.request.duration the way @opentelemetry/instrumentation-http
 * does with the stable semantic conventions: seconds, the advisory boundaries, and the
 * attributes http.request.method, url.scheme, network.protocol.version, http.route and
 * http.response.status_code (a number).
 */
export async function startOtelService(job: string): Promise<InstrumentedService> {
  const port = await freePort();
  const exporter = new PrometheusExporter({ host: "127.0.0.1", port, preventServerStart: true });
  await exporter.startServer();
  const provider = new MeterProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ "service.name": job, "service.version": "1.4.2" }),
    ),
    readers: [exporter],
  });
  // The scope instrumentation-http meters under; 0.223.0 is its release beside this exporter's.
  const meter = provider.getMeter("@opentelemetry/instrumentation-http", "0.223.0");
  const duration = meter.createHistogram("http.server.request.duration", {
    description: "Duration of HTTP server requests.",
    unit: "s",
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: SEMCONV_HTTP_DURATION_BUCKETS },
  });
  return {
    job,
    library: "OpenTelemetry JS SDK MeterProvider + @opentelemetry/exporter-prometheus",
    target: `127.0.0.1:${port}`,
    buckets: SEMCONV_HTTP_DURATION_BUCKETS,
    countMetric: "http_server_request_duration_count",
    // No unit suffix: the exporter writes the instrument's name with dots made underscores.
    exposed: {
      requests: "http_server_request_duration_count",
      errors: 'http_response_status_code=~"5.."',
      histogram: "http_server_request_duration",
      le: String,
    },
    async record(batch, times) {
      for (let i = 0; i < times; i++) {
        for (const r of batch) {
          duration.record(r.latency, {
            "http.request.method": r.method,
            "url.scheme": "http",
            "network.protocol.version": "1.1",
            "http.route": r.route,
            "http.response.status_code": r.status,
          });
        }
      }
    },
    stop: () => provider.shutdown(),
  };
}
