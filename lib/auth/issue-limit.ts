/**
 * How many embed tokens and report links one user may create (docs/security.md, "Rate
 * limits"): 30 in 10 minutes, counted per user in this process (rate-limiter-flexible's
 * memory store; N replicas allow N times as many). A signed token or a snapshot is cheap
 * to ask for and costly to have lying around: a script with an editor's cookie should not
 * mint thousands.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export const ISSUE_LIMITS = { perUser: 30, windowSeconds: 600 } as const;

export type Issue = { ok: true } | { ok: false; retryAfterSeconds: number };

export class IssueLimiter {
  private readonly byUser: RateLimiterMemory;
  constructor(settings: { perUser: number; windowSeconds: number } = ISSUE_LIMITS) {
    this.byUser = new RateLimiterMemory({
      points: settings.perUser,
      duration: settings.windowSeconds,
      keyPrefix: "issue",
    });
  }

  /** Counts one token or link for `user`; refused past the limit. */
  async take(user: string): Promise<Issue> {
    try {
      await this.byUser.consume(user.toLowerCase());
      return { ok: true };
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
      }
      throw e;
    }
  }
}

// On globalThis: route handlers and server actions may be separate module instances.
const KEY = Symbol.for("sightline.issue-limiter");
const g = globalThis as unknown as Record<typeof KEY, IssueLimiter | undefined>;

/** The process's limiter of embed tokens and report links. */
export function issueLimiter(): IssueLimiter {
  g[KEY] ??= new IssueLimiter();
  return g[KEY];
}

export const tooManyIssued = (retryAfterSeconds: number) =>
  `Too many embeds and report links created: try again in ${retryAfterSeconds} s.`;
