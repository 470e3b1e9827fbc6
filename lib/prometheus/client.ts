import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { PrometheusDriver } from "prometheus-query";
import { z } from "zod";
import { DataSourceError, reportWarnings } from "../errors/data-source-error";
import { recordQuery } from "../metrics";
import { stepWithinPointLimit } from "../time/step";

export interface PrometheusConfig {
  url: string;
  user?: string;
  password?: string;
  bearerToken?: string;
  /** Extra headers, e.g. X-Scope-OrgID for Mimir. */
  headers: Record<string, string>;
  timeoutMs: number;
}

/** One sample of an instant vector: its labels and value. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** One series of a range query: its labels and [unix ms, value] points. */
export interface RangeSeries {
  labels: Record<string, string>;
  points: [number, number][];
}

/** One active alert from /api/v1/alerts. */
export interface ActiveAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: "firing" | "pending";
  /** When the alert became active (pending, then firing), unix ms. */
  activeAtMs: number;
  value: number;
}

export interface PrometheusClient {
  /** Evaluates `query` at `time`; failures become DataSourceError("Prometheus", tag). */
  instant(tag: string, query: string, time: Date): Promise<Sample[]>;
  /**
   * Evaluates `query` from `start` to `end` every `stepSeconds`, or at the least step that
   * keeps within 11,000 points (lib/time/step.ts): callers whose step is also a window
   * choose steps far below that.
   */
  range(
    tag: string,
    query: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<RangeSeries[]>;
  /** The alerts that are pending or firing now, from the rules Prometheus evaluates. */
  alerts(tag: string): Promise<ActiveAlert[]>;
  /**
   * The values `label` takes on the series any of `match` selects between `start` and
   * `end`: an index lookup (no samples read), answered by Prometheus, Thanos, Mimir and
   * VictoriaMetrics alike.
   */
  labelValues(
    tag: string,
    label: string,
    match: string[],
    start: Date,
    end: Date,
  ): Promise<string[]>;
}

const vectorSchema = z.object({
  resultType: z.literal("vector"),
  result: z.array(
    z.object({
      metric: z.object({ labels: z.record(z.string(), z.string()) }),
      // NaN and ±Inf are legitimate PromQL results (0/0, x/0): accept any number.
      value: z.object({ value: z.custom<number>((v) => typeof v === "number") }),
    }),
  ),
});

const matrixSchema = z.object({
  resultType: z.literal("matrix"),
  result: z.array(
    z.object({
      metric: z.object({ labels: z.record(z.string(), z.string()) }),
      values: z.array(
        z.object({ time: z.date(), value: z.custom<number>((v) => typeof v === "number") }),
      ),
    }),
  ),
});

const alertsSchema = z.array(
  z.object({
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()).nullish(),
    state: z.enum(["firing", "pending"]),
    activeAt: z.date(),
    value: z.custom<number>((v) => typeof v === "number").nullish(),
  }),
);

/**
 * The request being sent: its abort signal, read by the request interceptor, and the
 * `warnings` of its answer, written by the response interceptor.
 */
const currentRequest = new AsyncLocalStorage<{
  signal: AbortSignal;
  warnings: string[];
  /** A refusal that is not Prometheus's JSON (a gateway's 401 "no org id"): status and text. */
  refusal?: string;
}>();

