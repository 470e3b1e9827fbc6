/**
 * The on-call roster of the catalog (`oncall:`) and its rotation math. Pure: no I/O, no
 * clock. Handoffs are in UTC, so rotations never shift with daylight saving time.
 */
import { z } from "zod";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const HANDOFF_RE = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([01]\d|2[0-3]):([0-5]\d) UTC$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-01-05" → ms at 00:00 UTC, or null when it is not a real calendar date. */
function parseDate(value: string): number | null {
  const m = DATE_RE.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value ? ms : null;
}

/** "Mon 09:00 UTC" → weekday (0 = Sunday) and minutes after midnight. */
function parseHandoff(value: string): { day: number; minutes: number } | null {
  const m = HANDOFF_RE.exec(value);
  if (!m) return null;
  const day = DAYS.indexOf(m[1] as (typeof DAYS)[number]);
  return { day, minutes: Number(m[2]) * 60 + Number(m[3]) };
}

const personName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._@'-]{0,62}$/, "expected a person's name or handle");

export const rotationSchema = z
  .object({
    team: z.string().min(1, "expected a team name"),
    // YAML 1.1 readers turn 2026-01-05 into a Date; keep the date either way.
    start: z.preprocess(
      (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
      z
        .string({ error: "expected the first handoff's date as YYYY-MM-DD" })
        .refine((v) => parseDate(v) !== null, "expected the first handoff's date as YYYY-MM-DD"),
    ),
    handoff: z
      .string({ error: 'expected a weekly handoff like "Mon 09:00 UTC"' })
      .regex(HANDOFF_RE, 'expected a weekly handoff like "Mon 09:00 UTC" (times are UTC)'),
    /** Length of one person's shift, in weeks. */
    shiftWeeks: z.number().int().min(1).max(8, "expected 1 to 8 weeks").default(1),
    people: z.array(personName).min(1, "expected at least one person"),
  })
  .strict()
  .superRefine((r, ctx) => {
    const date = parseDate(r.start);
    const handoff = parseHandoff(r.handoff);
    if (date === null || handoff === null) return;
    const day = new Date(date).getUTCDay();
    if (day !== handoff.day) {
      ctx.addIssue({
        code: "custom",
        path: ["start"],
        message: `${r.start} is a ${DAYS[day]}, but the handoff is on ${DAYS[handoff.day]}: start on a handoff day`,
      });
    }
  });

export const rosterSchema = z
  .object({ rotations: z.array(rotationSchema).min(1, "expected at least one rotation") })
  .strict()
  .superRefine((roster, ctx) => {
    const seen = new Set<string>();
    roster.rotations.forEach((r, i) => {
      if (seen.has(r.team)) {
        ctx.addIssue({
          code: "custom",
          path: ["rotations", i, "team"],
          message: `duplicate rotation for team "${r.team}"`,
        });
      }
      seen.add(r.team);
    });
  });

export type RosterInput = z.output<typeof rosterSchema>;

/** One team's rotation, resolved: when the first shift begins and how long each lasts. */
export interface Rotation {
  team: string;
  people: string[];
  handoff: string;
  firstHandoffMs: number;
  shiftMs: number;
}

export interface Roster {
  rotations: Rotation[];
}

/** Resolves a validated roster (the schema guarantees the date and handoff parse). */
export function resolveRoster(input: RosterInput): Roster {
  return {
    rotations: input.rotations.map((r) => ({
      team: r.team,
      people: r.people,
      handoff: r.handoff,
      firstHandoffMs: parseDate(r.start)! + parseHandoff(r.handoff)!.minutes * 60_000,
      shiftMs: r.shiftWeeks * WEEK_MS,
    })),
  };
}

export interface Shift {
  person: string;
  fromMs: number;
  untilMs: number;
}

export interface OnCall {
  team: string;
  /** Null before the rotation's first handoff. */
  current: Shift | null;
  next: Shift;
}

/** The shift number `index` (0 = the first) of a rotation. */
function shift(r: Rotation, index: number): Shift {
  const n = r.people.length;
  const fromMs = r.firstHandoffMs + index * r.shiftMs;
  return { person: r.people[((index % n) + n) % n]!, fromMs, untilMs: fromMs + r.shiftMs };
}

/**
 * Who is on call at `atMs` and who takes over at the next handoff. A handoff instant
 * belongs to the incoming person; people take turns in the listed order.
 */
export function onCallAt(r: Rotation, atMs: number): OnCall {
  const index = Math.floor((atMs - r.firstHandoffMs) / r.shiftMs);
  if (index < 0) return { team: r.team, current: null, next: shift(r, 0) };
  return { team: r.team, current: shift(r, index), next: shift(r, index + 1) };
}
