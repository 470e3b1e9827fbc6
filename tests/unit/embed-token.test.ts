import fc from "fast-check";
import { SignJWT, base64url } from "jose";
import { describe, expect, it } from "vitest";
import { EMBED_AUDIENCE, EMBED_ISSUER, parseSubject, type EmbedSubject } from "@/lib/embed/claims";
import {
  embedKeysFromEnv,
  frameAncestors,
  signEmbedToken,
  verifyEmbedToken,
  type EmbedKeys,
} from "@/lib/embed/token";

const b64 = (fill: number, n = 32) => Buffer.alloc(n, fill).toString("base64url");
const KEYS = embedKeysFromEnv({ EMBED_KEY: b64(1), EMBED_KEY_ID: "k2" })!;
const OTHER = embedKeysFromEnv({ EMBED_KEY: b64(2), EMBED_KEY_ID: "k2" })!;
const NOW = Date.UTC(2026, 10, 30, 12);
const STATUS: EmbedSubject = {
  panel: "status",
  workload: "checkout",
  range: "30d",
  origins: ["https://wiki.example", "http://127.0.0.1:4001"],
  theme: "dark",
};

const sign = (subject: EmbedSubject = STATUS, keys: EmbedKeys = KEYS, ttlSeconds = 3600) =>
  signEmbedToken(subject, keys, { ttlSeconds, now: NOW }).then((r) => r.token);

/** A token built by hand: any header, any claims, signed with `secret` (HS256 unless `alg`). */
async function forge(
  claims: Record<string, unknown>,
  opts: { secret?: Uint8Array; alg?: string; kid?: string | null } = {},
) {
  const header: Record<string, unknown> = { alg: opts.alg ?? "HS256", typ: "JWT" };
  if (opts.kid !== null) header.kid = opts.kid ?? "k2";
  return new SignJWT(claims)
    .setProtectedHeader(header as { alg: string })
    .sign(opts.secret ?? KEYS.current.secret);
}
const iat = NOW / 1000;
const FULL = {
  ...STATUS,
  iss: EMBED_ISSUER,
  aud: EMBED_AUDIENCE,
  iat,
  exp: iat + 3600,
  jti: "AAAAAAAAAAAAAAAAAAAAAA",
};

