import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

describe("safeCallbackUrl", () => {
  it("keeps a path of this site, with its query and fragment", () => {
    expect(safeCallbackUrl("/overview/24h")).toBe("/overview/24h");
    expect(safeCallbackUrl("/workloads/shop%2Fcheckout/7d?x=1#cost")).toBe(
      "/workloads/shop%2Fcheckout/7d?x=1#cost",
    );
    expect(safeCallbackUrl("/cost/../oncall")).toBe("/oncall");
  });

  it("turns anything that could leave the site into /", () => {
    for (const raw of [
      "https://evil.example/",
      "http://127.0.0.1:3000/overview/1h", // absolute, even our own
      "//evil.example",
      "//evil.example/overview",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/%0a/evil.example/".replace("%0a", "\n"),
      "javascript:alert(1)",
      "data:text/html,hi",
      "evil.example",
      "overview/1h",
      " /overview/1h",
      "",
      null,
      undefined,
    ]) {
      expect(safeCallbackUrl(raw), JSON.stringify(raw)).toBe("/");
    }
  });

  it("never sends back to the sign-in itself", () => {
    expect(safeCallbackUrl("/login?callbackUrl=/x")).toBe("/");
    expect(safeCallbackUrl("/api/auth/signout")).toBe("/");
  });

  it("keeps encoded slashes encoded: /%2F%2Fevil is a path here", () => {
    // A browser does not decode %2F in a path, so this stays on the site.
    expect(safeCallbackUrl("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });
});
