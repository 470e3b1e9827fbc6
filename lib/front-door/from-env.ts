/**
 * The front door as `npm start` runs it (scripts/start.mjs): configured from the same
 * environment and files as the server (docs/security.md). Loaded outside Next.js.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseUsers, type User } from "../auth/users";
import { parseAuthEnv } from "../env/auth";
import { createFrontDoor, type FrontDoor } from "./index";

/** Where the nonce placeholder is kept (docs/security.md says why it outlives restarts). */
export const PLACEHOLDER_FILE = join("cache", "sightline-csp-placeholder");

/**
 * The placeholder cached pages carry instead of a nonce. Secret, and the same across
 * restarts, or pages cached before a restart would keep a placeholder nobody replaces.
 */
export function noncePlaceholder(distDir: string): string {
  const file = join(distDir, PLACEHOLDER_FILE);
  try {
    const kept = readFileSync(file, "utf8").trim();
    if (/^[A-Za-z0-9_-]{22}$/.test(kept)) return kept;
  } catch {
    // none yet
  }
  const made = randomBytes(16).toString("base64url");
  mkdirSync(join(distDir, "cache"), { recursive: true });
  writeFileSync(file, `${made}\n`, { mode: 0o600 });
  return made;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Next.js's own compression middleware, applied as `next start` would (compress: true). */
function nextCompression(): (req: IncomingMessage, res: ServerResponse) => void {
  const require = createRequire(join(process.cwd(), "package.json"));
  const compression = require("next/dist/compiled/compression") as () => Middleware;
  const { releaseCompressionStream } =
    require("next/dist/server/lib/release-compression-stream") as {
      releaseCompressionStream: (res: ServerResponse) => void;
    };
  const compress = compression();
  return (req, res) => {
    compress(req, res, () => {});
    // As Next.js does: a client that disconnects would otherwise leak the zlib stream.
    res.once("close", () => {
      if (!res.writableFinished) releaseCompressionStream(res);
    });
  };
}

export function frontDoorFromEnv(env: NodeJS.ProcessEnv, distDir = ".next"): FrontDoor {
  const auth = parseAuthEnv(env);
  let users: User[] | undefined;
  const readUsers = () => {
    if (!auth.usersFile) return [];
    users ??= parseUsers(readFileSync(auth.usersFile, "utf8"), auth.usersFile);
    return users;
  };
  return createFrontDoor({
    authEnabled: auth.enabled,
    secret: auth.secret,
    secureCookie: auth.url?.startsWith("https://") ?? false,
    users: readUsers,
    placeholder: noncePlaceholder(distDir),
    compress: nextCompression(),
  });
}
