/**
 * next-auth's configuration, built from the environment (docs/auth.md): a password form
 * for the users file's users with a password hash, an OIDC issuer and GitHub when
 * configured. Whoever signs in, their role and teams come from the users file; an e-mail
 * it does not list gets no access. Sessions are JWTs in an encrypted cookie.
 */
import "server-only";
import type { NextAuthOptions, User as AuthUser } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { getAuthEnv } from "../env";
import { safeCallbackUrl } from "./callback-url";
import { requestAddress } from "./address";
import { checkPassword } from "./password";
import { loginLimiter } from "./rate-limit";
import { userByEmail, userByName, type User } from "./users";
import { getUsers } from "./users-file";

/** A session lasts a working day; signing in again is needed after it. */
export const SESSION_MAX_AGE_SECONDS = 8 * 3600;

interface OidcProfile {
  sub: string;
  name?: string;
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
}

/** Any OIDC issuer, found through its discovery document. */
function oidcProvider(o: { issuer: string; clientId: string; clientSecret: string }) {
  const provider: OAuthConfig<OidcProfile> = {
    id: "oidc",
    name: "single sign-on",
    type: "oauth",
    wellKnown: `${o.issuer}/.well-known/openid-configuration`,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p.preferred_username ?? p.email ?? p.sub,
      // Only an address the issuer says it verified can match a user of the file.
      email: p.email_verified === true ? (p.email ?? null) : null,
    }),
  };
  return provider;
}

/** Whether GitHub says the account's address `email` is verified. */
async function githubEmailVerified(accessToken: string | undefined, email: string) {
  if (!accessToken) return false;
  try {
    const res = await fetch("https://api.github.com/user/emails", {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json" },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return false;
    const emails = (await res.json()) as { email: string; verified: boolean }[];
    return emails.some((e) => e.verified && e.email.toLowerCase() === email.toLowerCase());
  } catch {
    return false;
  }
}

/** The users file's user an external sign-in stands for, by e-mail. */
function fileUserOf(user: AuthUser): User | undefined {
  return user.email ? userByEmail(getUsers(), user.email) : undefined;
}

let cached: NextAuthOptions | undefined;

/** The options, built once per process from the validated environment. */
export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = getAuthEnv();
  const providers: NextAuthOptions["providers"] = [];
  if (getUsers().some((u) => u.passwordHash)) {
    providers.push(
      CredentialsProvider({
        id: "credentials",
        name: "password",
        credentials: { username: { label: "Name" }, password: { label: "Password" } },
        async authorize(credentials, req) {
          const name = credentials?.username?.trim() ?? "";
          const password = credentials?.password ?? "";
          const user = name ? userByName(getUsers(), name) : undefined;
          const ok = await checkPassword(user?.passwordHash, password);
          if (!ok || !user) return null;
          // The route handler counted this attempt (app/api/auth/[...nextauth]/route.ts).
          const headers = (req.headers ?? {}) as Record<string, string | undefined>;
          await loginLimiter().succeeded(
            requestAddress((h) => headers[h]),
            name,
          );
          return { id: user.name, name: user.name, email: user.email ?? null };
        },
      }),
    );
  }
  if (env.oidc) providers.push(oidcProvider(env.oidc));
  if (env.github) providers.push(GitHubProvider(env.github));

  cached = {
    secret: env.secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === "credentials") return true;
        const fileUser = fileUserOf(user);
        if (!fileUser) return false;
        if (account?.provider === "github") {
          return githubEmailVerified(account.access_token, fileUser.email!);
        }
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const fileUser =
            account.provider === "credentials" ? userByName(getUsers(), user.id) : fileUserOf(user);
          if (!fileUser) throw new Error("signed-in user not in the users file");
          token.user = fileUser.name;
          token.name = fileUser.name;
          token.role = fileUser.role;
          token.teams = fileUser.teams;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = {
          name: token.user ?? "",
          email: session.user?.email ?? null,
          role: token.role ?? "viewer",
          teams: token.teams ?? [],
        };
        return session;
      },
      async redirect({ url, baseUrl }) {
        // Only a path of this site, whatever the callbackUrl asked for.
        const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
        return `${baseUrl}${safeCallbackUrl(path)}`;
      },
    },
  };
  return cached;
}

/** The sign-in buttons the login page shows besides the password form. */
export function externalProviders(): { id: string; name: string }[] {
  const env = getAuthEnv();
  return [
    ...(env.oidc ? [{ id: "oidc", name: "Sign in with single sign-on" }] : []),
    ...(env.github ? [{ id: "github", name: "Sign in with GitHub" }] : []),
  ];
}

/** Whether the password form is shown: some user of the file has a password hash. */
export const passwordSignIn = () => getUsers().some((u) => u.passwordHash);
