/**
 * Puts the front door in front of every HTTP server of this process: a patch of
 * http.Server.prototype.emit, made before Next.js creates its server. Run by `npm start`
 * (scripts/start.mjs, through tsx) and by the standalone server's start (start.mjs in
 * .next/standalone, bundled to plain JavaScript: docs/deploying.md).
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { frontDoorFromEnv } from "./from-env";
import type { FrontDoor } from "./index";

export function installFrontDoor(frontDoor: FrontDoor): void {
  type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  const emit = http.Server.prototype.emit as Emit;
  http.Server.prototype.emit = function (this: http.Server, event, ...args) {
    const [req, res, ...rest] = args as [IncomingMessage, ServerResponse, ...unknown[]];
    if (event !== "request" || !req?.headers) return emit.call(this, event, ...args);
    let pass: boolean | Promise<boolean>;
    try {
      pass = frontDoor(req, res);
    } catch (error) {
      failed(res, error);
      return true;
    }
    // A promise only when the front door must wait (a session it has not seen a moment ago);
    // a cached page's request makes no closure here.
    if (typeof pass === "boolean") return pass ? emit.call(this, event, req, res, ...rest) : true;
    pass.then(
      (ok) => ok && emit.call(this, event, req, res, ...rest),
      (error: unknown) => failed(res, error),
    );
    return true;
  } as Emit as typeof http.Server.prototype.emit;
}

function failed(res: ServerResponse, error: unknown): void {
  console.error(`sightline: front door: ${error instanceof Error ? error.message : error}`);
  if (!res.headersSent) res.statusCode = 500;
  res.end();
}

/** The front door configured from the environment and files (from-env.ts), installed. */
export function installFrontDoorFromEnv(env: NodeJS.ProcessEnv, distDir?: string): void {
  installFrontDoor(frontDoorFromEnv(env, distDir));
}
