import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiPath } from "@/lib/workload/query-keys";
import { workloadFromSegment, workloadHref, workloadSegment } from "@/lib/workload/url";

/** What Next.js 16 hands a page for a segment (measured): decoded, then encodeURIComponent. */
const asPageParam = (segment: string) => encodeURIComponent(decodeURIComponent(segment));
/** What it hands generateMetadata and route handlers (measured): decoded once. */
const asDecodedParam = (segment: string) => decodeURIComponent(segment);

/** Any text Prometheus takes as a label value: well-formed Unicode, not empty. */
const anyName = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
  fc
    .array(fc.constantFrom("~", "%", ".", "/", "+", " ", ":", "?", "#", "7E", "25", "2E", "~2"), {
      minLength: 1,
      maxLength: 8,
    })
    .map((parts) => parts.join("")),
);

describe("workload names in URLs", () => {
  it("round-trips every name, whichever form Next.js passes the segment in", () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const segment = workloadSegment(name);
        expect(workloadFromSegment(segment)).toBe(name);
        expect(workloadFromSegment(asPageParam(segment))).toBe(name);
        expect(workloadFromSegment(asDecodedParam(segment))).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes one path segment that no browser or router resolves away", () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const segment = workloadSegment(name);
        expect(segment).toMatch(/^[A-Za-z0-9\-_.!~*'()%]+$/); // nothing reserved but escapes
        expect(decodeURIComponent(segment)).not.toMatch(/^\.{1,2}$/);
        expect(decodeURIComponent(segment)).not.toContain("%");
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the URLs of the old lower-case names exactly", () => {
    const oldName = fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/);
    fc.assert(
      fc.property(oldName, (name) => {
        expect(workloadSegment(name)).toBe(name);
        expect(workloadFromSegment(name)).toBe(name);
      }),
    );
    expect(workloadHref("checkout", "24h")).toBe("/workloads/checkout/24h");
    expect(workloadHref("api-gateway")).toBe("/workloads/api-gateway");
    expect(apiPath("series", "checkout", { fromMs: 1000, toMs: 2000, stepSeconds: 15 })).toBe(
      "/api/v1/workloads/checkout/series?from=1&to=2",
    );
  });

  it("encodes the awkward names readably and refuses segments it never writes", () => {
    expect(workloadSegment("ns/name")).toBe("ns%2Fname");
    expect(workloadSegment("a+b")).toBe("a%2Bb");
    expect(workloadSegment("svc:v2")).toBe("svc%3Av2");
    expect(workloadSegment("my service")).toBe("my%20service");
    expect(workloadSegment("zähler-π")).toBe("z%C3%A4hler-%CF%80");
    expect(workloadSegment("100%")).toBe("100~25");
    expect(workloadSegment("a~b")).toBe("a~7Eb");
    expect(workloadSegment("..")).toBe("~2E~2E");
    expect(workloadSegment("a%41")).toBe("a~2541"); // decoding twice cannot make it "aA"
    for (const bad of ["", "a%", "a%E2%82", "a~b", "a~", "a%2541", "~7e"]) {
      expect(workloadFromSegment(bad), bad).toBeNull();
    }
  });
});
