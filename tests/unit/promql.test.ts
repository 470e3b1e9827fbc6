import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  anyOf,
  duration,
  escapeLabelValue,
  escapeRegex,
  parseMatchers,
  PromQLError,
  selector,
} from "@/lib/promql";

describe("escaping", () => {
  it("escapes backslash, double quote and newline in label values", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it("escapes what a Go string literal cannot hold raw: controls and U+FFFD", () => {
    // The PromQL lexer ends a string at a raw newline and reads a raw U+FFFD as invalid UTF-8.
    expect(escapeLabelValue("a\tb\rc\u0000d\u007fe\ufffdf")).toBe(
      "a\\tb\\rc\\u0000d\\u007fe\\ufffdf",
    );
    expect(escapeLabelValue("zähler-π ns/a+b:c 🙂")).toBe("zähler-π ns/a+b:c 🙂");
  });

  it("escapes every value so that the matcher parser reads it back exactly", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (value) => {
        const m = { label: "job", op: "=" as const, value };
        expect(parseMatchers(`job="${escapeLabelValue(value)}"`)).toEqual([m]);
      }),
      { numRuns: 1000 },
    );
  });

  it("reads Go escapes in matcher values as Prometheus does", () => {
    expect(parseMatchers('a="\\t\\x41\\101\\u00e4\\U0001F642\\\\"')[0]!.value).toBe("\tAAä🙂\\");
    expect(() => parseMatchers('a="\\xff"')).toThrow(/above 0x7f/);
    expect(() => parseMatchers('a="\\ud800"')).toThrow(/no Unicode code point/);
  });

  it("escapes regex metacharacters for =~ alternations", () => {
    expect(escapeRegex("a.b|c(d)*")).toBe("a\\.b\\|c\\(d\\)\\*");
  });

  it("cannot be broken out of with a crafted value", () => {
    const q = selector("up", [{ label: "job", op: "=", value: '"} or vector(1) #' }]);
    expect(q).toBe('up{job="\\"} or vector(1) #"}');
  });

  it("refuses invalid metric and label names", () => {
    expect(() => selector("up} or vector(1)", [])).toThrow(PromQLError);
    expect(() => selector("up", [{ label: "a-b", op: "=", value: "x" }])).toThrow(PromQLError);
    expect(() => selector("up", [{ label: "__name__", op: "=", value: "x" }])).toThrow(PromQLError);
  });

  it("builds one matcher for many workloads", () => {
    expect(anyOf("workload", ["a.b", "c"])).toEqual({
      label: "workload",
      op: "=~",
      value: "a\\.b|c",
    });
    expect(anyOf("workload", ["solo"])).toEqual({ label: "workload", op: "=", value: "solo" });
  });

  it("accepts only whitelisted duration syntax", () => {
    expect(duration("30d")).toBe("30d");
    expect(() => duration("1h] or vector(1)")).toThrow(PromQLError);
  });
});

describe("parseMatchers", () => {
  it("parses a comma-separated list, with or without braces", () => {
    expect(parseMatchers('namespace="shop", cluster=~"eu-.*"')).toEqual([
      { label: "namespace", op: "=", value: "shop" },
      { label: "cluster", op: "=~", value: "eu-.*" },
    ]);
    expect(parseMatchers('{env!="dev"}')).toEqual([{ label: "env", op: "!=", value: "dev" }]);
  });

  it("unescapes quoted values, so selector() reproduces them", () => {
    const [m] = parseMatchers('path="a\\"b"');
    expect(m!.value).toBe('a"b');
    expect(selector("x", [m!])).toBe('x{path="a\\"b"}');
  });

  it("refuses malformed input with a message saying where", () => {
    expect(() => parseMatchers("namespace=shop")).toThrow(/near "namespace=shop"/);
    expect(() => parseMatchers('a="1" b="2"')).toThrow(PromQLError);
    expect(() => parseMatchers('a=~"(unclosed"')).toThrow(/invalid regular expression/);
    expect(() => parseMatchers('__name__="x"')).toThrow(/reserved/);
  });
});
