import { describe, expect, it } from "vitest";
import { CatalogError, parseCatalog } from "@/lib/catalog/load";
import { loadCatalogFile } from "@/lib/catalog/file";
import { onCallAt, type Rotation } from "@/lib/catalog/roster";

const FILE = "config/workloads.yaml";
const WORKLOADS = "workloads:\n  - { name: a, team: platform, convention: prometheus-client }\n";
const utc = (iso: string) => Date.parse(`${iso}Z`);

function rosterOf(rotations: string): Rotation[] {
  return parseCatalog(`${WORKLOADS}oncall:\n  rotations:\n${rotations}`, FILE).oncall!.rotations;
}

function errorOf(rotations: string): string {
  try {
    rosterOf(rotations);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return (e as Error).message;
  }
  throw new Error("expected the roster to be refused");
}

describe("on-call roster", () => {
  // First handoff Monday 2026-01-05 09:00 UTC; one week each, ana → ben → chen → ana.
  const [platform] = rosterOf(
    '    - { team: platform, start: 2026-01-05, handoff: "Mon 09:00 UTC", people: [ana, ben, chen] }\n',
  );

  it("resolves the first handoff to the start date at the handoff time, in UTC", () => {
    expect(platform!.firstHandoffMs).toBe(utc("2026-01-05T09:00:00"));
    expect(platform!.shiftMs).toBe(7 * 24 * 3600_000);
  });

  it("has nobody on call before the first handoff, and names who starts", () => {
    const r = onCallAt(platform!, utc("2026-01-05T08:59:59"));
    expect(r.current).toBeNull();
    expect(r.next).toEqual({
      person: "ana",
      fromMs: utc("2026-01-05T09:00:00"),
      untilMs: utc("2026-01-12T09:00:00"),
    });
  });

  it("gives the handoff instant to the incoming person", () => {
    expect(onCallAt(platform!, utc("2026-01-05T09:00:00")).current!.person).toBe("ana");
    const before = onCallAt(platform!, utc("2026-01-12T08:59:59.999"));
    expect(before.current!.person).toBe("ana");
    expect(before.next.person).toBe("ben");
    const at = onCallAt(platform!, utc("2026-01-12T09:00:00"));
    expect(at.current).toEqual({
      person: "ben",
      fromMs: utc("2026-01-12T09:00:00"),
      untilMs: utc("2026-01-19T09:00:00"),
    });
    expect(at.next).toEqual({
      person: "chen",
      fromMs: utc("2026-01-19T09:00:00"),
      untilMs: utc("2026-01-26T09:00:00"),
    });
  });

  it("wraps around the list: the fourth week is ana's again, the fifth ben's", () => {
    const r = onCallAt(platform!, utc("2026-01-28T15:00:00")); // week 3 (0-based)
    expect(r.current!.person).toBe("ana");
    expect(r.current!.fromMs).toBe(utc("2026-01-26T09:00:00"));
    expect(r.next.person).toBe("ben");
  });

  it("keeps handing off at 09:00 UTC across Europe's DST change (2026-03-29)", () => {
    // 2026-01-05 → 2026-03-30 is 84 days = 12 weeks: shift 12 → 12 mod 3 = 0 → ana.
    expect(onCallAt(platform!, utc("2026-03-30T08:59:00")).current!.person).toBe("chen");
    const r = onCallAt(platform!, utc("2026-03-30T09:00:00"));
    expect(r.current!.person).toBe("ana");
    expect(r.next.fromMs).toBe(utc("2026-04-06T09:00:00"));
  });

  it("supports shifts of several weeks, handed off at a minute past the hour", () => {
    const [web] = rosterOf(
      '    - { team: web, start: 2026-01-02, handoff: "Fri 12:30 UTC", shiftWeeks: 2, people: [jun, kai] }\n',
    );
    // 2 weeks after Fri 2026-01-02 12:30 is Fri 2026-01-16 12:30.
    expect(onCallAt(web!, utc("2026-01-16T12:29:59")).current!.person).toBe("jun");
    const r = onCallAt(web!, utc("2026-01-16T12:30:00"));
    expect(r.current).toEqual({
      person: "kai",
      fromMs: utc("2026-01-16T12:30:00"),
      untilMs: utc("2026-01-30T12:30:00"),
    });
    expect(r.next.person).toBe("jun");
  });

  it("refuses a malformed roster in one line naming the key", () => {
    expect(
      errorOf('    - { team: p, start: 2026-01-06, handoff: "Mon 09:00 UTC", people: [a] }\n'),
    ).toBe(
      `${FILE}: oncall.rotations[0].start: 2026-01-06 is a Tue, but the handoff is on Mon: start on a handoff day`,
    );
    expect(
      errorOf('    - { team: p, start: 2026-01-05, handoff: "Monday 9am", people: [a] }\n'),
    ).toBe(
      `${FILE}: oncall.rotations[0].handoff: expected a weekly handoff like "Mon 09:00 UTC" (times are UTC)`,
    );
    expect(
      errorOf('    - { team: p, start: 2026-02-30, handoff: "Mon 09:00 UTC", people: [a] }\n'),
    ).toBe(`${FILE}: oncall.rotations[0].start: expected the first handoff's date as YYYY-MM-DD`);
    expect(
      errorOf('    - { team: p, start: 2026-01-05, handoff: "Mon 09:00 UTC", people: [] }\n'),
    ).toBe(`${FILE}: oncall.rotations[0].people: expected at least one person`);
    const dup = '    - { team: p, start: 2026-01-05, handoff: "Mon 09:00 UTC", people: [a] }\n';
    expect(errorOf(dup + dup)).toBe(
      `${FILE}: oncall.rotations[1].team: duplicate rotation for team "p"`,
    );
    const err = errorOf(
      '    - { team: p, start: 2026-01-05, handoff: "Mon 09:00 UTC", people: [a], every: 2w }\n',
    );
    expect(err).toMatch(/^config\/workloads\.yaml: oncall\.rotations\[0\]: .*every/);
    expect(err).not.toContain("\n");
  });

  it("leaves the roster out of a catalog that has none, and reads the demo's", () => {
    expect(parseCatalog(WORKLOADS, FILE).oncall).toBeUndefined();
    const demo = loadCatalogFile("config/workloads.yaml").oncall!.rotations;
    expect(demo.map((r) => r.team)).toContain("discovery");
  });
});