describe("embed tokens", () => {
  it("verifies what it signed, with the claims fixed by the token", async () => {
    const token = await sign();
    const r = await verifyEmbedToken(token, KEYS, NOW + 1000);
    expect(r).toMatchObject({ ok: true, claims: { ...STATUS, iat, exp: iat + 3600 } });
    expect(r.ok && r.claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(r.ok && frameAncestors(r.claims)).toBe(
      "frame-ancestors https://wiki.example http://127.0.0.1:4001",
    );
    expect(frameAncestors({ origins: [] })).toBe("frame-ancestors 'none'");
    expect(await verifyEmbedToken(await forge(FULL), KEYS, NOW)).toMatchObject({ ok: true });
  });

  it("refuses a tampered payload or signature", async () => {
    const [h, p, s] = (await sign()).split(".") as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
    const wider = base64url.encode(
      JSON.stringify({ ...claims, range: "7d", workload: "payments" }),
    );
    expect(await verifyEmbedToken(`${h}.${wider}.${s}`, KEYS, NOW)).toEqual({
      ok: false,
      reason: "signature",
    });
    const flipped = s.slice(0, -2) + (s.at(-2) === "A" ? "B" : "A") + s.at(-1);
    expect((await verifyEmbedToken(`${h}.${p}.${flipped}`, KEYS, NOW)).ok).toBe(false);
    expect((await verifyEmbedToken(`${h}.${p}`, KEYS, NOW)).ok).toBe(false);
    expect((await verifyEmbedToken("", KEYS, NOW)).ok).toBe(false);
    expect((await verifyEmbedToken("x".repeat(5000), KEYS, NOW)).ok).toBe(false);
  });

  it("refuses an expired token, and one issued in the future or for too long", async () => {
    const token = await sign(STATUS, KEYS, 60);
    expect((await verifyEmbedToken(token, KEYS, NOW + 59_000)).ok).toBe(true);
    expect(await verifyEmbedToken(token, KEYS, NOW + 61_000)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect((await verifyEmbedToken(token, KEYS, NOW - 120_000)).ok).toBe(false);
    const long = await forge({ ...FULL, exp: iat + 400 * 86_400 });
    expect(await verifyEmbedToken(long, KEYS, NOW)).toEqual({
      ok: false,
      reason: "lifetime too long",
    });
    await expect(signEmbedToken(STATUS, KEYS, { ttlSeconds: 400 * 86_400 })).rejects.toThrow();
  });

  it("refuses alg none and any algorithm but HS256, even with the right key", async () => {
    const enc = (o: object) => base64url.encode(JSON.stringify(o));
    const none = `${enc({ alg: "none", kid: "k2", typ: "JWT" })}.${enc(FULL)}.`;
    expect(await verifyEmbedToken(none, KEYS, NOW)).toEqual({ ok: false, reason: "algorithm" });
    const hs512 = await forge(FULL, { alg: "HS512", secret: Buffer.alloc(64, 1) });
    expect((await verifyEmbedToken(hs512, KEYS, NOW)).ok).toBe(false);
    const hs384 = await forge(FULL, { alg: "HS384" });
    expect((await verifyEmbedToken(hs384, KEYS, NOW)).ok).toBe(false);
  });

  it("refuses another key, an unknown kid and a missing kid", async () => {
    expect(await verifyEmbedToken(await sign(STATUS, OTHER), KEYS, NOW)).toEqual({
      ok: false,
      reason: "signature",
    });
    expect(await verifyEmbedToken(await forge(FULL, { kid: "k9" }), KEYS, NOW)).toEqual({
      ok: false,
      reason: "unknown key",
    });
    expect((await verifyEmbedToken(await forge(FULL, { kid: null }), KEYS, NOW)).ok).toBe(false);
  });

  it("refuses a wrong audience or issuer, and each missing registered claim", async () => {
    const check = async (claims: Record<string, unknown>) =>
      (await verifyEmbedToken(await forge(claims), KEYS, NOW)).ok;
    expect(await check({ ...FULL, aud: "sightline:report" })).toBe(false);
    // Exactly this audience: a token for several audiences is not an embed token.
    expect(await check({ ...FULL, aud: [EMBED_AUDIENCE, "x"] })).toBe(false);
    expect(await check({ ...FULL, iss: "someone-else" })).toBe(false);
    for (const claim of ["iss", "aud", "iat", "exp", "jti"]) {
      const rest: Record<string, unknown> = { ...FULL };
      delete rest[claim];
      expect(await check(rest), claim).toBe(false);
    }
    expect(await check({ ...FULL, jti: "short" })).toBe(false);
  });

  it("refuses a token whose panel lacks what it needs or carries what it must not", async () => {
    const check = async (claims: Record<string, unknown>) =>
      verifyEmbedToken(await forge(claims), KEYS, NOW);
    expect(await check({ ...FULL, panel: "admin" })).toMatchObject({ ok: false });
    expect(await check({ ...FULL, workload: undefined })).toEqual({
      ok: false,
      reason: "claims: workload: required by the status panel",
    });
    expect(await check({ ...FULL, panel: "burndown" })).toMatchObject({ ok: false });
    expect(await check({ ...FULL, team: "payments" })).toEqual({
      ok: false,
      reason: "claims: team: not part of the status panel",
    });
    expect(await check({ ...FULL, range: "1y" })).toMatchObject({ ok: false });
    expect(await check({ ...FULL, origins: ["https://wiki.example/path"] })).toMatchObject({
      ok: false,
    });
    expect(await check({ ...FULL, origins: ["*"] })).toMatchObject({ ok: false });
    expect(await check({ ...FULL, theme: "neon" })).toMatchObject({ ok: false });
    expect(await check({ ...FULL, panel: "indicator", indicator: "latency" })).toMatchObject({
      ok: true,
      claims: { indicator: "latency" },
    });
    expect(await check({ ...FULL, panel: "indicator", indicator: "secrets" })).toMatchObject({
      ok: false,
    });
    const team = { ...FULL, panel: "team", team: "payments", workload: undefined };
    expect(await check(team)).toMatchObject({ ok: true, claims: { team: "payments" } });
  });

  it("verifies with the previous key after a rotation, and not once it is dropped", async () => {
    const old = embedKeysFromEnv({ EMBED_KEY: b64(3), EMBED_KEY_ID: "k1" })!;
    const rotated = embedKeysFromEnv({
      EMBED_KEY: b64(4),
      EMBED_KEY_ID: "k2",
      EMBED_KEY_PREVIOUS: b64(3),
      EMBED_KEY_PREVIOUS_ID: "k1",
    })!;
    const before = await sign(STATUS, old);
    expect((await verifyEmbedToken(before, rotated, NOW)).ok).toBe(true);
    const after = await sign(STATUS, rotated);
    expect(after.split(".")[0]).toBe(base64url.encode('{"alg":"HS256","kid":"k2","typ":"JWT"}'));
    const dropped = embedKeysFromEnv({ EMBED_KEY: b64(4), EMBED_KEY_ID: "k2" })!;
    expect((await verifyEmbedToken(before, dropped, NOW)).ok).toBe(false);
    expect((await verifyEmbedToken(after, dropped, NOW)).ok).toBe(true);
  });

  it("never accepts random strings or random edits of a token", async () => {
    const token = await sign();
    await fc.assert(
      fc.asyncProperty(fc.string(), async (s) => {
        expect((await verifyEmbedToken(s, KEYS, NOW)).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(..."ABCxyz019-_."),
        async (i, c) => {
          fc.pre(token[i] !== c);
          const edited = token.slice(0, i) + c + token.slice(i + 1);
          // The last character of a base64url segment may carry unused bits.
          fc.pre(
            !token.split(".").some((part, n, all) => {
              const end = all.slice(0, n + 1).join(".").length - 1;
              return i === end && part.length % 4 !== 0;
            }),
          );
          expect((await verifyEmbedToken(edited, KEYS, NOW)).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("embedKeysFromEnv", () => {
  it("is off without EMBED_KEY and derives a key id when none is given", () => {
    expect(embedKeysFromEnv({})).toBeNull();
    const keys = embedKeysFromEnv({ EMBED_KEY: b64(5) })!;
    expect(keys.current.id).toMatch(/^k-[A-Za-z0-9_-]{12}$/);
    expect(keys.current.secret).toHaveLength(32);
    expect(keys.previous).toBeUndefined();
  });

  it("refuses bad values with one line naming the variable, never the key", () => {
    const bad = (env: Record<string, string>) => {
      try {
        embedKeysFromEnv(env);
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(bad({ EMBED_KEY: b64(1, 31) })).toBe(
      "environment: EMBED_KEY: expected at least 32 bytes of key (got 31)",
    );
    expect(bad({ EMBED_KEY: "a+b/c=" + "x".repeat(50) })).toMatch(
      /^environment: EMBED_KEY: expected base64url/,
    );
    expect(bad({ EMBED_KEY: b64(1), EMBED_KEY_ID: "has space" })).toMatch(
      /^environment: EMBED_KEY_ID: /,
    );
    expect(bad({ EMBED_KEY_ID: "k1" })).toBe("environment: EMBED_KEY_ID: set without EMBED_KEY");
    expect(bad({ EMBED_KEY_PREVIOUS: b64(1) })).toBe(
      "environment: EMBED_KEY_PREVIOUS: set without EMBED_KEY",
    );
    expect(
      bad({
        EMBED_KEY: b64(1),
        EMBED_KEY_PREVIOUS: b64(1, 40),
        EMBED_KEY_ID: "a",
        EMBED_KEY_PREVIOUS_ID: "a",
      }),
    ).toMatch(/^environment: EMBED_KEY_PREVIOUS_ID: /);
    expect(bad({ EMBED_KEY: b64(1), EMBED_KEY_PREVIOUS: b64(1) })).toMatch(
      /^environment: EMBED_KEY_PREVIOUS: expected another key/,
    );
    for (const msg of [bad({ EMBED_KEY: b64(9, 20) })]) expect(msg).not.toContain(b64(9, 20));
  });
});

describe("parseSubject", () => {
  it("keeps only exact origins, once each", () => {
    expect(
      parseSubject({ ...STATUS, origins: ["https://a.example", "https://a.example"] }),
    ).toMatchObject({ origins: ["https://a.example"] });
    expect(parseSubject({ ...STATUS, origins: ["https://a.example/"] })).toMatch(/^origins/);
    expect(parseSubject({ ...STATUS, origins: ["javascript:alert(1)"] })).toMatch(/^origins/);
  });
});
