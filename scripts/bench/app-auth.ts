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
  /** Signs in the editor of the first team (`editor-<team>`), who creates embeds. */
  signInEditor(appUrl: string): Promise<BenchViewer>;
}

/** `perTeam` viewers of each of `teams` and an editor of the first, one password for all. */
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
  const editor = { name: `editor-${teams[0]}`, passwordHash, role: "editor", teams: [teams[0]!] };
  const file = join(dir, "users.yaml");
  writeFileSync(file, stringify({ users: [...users, editor] }), { mode: 0o600 });
  const signInOne = async (appUrl: string, u: { name: string; teams: string[] }) => {
    const r = await signInWithPassword(appUrl, u.name, password);
    if (!r.cookie) throw new Error(`bench: ${u.name} could not sign in (${r.status} ${r.error})`);
    return { name: u.name, team: u.teams[0]!, cookie: r.cookie };
  };
  return {
    env: { AUTH_USERS_FILE: file, AUTH_SECRET: randomBytes(32).toString("base64url") },
    async signIn(appUrl) {
      const out: BenchViewer[] = [];
      for (const u of users) out.push(await signInOne(appUrl, u));
      return out;
    },
    signInEditor: (appUrl) => signInOne(appUrl, editor),
  };
}

/** An embed token of `panel` for `workload`, created by `editor` (POST /api/v1/embeds). */
export async function createEmbedToken(
  appUrl: string,
  editor: BenchViewer,
  panel: "status" | "badge",
  workload: string,
): Promise<string> {
  const res = await fetch(`${appUrl}/api/v1/embeds`, {
    method: "POST",
    headers: { Cookie: editor.cookie, "Content-Type": "application/json", Origin: appUrl },
    body: JSON.stringify({ panel, workload, range: "30d", origins: [appUrl] }),
  });
  const body = (await res.json()) as { token?: string; error?: { message: string } };
  if (res.status !== 201 || !body.token) {
    throw new Error(
      `bench: creating a ${panel} embed answered ${res.status}: ${body.error?.message}`,
    );
  }
  return body.token;
}
