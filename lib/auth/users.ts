/**
 * The users file (AUTH_USERS_FILE): who may sign in, with which password hash, role and
 * teams. YAML or JSON (JSON is YAML). Pure: lib/auth/users-file.ts reads the file.
 * docs/auth.md.
 */
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ROLES, type Role, type Teams } from "./roles";

export interface User {
  /** The sign-in name of the password form, and the id sessions carry. */
  name: string;
  /** Matched, case-insensitively, against the e-mail an OIDC issuer or GitHub vouches for. */
  email?: string;
  /** An argon2id PHC string (`npm run hash-password`); no password sign-in without one. */
  passwordHash?: string;
  role: Role;
  teams: Teams;
}

export class UsersFileError extends Error {
  override name = "UsersFileError";
}

const userSchema = z.strictObject({
  name: z
    .string({ error: "expected a name" })
    .regex(/^[^\s:]{1,100}$/, "expected 1 to 100 characters, no spaces or colons"),
  email: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+$/, "expected an e-mail address")
    .optional(),
  passwordHash: z
    .string()
    .regex(
      /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/,
      "expected an argon2id hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash: npm run hash-password)",
    )
    .optional(),
  role: z.enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` }),
  teams: z
    .union([z.literal("all"), z.array(z.string().min(1, "expected a team name"))], {
      error: "expected a list of team names, or all",
    })
    .default([]),
});

const fileSchema = z.strictObject({
  users: z.array(userSchema, { error: "expected a list of users" }),
});

/** `users[2].role` from a zod path. */
const formatPath = (path: PropertyKey[]) =>
  path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");

/** Parses and validates the users file; errors are one line naming the file and the key. */
export function parseUsers(text: string, file: string): User[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new UsersFileError(`${file}: not valid YAML or JSON: ${msg}`);
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let path = issue.path;
    let message = issue.message;
    if (issue.code === "unrecognized_keys") {
      path = [...path, issue.keys[0]!];
      message = "unknown key";
    }
    throw new UsersFileError(
      `${file}: ${path.length ? formatPath(path) : "(top level)"}: ${message}`,
    );
  }
  const users = parsed.data.users;
  const seen = new Map<string, number>();
  for (const [i, u] of users.entries()) {
    for (const [key, value] of [
      ["name", u.name.toLowerCase()],
      ["email", u.email?.toLowerCase()],
    ] as const) {
      if (value === undefined) continue;
      const first = seen.get(`${key}:${value}`);
      if (first !== undefined) {
        throw new UsersFileError(
          `${file}: users[${i}].${key}: "${value}" is already users[${first}]'s`,
        );
      }
      seen.set(`${key}:${value}`, i);
    }
    if (!u.passwordHash && !u.email) {
      throw new UsersFileError(
        `${file}: users[${i}]: expected a passwordHash or an email: this user could never sign in`,
      );
    }
  }
  return users.map((u) => ({
    name: u.name,
    ...(u.email && { email: u.email }),
    ...(u.passwordHash && { passwordHash: u.passwordHash }),
    role: u.role,
    // An admin sees every team's data.
    teams: u.role === "admin" ? "all" : u.teams,
  }));
}

/** The user with this sign-in name (case-insensitive). */
export const userByName = (users: User[], name: string) =>
  users.find((u) => u.name.toLowerCase() === name.toLowerCase());

/** The user with this e-mail (case-insensitive). */
export const userByEmail = (users: User[], email: string) =>
  users.find((u) => u.email !== undefined && u.email.toLowerCase() === email.toLowerCase());
