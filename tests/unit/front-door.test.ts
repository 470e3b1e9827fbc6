import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OPEN_SCOPE, readScopeCap, writeScopeCap } from "@/lib/auth/scope-cap";
import { contentSecurityPolicy, scriptHash } from "@/lib/front-door/csp";
import { createReplacer } from "@/lib/front-door/replace";
import { isPlainPath } from "@/lib/front-door/index";
import { encode } from "next-auth/jwt";
import { createSessionReader, sessionCookie } from "@/lib/front-door/session";

describe("createReplacer: the nonce written into a page whatever the chunks", () => {
  const from = Buffer.from("PLACEHOLDERplaceholder");
  const to = Buffer.from("nonce-of-this-response");

  it("replaces every occurrence, however the stream is cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constant(from.toString())), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        (parts, cuts) => {
          const whole = Buffer.from(parts.join(""));
          const r = createReplacer(from, to);
          const out: Buffer[] = [];
          let at = 0;
          for (let i = 0; at < whole.length; i++) {
            const n = cuts[i % cuts.length]!;
            const chunk = whole.subarray(at, at + n);
            at += n;
            // The last chunk as res.end(chunk) gives it, or every chunk written and then end().
            out.push(at >= whole.length && i % 2 ? r.last(chunk) : r.push(chunk));
          }
          out.push(r.end());
          const got = Buffer.concat(out);
          expect(got.length).toBe(whole.length);
          expect(got.toString()).toBe(parts.join("").split(from.toString()).join(to.toString()));
          // The chunks given are never changed (a cached page keeps its placeholder).
          expect(whole.toString()).toBe(parts.join(""));
        },
      ),
    );
  });

  it("refuses a replacement of another length (a Content-Length would lie)", () => {
    expect(() => createReplacer(from, Buffer.from("short"))).toThrow(/one non-zero length/);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts by nonce and by the hash of our inline script only, frames by nobody", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", frameAncestors: [], inlineScripts: ["x()"] });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' 'sha256-");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    // The hash a browser computes for <script>x()</script> (from openssl dgst -sha256).
    expect(scriptHash("x()")).toBe("'sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI='");
  });

  it("lets the origins of an embed's token frame it", () => {
    const csp = contentSecurityPolicy({
      nonce: "n",
      frameAncestors: ["http://127.0.0.1:4001", "https://wiki.example"],
      inlineScripts: [],
    });
    expect(csp).toContain("frame-ancestors http://127.0.0.1:4001 https://wiki.example");
  });
});

describe("scope capabilities", () => {
  const secret = "s".repeat(40);
  const now = Date.UTC(2026, 10, 30, 12);

  it("reads back what was written, teams in one order whatever order they came in", () => {
    const a = writeScopeCap(secret, { role: "viewer", teams: ["payments", "growth"] }, now);
    const b = writeScopeCap(secret, { role: "viewer", teams: ["growth", "payments"] }, now);
    expect(a).toBe(b);
    expect(readScopeCap(secret, a, now)).toEqual({ role: "viewer", teams: ["growth", "payments"] });
    expect(
      readScopeCap(secret, writeScopeCap(secret, { role: "admin", teams: "all" }, now), now),
    ).toEqual({ role: "admin", teams: "all" });
  });

  it("refuses one signed with another secret, edited, stale, from the future or malformed", () => {
    const cap = writeScopeCap(secret, { role: "viewer", teams: ["growth"] }, now);
    expect(readScopeCap("t".repeat(40), cap, now)).toBeNull();
    const [body, sig] = cap.split(".");
    const widened = Buffer.from(JSON.stringify({ r: "viewer", t: "all", d: 20422 })).toString(
      "base64url",
    );
    expect(readScopeCap(secret, `${widened}.${sig}`, now)).toBeNull();
    expect(readScopeCap(secret, `${body}.${"A".repeat(32)}`, now)).toBeNull();
    expect(readScopeCap(secret, cap, now + 86_400_000)).not.toBeNull();
    expect(readScopeCap(secret, cap, now + 2 * 86_400_000)).toBeNull();
    expect(readScopeCap(secret, cap, now - 86_400_000)).toBeNull();
    for (const bad of ["", OPEN_SCOPE, "a.b", `${body}`, `${cap}x`, `${body}.${sig}.x`]) {
      expect(readScopeCap(secret, bad, now)).toBeNull();
    }
  });
});

