/** Reading the users file (AUTH_USERS_FILE): the server's configuration, so server-only. */
import "server-only";
import { readFileSync } from "node:fs";
import { getAuthEnv } from "../env";
import { parseUsers, UsersFileError, type User } from "./users";

let cached: { file: string; users: User[] } | undefined;

/** The users of AUTH_USERS_FILE, read and validated once per process; [] with sign-in off. */
export function getUsers(): User[] {
  const file = getAuthEnv().usersFile;
  if (!getAuthEnv().enabled || !file) return [];
  if (cached?.file === file) return cached.users;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsersFileError(`${file}: cannot read the users file (${code ?? String(e)})`);
  }
  const users = parseUsers(text, file);
  const env = getAuthEnv();
  if (!env.oidc && !env.github && !users.some((u) => u.passwordHash)) {
    throw new UsersFileError(
      `${file}: no user has a passwordHash and no AUTH_OIDC_ or AUTH_GITHUB_ sign-in is configured: nobody could sign in`,
    );
  }
  cached = { file, users };
  return cached.users;
}
