/**
 * Signed-in viewers for `npm run bench` (docs/performance.md): a users file with viewers
 * of several teams, and their session cookies. The app is measured as it runs, with
 * sign-in on: every page request of the bench carries one of these cookies.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { hashPassword } from "../../lib/auth/password";
import { signInWithPassword } from "../lib/sign-in";

export interface BenchViewer {
  name: string;
  team: string;
  cookie: string;
}

export interface BenchUsers {
  /** The sign-in variables of startApp. */
  env: Record<string, string>;
  /** Signs in every viewer (name `viewer-<team>-<i>`), in order of teams then index. */
  signIn(appUrl: string): Promise<BenchViewer[]>;
}

/** `perTeam` viewers of each of `teams`, one password for all (hashed once). */
export async function benchUsers(
  dir: string,
  teams: string[],
  perTeam: number,
): Promise<BenchUsers> {
  const password = randomBytes(18).toString("base64url");
  const passwordHash = await hashPassword(password);
  const users = teams.flatMap((team) =>
    Array.from({ length: perTeam }, (_, i) => ({
      name: `viewer-${team}-${i + 1}`,
      passwordHash,
      role: "viewer",
      teams: [team],
    })),
  );
  const file = join(dir, "users.yaml");
  writeFileSync(file, stringify({ users }), { mode: 0o600 });
  return {
    env: { AUTH_USERS_FILE: file, AUTH_SECRET: randomBytes(32).toString("base64url") },
    async signIn(appUrl) {
      const out: BenchViewer[] = [];
      for (const u of users) {
        const r = await signInWithPassword(appUrl, u.name, password);
        if (!r.cookie)
          throw new Error(`bench: ${u.name} could not sign in (${r.status} ${r.error})`);
        out.push({ name: u.name, team: u.teams[0]!, cookie: r.cookie });
      }
      return out;
    },
  };
}
