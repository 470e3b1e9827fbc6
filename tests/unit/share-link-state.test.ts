/**
 * When a report link is gone, and what its id may be (lib/share/types.ts,
 * docs/report-links.md). What a snapshot holds is the creator's scope (lib/auth/scope.ts,
 * tests/unit/scope.test.ts).
 */
import { describe, expect, it } from "vitest";
import { isReportId, reportState } from "@/lib/share/types";

describe("a link's state and id", () => {
  it("is live until its expiry, expired from then on, and revoked whatever the time", () => {
    expect(reportState({ expiresMs: 100, revokedMs: null }, 99)).toBe("live");
    expect(reportState({ expiresMs: 100, revokedMs: null }, 100)).toBe("expired");
    expect(reportState({ expiresMs: 100, revokedMs: 50 }, 10)).toBe("revoked");
  });

  it("accepts 22 base64url characters only", () => {
    expect(isReportId("AAAAAAAAAAAAAAAAAAAA_-")).toBe(true);
    for (const bad of [
      "",
      "A".repeat(21),
      "A".repeat(23),
      "AAAAAAAAAAAAAAAAAAAA+/",
      "../AAAAAAAAAAAAAAAAAAA",
    ]) {
      expect(isReportId(bad), bad).toBe(false);
    }
  });
});
