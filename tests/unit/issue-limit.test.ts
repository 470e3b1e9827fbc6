import { describe, expect, it } from "vitest";
import { IssueLimiter, ISSUE_LIMITS } from "@/lib/auth/issue-limit";

describe("IssueLimiter: embed tokens and report links per user", () => {
  it("allows the limit, refuses the next with how long to wait, counts users apart", async () => {
    const l = new IssueLimiter();
    for (let i = 0; i < ISSUE_LIMITS.perUser; i++) {
      expect(await l.take("Ed")).toEqual({ ok: true });
    }
    const refused = await l.take("ed");
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(ISSUE_LIMITS.windowSeconds);
    }
    expect(await l.take("ada")).toEqual({ ok: true });
  });

  it("counts again once the window has passed", async () => {
    const l = new IssueLimiter({ perUser: 2, windowSeconds: 1 });
    await l.take("ed");
    await l.take("ed");
    expect((await l.take("ed")).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await l.take("ed")).ok).toBe(true);
  });
});
