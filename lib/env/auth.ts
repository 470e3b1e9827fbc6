import { z } from "zod";
import { ConfigError } from "./schema";

/**
 * Sign-in configuration (docs/auth.md). Kept apart from the rest of the environment
 * (schema.ts) so that each is validated on its own, with the same one-line errors.
 * Sign-in is on unless AUTH_DISABLED=true: there is no other way to run without it.
 */
const authSchema = z
  .object({
    AUTH_DISABLED: z.enum(["true", "false"], { error: "expected true or false" }).optional(),
    AUTH_SECRET: z
      .string()
      .min(32, "expected at least 32 characters (e.g. `openssl rand -base64 32`)")
      .optional(),
    AUTH_USERS_FILE: z.string().min(1).optional(),
    /** Where users reach Sightline: next-auth builds its redirects and cookie names from it. */
    NEXTAUTH_URL: z
      .string()
      .url("expected the http(s) URL users reach Sightline at")
      .refine((u) => /^https?:\/\/[^/]+\/?$/.test(u), "expected an http(s) origin with no path")
      .optional(),
    AUTH_OIDC_ISSUER: z
      .string()
      .url("expected the issuer's https URL")
      .refine((u) => /^https?:\/\//.test(u), "expected the issuer's https URL")
      .optional(),
    AUTH_OIDC_CLIENT_ID: z.string().optional(),
    AUTH_OIDC_CLIENT_SECRET: z.string().optional(),
    AUTH_GITHUB_ID: z.string().optional(),
    AUTH_GITHUB_SECRET: z.string().optional(),
    /** Reverse proxies in front that append to x-forwarded-for (lib/auth/client-ip.ts). */
    AUTH_TRUSTED_PROXY_HOPS: z
      .string()
      .regex(/^\d+$/, "expected a whole number of proxies (0: none)")
      .transform(Number)
      .refine((n) => n <= 10, "expected 0 to 10 proxies")
      .default(0),
  })
  .superRefine((env, ctx) => {
    const need = (key: keyof typeof env, message: string) => {
      if (env[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message });
    };
    const oidc = ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET"] as const;
    if (oidc.some((k) => env[k] !== undefined)) {
      for (const k of oidc) need(k, `expected with the other AUTH_OIDC_ variables`);
    }
    const github = ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"] as const;
    if (github.some((k) => env[k] !== undefined)) {
      for (const k of github) need(k, `expected with the other AUTH_GITHUB_ variable`);
    }
    if (env.AUTH_DISABLED === "true") return;
    const hint = "sign-in is on (set AUTH_DISABLED=true to run without it)";
    need("AUTH_USERS_FILE", `expected the users file: ${hint}`);
    need("AUTH_SECRET", `expected a secret that signs sessions: ${hint}`);
    need("NEXTAUTH_URL", `expected the URL users reach Sightline at: ${hint}`);
  });

export interface AuthEnv {
  /** False only with AUTH_DISABLED=true. */
  enabled: boolean;
  secret?: string;
  usersFile?: string;
  url?: string;
  oidc?: { issuer: string; clientId: string; clientSecret: string };
  github?: { clientId: string; clientSecret: string };
  /** How many reverse proxies in front append the address they saw to x-forwarded-for. */
  trustedProxyHops: number;
}

/** Every variable of sign-in's (tests/unit/deploy-manifests.test.ts checks the manifests'). */
export const AUTH_VARIABLES: readonly string[] = Object.keys(authSchema.shape);

const SECRET_KEYS = new Set(["AUTH_SECRET", "AUTH_OIDC_CLIENT_SECRET", "AUTH_GITHUB_SECRET"]);

/** Validates the sign-in variables; throws a ConfigError whose message is one line naming the key. */
export function parseAuthEnv(raw: Record<string, string | undefined>): AuthEnv {
  const cleaned = Object.fromEntries(
    Object.entries(raw).filter(
      ([k, v]) => AUTH_VARIABLES.includes(k) && v !== undefined && v !== "",
    ),
  );
  const result = authSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0] ?? "environment");
    const value = cleaned[key];
    const got = SECRET_KEYS.has(key) || value === undefined ? "" : ` (got "${value}")`;
    throw new ConfigError(`environment: ${key}: ${issue.message}${got}`);
  }
  const e = result.data;
  return {
    enabled: e.AUTH_DISABLED !== "true",
    secret: e.AUTH_SECRET,
    usersFile: e.AUTH_USERS_FILE,
    url: e.NEXTAUTH_URL,
    trustedProxyHops: e.AUTH_TRUSTED_PROXY_HOPS,
    ...(e.AUTH_OIDC_ISSUER && {
      oidc: {
        issuer: e.AUTH_OIDC_ISSUER.replace(/\/+$/, ""),
        clientId: e.AUTH_OIDC_CLIENT_ID!,
        clientSecret: e.AUTH_OIDC_CLIENT_SECRET!,
      },
    }),
    ...(e.AUTH_GITHUB_ID && {
      github: { clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET! },
    }),
  };
}
