/**
 * Signed-in users for end-to-end tests (docs/auth.md): a users file of real argon2id
 * hashes, as `npm run hash-password` writes them, and the session cookies of a password
 * sign-in through the app's own form.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { hash } from "@node-rs/argon2";
import { expect } from "vitest";
import { stringify } from "yaml";
import { signInWithPassword } from "@/scripts/lib/sign-in";

/** AUTH_SECRET of the tests' servers. */
export const TEST_AUTH_SECRET = "e2e-secret-of-at-least-thirty-two-characters";

export interface TestUser {
  name: string;
  /** None: a user who signs in with OIDC or GitHub only. */
  password?: string;
  role: "viewer" | "editor" | "admin";
  /** None: every team (an admin). */
  teams?: string[];
  email?: string;
}

/** Writes `users.yaml` in `dir` and returns its path (AUTH_USERS_FILE). */
export async function writeUsersFile(dir: string, users: TestUser[]): Promise<string> {
  const entries = await Promise.all(
    users.map(async ({ password, ...u }) => ({
      ...u,
      ...(password ? { passwordHash: await hash(password) } : {}),
    })),
  );
  const file = join(dir, "users.yaml");
  writeFileSync(file, stringify({ users: entries }), { mode: 0o600 });
  return file;
}

/** Each user's session cookie (the Cookie header's value), by name; fails the test if one
 * cannot sign in. */
export async function signInAll(
  appUrl: string,
  users: { name: string; password?: string }[],
): Promise<Record<string, string>> {
  const cookies: Record<string, string> = {};
  for (const u of users) {
    const r = await signInWithPassword(appUrl, u.name, u.password ?? "");
    expect(r.cookie, u.name).toBeDefined();
    cookies[u.name] = r.cookie!;
  }
  return cookies;
}
