import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { hashPassword } from "../../lib/auth/password";
import { DATA, demoPath } from "./state";

export interface DemoSignIn {
  /** The app's sign-in variables (docs/auth.md). */
  env: Record<string, string>;
  /** One line per user: name, password, role and teams. */
  lines: string[];
  /** The admin's password (the demo signs in to warm the overview). */
  admin: string;
}

/** A password of 16 URL-safe characters (96 random bits). */
const password = () => randomBytes(12).toString("base64url");

/**
 * The demo runs with sign-in on: a users file under .data/demo with an admin and a viewer
 * of one team, new random passwords (argon2id hashes in the file) and a new AUTH_SECRET
 * at every start, so sessions of an earlier run end with it.
 */
export async function demoSignIn(viewerTeam: string, url: string): Promise<DemoSignIn> {
  const admin = password();
  const viewer = password();
  const users = [
    { name: "admin", passwordHash: await hashPassword(admin), role: "admin", teams: "all" },
    {
      name: "viewer",
      passwordHash: await hashPassword(viewer),
      role: "viewer",
      teams: [viewerTeam],
    },
  ];
  mkdirSync(DATA.demo, { recursive: true });
  const file = demoPath("users.yaml");
  writeFileSync(
    file,
    `# Written by npm run demo at each start (scripts/demo/sign-in.ts); format: docs/auth.md\n${stringify({ users })}`,
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  return {
    env: {
      AUTH_USERS_FILE: file,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: url,
      // Embed tokens are signed with a new key at each start: earlier embeds stop working
      // (docs/embeds.md: a real install keeps its key and rotates it).
      EMBED_KEY: randomBytes(32).toString("base64url"),
      EMBED_KEY_ID: "demo",
    },
    admin,
    lines: [
      `admin / ${admin}  (admin, every team)`,
      `viewer / ${viewer}  (viewer, team ${viewerTeam})`,
    ],
  };
}
