/**
 * Sign-in throttling (docs/auth.md, "Rate limiting"): per client address and per address
 * and user name, the 11th failed sign-in within a minute is refused until the minute is
 * over. Every attempt is counted when it starts (so parallel guesses cannot slip past the
 * count) and refunded when it succeeds. Per process: N replicas allow N times as much.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface LimiterSettings {
  /** Failed sign-ins allowed per window from one address; the next one is refused. */
  perAddress: number;
  /** The same, for one name from one address. */
  perAddressAndName: number;
  windowSeconds: number;
}

export const LOGIN_LIMITS: LimiterSettings = {
  perAddress: 10,
  perAddressAndName: 10,
  windowSeconds: 60,
};

export type Attempt = { ok: true } | { ok: false; retryAfterSeconds: number };

export class LoginLimiter {
  private readonly byIp: RateLimiterMemory;
  private readonly byIpAndUser: RateLimiterMemory;

  constructor(settings: LimiterSettings = LOGIN_LIMITS) {
    const duration = settings.windowSeconds;
    this.byIp = new RateLimiterMemory({ points: settings.perAddress, duration });
    this.byIpAndUser = new RateLimiterMemory({ points: settings.perAddressAndName, duration });
  }

  /** Counts an attempt; refused when the address, or the address and name, is over its count. */
  async attempt(ip: string, username: string): Promise<Attempt> {
    try {
      await this.byIp.consume(ip);
      await this.byIpAndUser.consume(userKey(ip, username));
      return { ok: true };
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
      }
      throw e;
    }
  }

  /**
   * A sign-in that succeeded is no failure: its attempt is given back (unless its window
   * is over already: giving back to a new window would allow an 11th failure in it).
   */
  async succeeded(ip: string, username: string): Promise<void> {
    for (const [limiter, key] of [
      [this.byIp, ip],
      [this.byIpAndUser, userKey(ip, username)],
    ] as const) {
      const count = await limiter.get(key);
      if (count && count.consumedPoints > 0) await limiter.reward(key);
    }
  }
}

const userKey = (ip: string, username: string) => `${ip}|${username.trim().toLowerCase()}`;

// On globalThis: the route handler and next-auth's authorize() may be separate module instances.
const KEY = Symbol.for("sightline.login-limiter");
const g = globalThis as unknown as Record<typeof KEY, LoginLimiter | undefined>;

/** The process's limiter. */
export function loginLimiter(): LoginLimiter {
  g[KEY] ??= new LoginLimiter();
  return g[KEY];
}
