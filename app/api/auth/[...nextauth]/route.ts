import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { requestAddress } from "@/lib/auth/address";
import { getAuthOptions } from "@/lib/auth/options";
import { loginLimiter } from "@/lib/auth/rate-limit";
import { signInOff } from "@/lib/auth/session";

type Ctx = { params: Promise<{ nextauth: string[] }> };

let handler: ((req: NextRequest, ctx: Ctx) => Promise<Response>) | undefined;

/** next-auth's endpoints (/api/auth/…), built on first use from the validated environment. */
function nextAuth(req: NextRequest, ctx: Ctx): Promise<Response> {
  handler ??= NextAuth(getAuthOptions());
  return handler!(req, ctx);
}

const off = () =>
  NextResponse.json(
    { error: { message: "sign-in is off (AUTH_DISABLED=true)" } },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  );

export async function GET(req: NextRequest, ctx: Ctx) {
  if (signInOff()) return off();
  return nextAuth(req, ctx);
}

/**
 * A password sign-in is counted before next-auth checks it (lib/auth/rate-limit.ts): past
 * the limit it is refused with 429 and how long to wait, the password unchecked.
 */
export async function POST(req: NextRequest, ctx: Ctx) {
  if (signInOff()) return off();
  const [action, provider] = (await ctx.params).nextauth;
  if (action === "callback" && provider === "credentials") {
    const form = new URLSearchParams(await req.clone().text());
    const ip = requestAddress((h) => req.headers.get(h));
    const attempt = await loginLimiter().attempt(ip, form.get("username") ?? "");
    if (!attempt.ok) {
      const wait = attempt.retryAfterSeconds;
      const message = `Too many failed sign-ins: try again in ${wait} s.`;
      const url = new URL("/login", req.nextUrl.origin);
      url.search = new URLSearchParams({
        error: "RateLimited",
        retryAfter: String(wait),
      }).toString();
      return NextResponse.json(
        { url: url.toString(), error: { message } },
        { status: 429, headers: { "Retry-After": String(wait), "Cache-Control": "no-store" } },
      );
    }
  }
  return nextAuth(req, ctx);
}

export const dynamic = "force-dynamic";
