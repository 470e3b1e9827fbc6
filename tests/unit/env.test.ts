import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env/schema";

describe("parseEnv", () => {
  it("applies defaults: embedded ClickHouse, local Prometheus", () => {
    const env = parseEnv({});
    expect(env.PROMETHEUS_URL).toBe("http://127.0.0.1:9090");
    expect(env.CLICKHOUSE_URL).toBeUndefined();
    expect(env.REVALIDATE_SECONDS).toBe(30);
    expect(env.PROMETHEUS_HEADERS).toEqual({});
  });

  it("parses extra headers for Mimir and numbers", () => {
    const env = parseEnv({
      PROMETHEUS_HEADERS: "X-Scope-OrgID: tenant-1; X-Extra: a b",
      REVALIDATE_SECONDS: "60",
    });
    expect(env.PROMETHEUS_HEADERS).toEqual({ "X-Scope-OrgID": "tenant-1", "X-Extra": "a b" });
    expect(env.REVALIDATE_SECONDS).toBe(60);
  });

  it("refuses bad values with one line naming the variable", () => {
    expect(() => parseEnv({ PROMETHEUS_URL: "localhost:9090" })).toThrow(
      new ConfigError(
        'environment: PROMETHEUS_URL: expected an http(s) URL (got "localhost:9090")',
      ),
    );
    expect(() => parseEnv({ REVALIDATE_SECONDS: "soon" })).toThrow(
      /^environment: REVALIDATE_SECONDS: expected a whole number/,
    );
    expect(() => parseEnv({ CLICKHOUSE_DATABASE: "a;drop" })).toThrow(/CLICKHOUSE_DATABASE/);
  });

  it("reads the cost sync's settings, 0 turning the in-server sync off", () => {
    expect(parseEnv({})).toMatchObject({
      COST_SYNC_INTERVAL_MINUTES: 15,
      COST_SYNC_CHUNK_HOURS: 24,
      COST_SYNC_DELAY_MINUTES: 10,
      COST_SYNC_TIMEOUT_MS: 120_000,
    });
    expect(parseEnv({ COST_SYNC_INTERVAL_MINUTES: "0" }).COST_SYNC_INTERVAL_MINUTES).toBe(0);
    expect(() => parseEnv({ COST_SYNC_CHUNK_HOURS: "0" })).toThrow(
      new ConfigError('environment: COST_SYNC_CHUNK_HOURS: expected 1 to 168 hours (got "0")'),
    );
    expect(() => parseEnv({ COST_SYNC_INTERVAL_MINUTES: "1.5" })).toThrow(
      /^environment: COST_SYNC_INTERVAL_MINUTES: expected a whole number/,
    );
    expect(() => parseEnv({ COST_SYNC_DELAY_MINUTES: "5000" })).toThrow(
      /COST_SYNC_DELAY_MINUTES: expected 0 to 1440 minutes/,
    );
  });

  it("reads the longest a report link may live: 90 days unless set, 1 to 3650", () => {
    expect(parseEnv({}).REPORT_MAX_DAYS).toBe(90);
    expect(parseEnv({ REPORT_MAX_DAYS: "7" }).REPORT_MAX_DAYS).toBe(7);
    expect(() => parseEnv({ REPORT_MAX_DAYS: "0" })).toThrow(
      new ConfigError('environment: REPORT_MAX_DAYS: expected 1 to 3650 days (got "0")'),
    );
    expect(() => parseEnv({ REPORT_MAX_DAYS: "30d" })).toThrow(
      /^environment: REPORT_MAX_DAYS: expected a whole number/,
    );
  });

  it("never prints a secret in an error", () => {
    let msg = "";
    try {
      parseEnv({
        PROMETHEUS_USER: "u",
        PROMETHEUS_PASSWORD: "hunter2",
        PROMETHEUS_BEARER_TOKEN: "tok-secret",
      });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/PROMETHEUS_BEARER_TOKEN/);
    expect(msg).not.toContain("tok-secret");
    expect(msg).not.toContain("hunter2");
  });
});

describe("URLs with credentials", () => {
  it("are refused without echoing the secret", () => {
    let msg = "";
    try {
      parseEnv({ CLICKHOUSE_URL: "https://admin:pa55@ch.internal:8443" });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toBe(
      "environment: CLICKHOUSE_URL: expected no credentials in the URL: use the _USER/_PASSWORD variables",
    );
  });
});
