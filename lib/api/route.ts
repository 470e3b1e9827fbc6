import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { sessionForRoute, type VerifiedSession } from "../auth/session";
import type { Role } from "../auth/roles";

/**
 * Every /api/v1 route handler that answers data is written as `export const GET =
 * apiRoute(async (req, ctx, session) => …)`: the session is checked before the handler
 * runs, and a request without one is answered 401 (403 below `minRole`) with nothing of
 * the data. tests/unit/auth-coverage.test.ts fails on a handler that is not. docs/auth.md.
 */
export function apiRoute<Ctx>(
  handler: (req: NextRequest, ctx: Ctx, session: VerifiedSession) => Promise<Response> | Response,
  minRole: Role = "viewer",
): (req: NextRequest, ctx?: Ctx) => Promise<Response> {
  return async (req, ctx) => {
    const session = await sessionForRoute(minRole);
    if ("status" in session) {
      return NextResponse.json(
        { error: { message: session.message } },
        { status: session.status, headers: { "Cache-Control": "no-store" } },
      );
    }
    return handler(req, ctx as Ctx, session);
  };
}
