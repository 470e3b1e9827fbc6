import { z } from "zod";

/** Positive integer read from a string env var, with a default. */
const positiveInt = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, "expected a whole number")
    .transform(Number)
    .refine((n) => n > 0, "expected a number above 0")
    .default(fallback);

/** Whole number read from a string env var, within [min, max], with a default. */
const wholeNumber = (fallback: number, min: number, max: number, unit: string) =>
  z
    .string()
    .regex(/^\d+$/, "expected a whole number")
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected ${min} to ${max} ${unit}`)
    .default(fallback);

const httpUrl = z
  .string()
  .url("expected an http(s) URL")
  .refine((u) => /^https?:\/\//.test(u), "expected an http(s) URL")
  // Credentials in a URL end up in error messages and logs; they have variables of their own.
  .refine(
    (u) => !new URL(u).username,
    "expected no credentials in the URL: use the _USER/_PASSWORD variables",
  );

/** `Name: value` pairs separated by newlines or `;`, e.g. `X-Scope-OrgID: tenant-1`. */
const headerList = z
  .string()
  .default("")
  .transform((raw, ctx) => {
    const headers: Record<string, string> = {};
    for (const part of raw.split(/[;\n]/)) {
      if (!part.trim()) continue;
      const m = /^\s*([A-Za-z0-9-]+)\s*:\s*(.+?)\s*$/.exec(part);
      if (!m) {
        ctx.addIssue({ code: "custom", message: `expected "Name: value" pairs, got "${part}"` });
        return z.NEVER;
      }
      headers[m[1]!] = m[2]!;
    }
    return headers;
  });

export const envSchema = z
  .object({
    PROMETHEUS_URL: httpUrl.default("http://127.0.0.1:9090"),
    PROMETHEUS_USER: z.string().optional(),
    PROMETHEUS_PASSWORD: z.string().optional(),
    PROMETHEUS_BEARER_TOKEN: z.string().optional(),
    PROMETHEUS_HEADERS: headerList,
    PROMETHEUS_TIMEOUT_MS: positiveInt(10_000),
    CLICKHOUSE_URL: httpUrl.optional(),
    CLICKHOUSE_USER: z.string().default("default"),
    CLICKHOUSE_PASSWORD: z.string().default(""),
    CLICKHOUSE_DATABASE: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected a database name of letters, digits and _")
      .default("sightline"),
    CLICKHOUSE_DATA_DIR: z.string().min(1).default(".data/clickhouse"),
    CLICKHOUSE_TIMEOUT_MS: positiveInt(15_000),
    /** The OpenTelemetry Collector exporter's traces table, `table` or `database.table`
     * (docs/request-data.md): requests are derived from its server spans. */
    CLICKHOUSE_OTEL_TRACES_TABLE: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/,
        "expected a table name, or database.table, of letters, digits and _",
      )
      .optional(),
    /** The resource attribute that names a span's workload; unset: the span's ServiceName. */
    CLICKHOUSE_OTEL_WORKLOAD_ATTRIBUTE: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,128}$/, "expected an attribute key of letters, digits, _ . -")
      .optional(),
    REVALIDATE_SECONDS: positiveInt(30),
    CATALOG_FILE: z.string().min(1).default("config/workloads.yaml"),
    /** How often the server runs the cost sync (lib/cost/schedule.ts); 0: never (a CronJob does). */
    COST_SYNC_INTERVAL_MINUTES: wholeNumber(
      15,
      0,
      1440,
      "minutes (0 turns the in-server sync off)",
    ),
    /** Hours read from Prometheus per step of the sync (3 queries each). */
    COST_SYNC_CHUNK_HOURS: wholeNumber(24, 1, 168, "hours"),
    /** An hour is synced this long after it ended, once late scrapes have landed. */
    COST_SYNC_DELAY_MINUTES: wholeNumber(10, 0, 1440, "minutes"),
    /** Deadline per Prometheus query of the cost sync (a day of a large cluster is a big query). */
    COST_SYNC_TIMEOUT_MS: positiveInt(120_000),
    /** Deadline per Prometheus query of right-sizing (14 days of every container, every 5 minutes). */
    RIGHTSIZING_TIMEOUT_MS: positiveInt(60_000),
    /** The longest a report link may live (docs/report-links.md); new links default to 30 days or this if less. */
    REPORT_MAX_DAYS: wholeNumber(90, 1, 3650, "days"),
    /** The bearer token Prometheus sends to scrape /api/metrics; unset: the route is open (docs/own-metrics.md). */
    METRICS_TOKEN: z
      .string()
      .regex(/^[\x21-\x7e]{16,}$/, "expected 16 or more printable ASCII characters, no spaces")
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.PROMETHEUS_USER && env.PROMETHEUS_BEARER_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["PROMETHEUS_BEARER_TOKEN"],
        message: "set either PROMETHEUS_USER/PASSWORD or PROMETHEUS_BEARER_TOKEN, not both",
      });
    }
    if (env.PROMETHEUS_USER && env.PROMETHEUS_PASSWORD === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["PROMETHEUS_PASSWORD"],
        message: "expected a password when PROMETHEUS_USER is set",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Names of variables that hold secrets: never printed, not even in errors. */
const SECRET_KEYS = new Set([
  "PROMETHEUS_PASSWORD",
  "PROMETHEUS_BEARER_TOKEN",
  "CLICKHOUSE_PASSWORD",
  "METRICS_TOKEN",
]);

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Validates raw variables; throws a ConfigError whose message is one line naming the key. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  // An empty variable means "not set", as in most shells' `VAR=` usage.
  const cleaned = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? "environment");
  const value = cleaned[key];
  // Never echo a secret, nor a URL that carries credentials.
  const hidden = SECRET_KEYS.has(key) || value === undefined || /\/\/[^/]*@/.test(value);
  const got = hidden ? "" : ` (got "${value}")`;
  throw new ConfigError(`environment: ${key}: ${issue.message}${got}`);
}
