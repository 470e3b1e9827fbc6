import "server-only";
import { hash, verify } from "@node-rs/argon2";

/** OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane); argon2id is the library's default. */
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, PARAMS);

// Checked when the name is unknown, so that the answer takes as long as for a known name.
let dummy: Promise<string> | undefined;

/** Whether `password` matches `phc`; with no hash, false after the same work. */
export async function checkPassword(phc: string | undefined, password: string): Promise<boolean> {
  if (!phc) {
    dummy ??= hashPassword("no such user: the same work as a real check");
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}