describe("sessionCookie", () => {
  it("finds next-auth's cookie, joins its chunks in order, ignores look-alikes", () => {
    expect(sessionCookie("a=1; next-auth.session-token=abc; b=2")).toBe("abc");
    expect(sessionCookie("__Secure-next-auth.session-token=xyz", true)).toBe("xyz");
    expect(sessionCookie("next-auth.session-token.1=def; next-auth.session-token.0=abc")).toBe(
      "abcdef",
    );
    expect(sessionCookie("x-next-auth.session-token=abc; next-auth.session-tokens=1")).toBeNull();
    // Only the name next-auth reads: the __Secure- one over https, the plain one otherwise.
    expect(sessionCookie("__Secure-next-auth.session-token=xyz")).toBeNull();
    expect(sessionCookie("next-auth.session-token=abc", true)).toBeNull();
    expect(
      sessionCookie("next-auth.session-token=planted; __Secure-next-auth.session-token=xyz", true),
    ).toBe("xyz");
    expect(sessionCookie(undefined)).toBeNull();
    expect(sessionCookie("next-auth.session-token=")).toBeNull();
  });
});

describe("isPlainPath: only what the front door's checks see is what Next.js routes", () => {
  it("takes the paths browsers send", () => {
    for (const p of ["/", "/overview/1h", "/workloads/shop%2Fcheckout/24h", "/workloads/a+b/7d"]) {
      expect(isPlainPath(p), p).toBe(true);
    }
  });
  it("refuses dot segments, encoded dots, backslashes and absolute forms", () => {
    for (const p of [
      "/overview/../s/x/overview/1h",
      "/_next/static/../../s/x",
      "/%2e%2e/s/x",
      "/overview/%2E%2E/s",
      "/overview\\..\\s",
      "//evil.example/x",
      "http://host/s/x/overview/1h",
      "/./s/x",
      "*",
    ]) {
      expect(isPlainPath(p), p).toBe(false);
    }
  });
  it("takes a path only when URL parsing would leave it as it is (any path, fast check or not)", () => {
    const char = fc.constantFrom(..."/.%\\:?#@+ aZ09-_~é2eE");
    fc.assert(
      fc.property(fc.array(char, { maxLength: 16 }), (chars) => {
        const p = `/${chars.join("")}`;
        if (!isPlainPath(p)) return;
        expect(new URL(p, "http://n").pathname).toBe(p);
        expect(p).not.toMatch(/(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i);
        expect(p).not.toMatch(/^\/\/|\\/);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("createSessionReader: a session seen a moment ago is known without waiting", () => {
  it("answers the scope of a header it decrypted, and nothing for another", async () => {
    const secret = "a-secret-of-the-test-that-is-long-enough";
    const token = await encode({ token: { user: "ana" }, secret });
    const users = () => [{ name: "ana", passwordHash: "x", role: "viewer" as const, teams: ["t"] }];
    const reader = createSessionReader(secret, users);
    const header = `theme=dark; next-auth.session-token=${token}`;
    expect(reader.known(header)).toBeUndefined();
    const scope = await reader.scopeOf(header);
    expect(scope).toEqual({ role: "viewer", teams: ["t"] });
    expect(reader.known(header)).toBe(scope);
    // The same session in another header is decrypted (or found by its token) first.
    expect(reader.known(`next-auth.session-token=${token}`)).toBeUndefined();
    expect(await reader.scopeOf(`next-auth.session-token=${token}x`)).toBeNull();
    expect(reader.known(`next-auth.session-token=${token}x`)).toBeNull();
  });
});
