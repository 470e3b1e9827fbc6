import { describe, expect, it } from "vitest";
import { parseAuthEnv } from "@/lib/env/auth";
import { ConfigError } from "@/lib/env/schema";

const ON = {
  AUTH_SECRET: "s".repeat(32),
  AUTH_USERS_FILE: "users.yaml",
  NEXTAUTH_URL: "https://sightline.example",
};

describe("parseAuthEnv", () => {
  it("is on unless AUTH_DISABLED=true, and then needs a users file, a secret and the URL", () => {
    expect(parseAuthEnv({ AUTH_DISABLED: "true" })).toEqual({
      enabled: false,
      secret: undefined,
      usersFile: undefined,
      url: undefined,
      trustedProxyHops: 0,
    });
    expect(() => parseAuthEnv({})).toThrow(
      new ConfigError(
        "environment: AUTH_USERS_FILE: expected the users file: sign-in is on (set AUTH_DISABLED=true to run without it)",
      ),
    );
    expect(() => parseAuthEnv({ ...ON, AUTH_SECRET: undefined })).toThrow(
      /^environment: AUTH_SECRET: /,
    );
    expect(() => parseAuthEnv({ ...ON, NEXTAUTH_URL: "" })).toThrow(/^environment: NEXTAUTH_URL: /);
    expect(parseAuthEnv(ON)).toMatchObject({ enabled: true, usersFile: "users.yaml" });
    expect(parseAuthEnv({ ...ON, AUTH_DISABLED: "false" }).enabled).toBe(true);
  });

  it("refuses bad values with one line naming the variable, never echoing a secret", () => {
    expect(() => parseAuthEnv({ AUTH_DISABLED: "yes" })).toThrow(
      new ConfigError('environment: AUTH_DISABLED: expected true or false (got "yes")'),
    );
    expect(() => parseAuthEnv({ ...ON, AUTH_SECRET: "short-secret" })).toThrow(
      new ConfigError(
        "environment: AUTH_SECRET: expected at least 32 characters (e.g. `openssl rand -base64 32`)",
      ),
    );
    expect(parseAuthEnv({ ...ON, AUTH_TRUSTED_PROXY_HOPS: "1" }).trustedProxyHops).toBe(1);
    expect(() => parseAuthEnv({ ...ON, AUTH_TRUSTED_PROXY_HOPS: "-1" })).toThrow(
      new ConfigError(
        'environment: AUTH_TRUSTED_PROXY_HOPS: expected a whole number of proxies (0: none) (got "-1")',
      ),
    );
    expect(() => parseAuthEnv({ ...ON, NEXTAUTH_URL: "https://x.example/app" })).toThrow(
      /^environment: NEXTAUTH_URL: expected an http\(s\) origin with no path/,
    );
  });

  it("builds the providers that are configured, and wants each one complete", () => {
    const env = parseAuthEnv({
      ...ON,
      AUTH_OIDC_ISSUER: "https://idp.example/realms/ops/",
      AUTH_OIDC_CLIENT_ID: "sightline",
      AUTH_OIDC_CLIENT_SECRET: "oidc-secret",
      AUTH_GITHUB_ID: "gh-id",
      AUTH_GITHUB_SECRET: "gh-secret",
    });
    expect(env.oidc).toEqual({
      issuer: "https://idp.example/realms/ops",
      clientId: "sightline",
      clientSecret: "oidc-secret",
    });
    expect(env.github).toEqual({ clientId: "gh-id", clientSecret: "gh-secret" });
    expect(() => parseAuthEnv({ ...ON, AUTH_OIDC_ISSUER: "https://idp.example" })).toThrow(
      new ConfigError(
        "environment: AUTH_OIDC_CLIENT_ID: expected with the other AUTH_OIDC_ variables",
      ),
    );
    let message = "";
    try {
      parseAuthEnv({ ...ON, AUTH_GITHUB_SECRET: "gh-secret" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "environment: AUTH_GITHUB_ID: expected with the other AUTH_GITHUB_ variable",
    );
    expect(message).not.toContain("gh-secret");
  });
});
