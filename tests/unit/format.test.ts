import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatUsd } from "@/components/format";

describe("formatUsd", () => {
  it("writes dollars with two decimals and thousands separators, a dash for none", () => {
    expect(formatUsd(null)).toBe("—");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(1234567.891)).toBe("$1,234,567.89");
    expect(formatUsd(0.005)).toBe("$0.01");
  });
  it("says what toLocaleString says for any amount", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e12, max: 1e12 }), (n) => {
        const locale = n.toLocaleString("en-US", {
          minimumFractionDigits: 2,
          maximumFractionDigits: 2,
        });
        expect(formatUsd(n)).toBe(`$${locale}`);
      }),
    );
  });
});