/** prometheus-query rejects with plain objects: keep the useful, secret-free part. */
function describePromError(e: unknown, refusal?: string): string {
  if (e && typeof e === "object" && "error" in e) {
    const o = e as { error?: unknown; errorType?: unknown; httpStatus?: unknown };
    // Not Prometheus's JSON: what the server in front said is the useful part.
    if (!o.httpStatus && o.errorType === "client_error" && refusal) return refusal;
    const status = o.httpStatus ? `HTTP ${String(o.httpStatus)}: ` : "";
    return `${status}${String(o.error)}${o.errorType ? ` (${String(o.errorType)})` : ""}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * The same client, calling `onQuery(tag)` before each request: how the tests and the
 * benchmarks count what a computation asks of Prometheus.
 */
export function observeQueries(
  prom: PrometheusClient,
  onQuery: (tag: string) => void,
): PrometheusClient {
  return {
    instant: (tag, ...rest) => (onQuery(tag), prom.instant(tag, ...rest)),
    range: (tag, ...rest) => (onQuery(tag), prom.range(tag, ...rest)),
    alerts: (tag) => (onQuery(tag), prom.alerts(tag)),
    labelValues: (tag, ...rest) => (onQuery(tag), prom.labelValues(tag, ...rest)),
  };
}

export function createPrometheusClient(cfg: PrometheusConfig): PrometheusClient {
  const headers: Record<string, string> = { ...cfg.headers };
  if (cfg.bearerToken) headers.Authorization = `Bearer ${cfg.bearerToken}`;
  const driver = new PrometheusDriver({
    endpoint: cfg.url.replace(/\/+$/, ""),
    baseURL: "/api/v1",
    headers,
    auth: cfg.user ? { username: cfg.user, password: cfg.password ?? "" } : undefined,
    timeout: cfg.timeoutMs,
    preferPost: true,
    requestInterceptor: {
      onFulfilled: (config) => {
        const signal = currentRequest.getStore()?.signal;
        if (signal) config.signal = signal;
        return config;
      },
    },
    responseInterceptor: {
      onFulfilled: (response) => {
        const warnings: unknown = (response.data as { warnings?: unknown } | undefined)?.warnings;
        if (Array.isArray(warnings)) {
          currentRequest.getStore()?.warnings.push(...warnings.map((w) => String(w)));
        }
        return response;
      },
      onRejected: (error: unknown) => {
        const r = (error as { response?: { status?: unknown; data?: unknown } }).response;
        const store = currentRequest.getStore();
        if (store && r && typeof r.status === "number") {
          // A gateway's page may be HTML: its text only, on one line.
          const text =
            typeof r.data === "string"
              ? r.data
                  .replace(/<[^>]*>/g, " ")
                  .replace(/\s+/g, " ")
                  .trim()
                  .slice(0, 200)
              : "";
          store.refusal = `HTTP ${r.status}${text ? `: ${text}` : ""}`;
        }
        return Promise.reject(error);
      },
    },
  });

  /** Runs one request under a deadline; every failure becomes a DataSourceError. */
  async function send<T>(tag: string, request: (evalTimeout: string) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), cfg.timeoutMs);
    const started = performance.now();
    const sent: { signal: AbortSignal; warnings: string[]; refusal?: string } = {
      signal: controller.signal,
      warnings: [],
    };
    try {
      // Prometheus stops evaluating at its own deadline too.
      const evalTimeout = `${Math.max(1, Math.floor(cfg.timeoutMs / 1000))}s`;
      const answer = await currentRequest.run(sent, () => request(evalTimeout));
      recordQuery("prometheus", "ok", started);
      // An answer with warnings (a Thanos partial response, a limit Mimir applied) goes to
      // the panel that asked, which shows them or refuses the answer (lib/errors).
      if (sent.warnings.length > 0) reportWarnings("Prometheus", tag, sent.warnings);
      return answer;
    } catch (e) {
      recordQuery("prometheus", controller.signal.aborted ? "timeout" : "error", started);
      const msg = controller.signal.aborted
        ? `no answer within ${cfg.timeoutMs} ms`
        : describePromError(e, sent.refusal);
      throw new DataSourceError("Prometheus", tag, msg, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async instant(tag, query, time) {
      const raw = await send(tag, (t) => driver.instantQuery(query, time, t));
      const parsed = vectorSchema.safeParse(raw);
      if (!parsed.success) {
        throw new DataSourceError("Prometheus", tag, "unexpected response shape (not a vector)");
      }
      return parsed.data.result.map((r) => ({ labels: r.metric.labels, value: r.value.value }));
    },
    async range(tag, query, start, end, stepSeconds) {
      // Never a range Prometheus refuses: over 11,000 points the step is raised to fit.
      const step = stepWithinPointLimit(end.getTime() - start.getTime(), stepSeconds);
      const raw = await send(tag, (t) => driver.rangeQuery(query, start, end, step, t));
      const parsed = matrixSchema.safeParse(raw);
      if (!parsed.success) {
        throw new DataSourceError("Prometheus", tag, "unexpected response shape (not a matrix)");
      }
      return parsed.data.result.map((r) => ({
        labels: r.metric.labels,
        points: r.values.map((v): [number, number] => [v.time.getTime(), v.value]),
      }));
    },
    async labelValues(tag, label, match, start, end) {
      const raw = await send(tag, () =>
        driver.labelValues(encodeURIComponent(label), match, start, end),
      );
      const parsed = z.array(z.string()).safeParse(raw);
      if (!parsed.success) {
        throw new DataSourceError("Prometheus", tag, "unexpected response shape (not values)");
      }
      return parsed.data;
    },
    async alerts(tag) {
      const raw = await send(tag, () => driver.alerts());
      const parsed = alertsSchema.safeParse(raw);
      if (!parsed.success) {
        throw new DataSourceError("Prometheus", tag, "unexpected response shape (not alerts)");
      }
      return parsed.data.map((a) => ({
        labels: a.labels,
        annotations: a.annotations ?? {},
        state: a.state,
        activeAtMs: a.activeAt.getTime(),
        value: a.value ?? Number.NaN,
      }));
    },
  };
}
