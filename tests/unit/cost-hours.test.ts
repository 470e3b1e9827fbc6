import { describe, expect, it } from "vitest";
import {
  chunkHours,
  earliestHour,
  finalHoursEnd,
  HOUR_MS,
  MAX_HISTORY_MS,
  planHours,
} from "@/lib/cost/hours";

const H = HOUR_MS;
const T = Date.UTC(2026, 10, 30, 12); // a whole hour

describe("final hours", () => {
  it("an hour is final once the delay after its end has passed", () => {
    expect(finalHoursEnd(T + 9 * 60_000, 10 * 60_000)).toBe(T - H);
    expect(finalHoursEnd(T + 10 * 60_000, 10 * 60_000)).toBe(T);
    expect(finalHoursEnd(T + 59 * 60_000, 0)).toBe(T);
  });
});

describe("planHours", () => {
  it("continues from the watermark, however many runs were missed", () => {
    expect(planHours({ endMs: T, watermarkMs: T - 5 * H, earliestMs: null })).toEqual({
      fromMs: T - 5 * H,
      toMs: T,
    });
    expect(planHours({ endMs: T, watermarkMs: T, earliestMs: null })).toBeNull();
  });

  it("starts from the earliest data on a first run or a rebuild, at its hour", () => {
    expect(planHours({ endMs: T, watermarkMs: null, earliestMs: T - 30 * H + 5 })).toEqual({
      fromMs: T - 30 * H,
      toMs: T,
    });
    expect(
      planHours({ endMs: T, watermarkMs: T - H, earliestMs: T - 48 * H, rebuild: true }),
    ).toEqual({ fromMs: T - 48 * H, toMs: T });
    expect(planHours({ endMs: T, watermarkMs: null, earliestMs: null })).toBeNull();
  });

  it("starts where asked, and never before the 13 months ClickHouse keeps", () => {
    expect(
      planHours({ endMs: T, watermarkMs: T - H, earliestMs: null, fromMs: T - 3 * H - 1 }),
    ).toEqual({
      fromMs: T - 4 * H,
      toMs: T,
    });
    expect(planHours({ endMs: T, watermarkMs: null, earliestMs: T - 2 * MAX_HISTORY_MS })).toEqual({
      fromMs: T - MAX_HISTORY_MS,
      toMs: T,
    });
  });
});

describe("chunkHours", () => {
  it("cuts a range into consecutive chunks, the last one shorter", () => {
    expect(chunkHours({ fromMs: T, toMs: T + 5 * H }, 2)).toEqual([
      { fromMs: T, toMs: T + 2 * H },
      { fromMs: T + 2 * H, toMs: T + 4 * H },
      { fromMs: T + 4 * H, toMs: T + 5 * H },
    ]);
    expect(chunkHours({ fromMs: T, toMs: T }, 24)).toEqual([]);
  });
});

describe("earliestHour", () => {
  /** A store whose data begins at `first` and answers per hour, or per block of `block` hours. */
  const store = (first: number, block = 1) => {
    let calls = 0;
    const blockStart = Math.floor(first / (block * H)) * block * H;
    return {
      present: async (a: number, b: number) => {
        calls++;
        return b > blockStart && a < T;
      },
      calls: () => calls,
    };
  };

  it("finds the hour data begins in a bounded number of lookups", async () => {
    const lo = T - MAX_HISTORY_MS;
    for (const first of [T - 3 * H, T - 200 * 24 * H + 7 * H, lo, T - H]) {
      const s = store(first);
      expect(await earliestHour(s.present, lo, T)).toBe(first);
      expect(s.calls()).toBeLessThanOrEqual(Math.ceil(Math.log2(MAX_HISTORY_MS / H)) + 1);
    }
  });

  it("answers the start of the block with storage that answers per block", async () => {
    const s = store(T - 5 * H, 2);
    expect(await earliestHour(s.present, T - 100 * H, T)).toBe(
      Math.floor((T - 5 * H) / (2 * H)) * 2 * H,
    );
  });

  it("is null when there is no data", async () => {
    expect(await earliestHour(async () => false, T - 10 * H, T)).toBeNull();
  });
});
