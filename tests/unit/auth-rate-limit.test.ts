import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { clientIp, PEER_HEADER } from "@/lib/auth/client-ip";
import { LOGIN_LIMITS, LoginLimiter } from "@/lib/auth/rate-limit";

describe("the sign-in limiter", () => {
  it("refuses the 11th failed sign-in within a minute, per address and name", async () => {
    expect(LOGIN_LIMITS).toEqual({ perAddress: 10, perAddressAndName: 10, windowSeconds: 60 });
    const limiter = new LoginLimiter();
    for (let i = 1; i <= 10; i++) {
      expect(await limiter.attempt("10.0.0.1", "ana"), `attempt ${i}`).toEqual({ ok: true });
    }
    const refused = await limiter.attempt("10.0.0.1", "ana");
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.retryAfterSeconds).toBeGreaterThan(50);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    // Another address is not held back by this one's failures.
    expect(await limiter.attempt("10.0.0.2", "ana")).toEqual({ ok: true });
  });

  it("counts every name of one address together: guessing across names is throttled too", async () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 10; i++) {
      expect(await limiter.attempt("10.0.0.1", `user${i}`)).toEqual({ ok: true });
    }
    expect((await limiter.attempt("10.0.0.1", "someone-else")).ok).toBe(false);
  });

  it("counts one name from one address on its own", async () => {
    const limiter = new LoginLimiter({ perAddress: 100, perAddressAndName: 3, windowSeconds: 60 });
    for (let i = 0; i < 3; i++) expect((await limiter.attempt("10.0.0.1", "Ana ")).ok).toBe(true);
    // Names are compared trimmed and in lower case.
    expect((await limiter.attempt("10.0.0.1", "ana")).ok).toBe(false);
    expect((await limiter.attempt("10.0.0.1", "ben")).ok).toBe(true);
    expect((await limiter.attempt("10.0.0.2", "ana")).ok).toBe(true);
  });

  it("gives back the attempt of a sign-in that succeeded", async () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 50; i++) {
      expect((await limiter.attempt("10.0.0.1", "ana")).ok).toBe(true);
      await limiter.succeeded("10.0.0.1", "ana");
    }
    for (let i = 0; i < 10; i++) expect((await limiter.attempt("10.0.0.1", "ana")).ok).toBe(true);
    expect((await limiter.attempt("10.0.0.1", "ana")).ok).toBe(false);
  });

  it("gives nothing back to a window that began after the attempt", async () => {
    const limiter = new LoginLimiter({ perAddress: 2, perAddressAndName: 2, windowSeconds: 1 });
    await limiter.attempt("10.0.0.1", "ana");
    await new Promise((r) => setTimeout(r, 1100));
    await limiter.succeeded("10.0.0.1", "ana"); // its window is over: nothing to give back
    for (let i = 0; i < 2; i++) expect((await limiter.attempt("10.0.0.1", "ana")).ok).toBe(true);
    expect((await limiter.attempt("10.0.0.1", "ana")).ok).toBe(false);
  });

  it("lets sign-ins through again once the window is over", async () => {
    const limiter = new LoginLimiter({ perAddress: 2, perAddressAndName: 2, windowSeconds: 1 });
    await limiter.attempt("10.0.0.1", "ana");
    await limiter.attempt("10.0.0.1", "ana");
    const refused = await limiter.attempt("10.0.0.1", "ana");
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await limiter.attempt("10.0.0.1", "ana")).ok).toBe(true);
  });
});

describe("clientIp", () => {
  it("with no proxy in front, takes the socket's address and ignores what the client sends", () => {
    expect(clientIp("10.1.2.3", null, 0)).toBe("10.1.2.3");
    expect(clientIp("::ffff:127.0.0.1", "6.6.6.6", 0)).toBe("127.0.0.1");
  });

  it("behind N proxies, takes the entry the farthest of them appended", () => {
    expect(clientIp("10.0.0.1", "6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientIp("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
    // A shorter chain than configured: the first entry.
    expect(clientIp("10.0.0.1", "203.0.113.9", 3)).toBe("203.0.113.9");
    expect(clientIp("10.0.0.1", null, 1)).toBe("10.0.0.1");
  });

  it("without the socket's address (bare next start), falls back to the last entry", () => {
    expect(clientIp(null, "127.0.0.1", 0)).toBe("127.0.0.1");
    expect(clientIp(undefined, "1.2.3.4, 10.0.0.7", 0)).toBe("10.0.0.7");
    expect(clientIp(null, "", 0)).toBe("unknown");
  });

  it("is the header the front door writes (lib/front-door, run by scripts/start.mjs)", () => {
    expect(PEER_HEADER).toBe("x-sightline-peer");
    expect(readFileSync("lib/front-door/index.ts", "utf8")).toMatch(
      /h\[PEER_HEADER\] = req\.socket\?\.remoteAddress/,
    );
    expect(readFileSync("lib/front-door/index.ts", "utf8")).toContain(
      'import { PEER_HEADER } from "../auth/client-ip";',
    );
  });
});
