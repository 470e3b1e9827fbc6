/** Parsing of the `from` / `to` query parameters of the workload API. Pure. */
import { parseInstant } from "./params";
import { alignRange, MAX_RANGE_MS, MIN_RANGE_MS, type AlignedRange } from "../time/step";

export type RangeParse =
  { ok: true; range: AlignedRange } | { ok: false; parameter: string; message: string };

/**
 * `from` and `to` of a custom range: both required, `to` not in the future, the span
 * within [MIN_RANGE_MS, MAX_RANGE_MS]. The result is aligned to the step of its span.
 */
export function parseRangeParams(
  from: string | null,
  to: string | null,
  nowMs: number,
): RangeParse {
  const fail = (parameter: string, message: string): RangeParse => ({
    ok: false,
    parameter,
    message,
  });
  if (from === null) return fail("from", "is required (ISO 8601 or unix seconds)");
  if (to === null) return fail("to", "is required (ISO 8601 or unix seconds)");
  const f = parseInstant(from);
  const t = parseInstant(to);
  if (!Number.isFinite(f)) return fail("from", "expected an ISO 8601 timestamp or unix seconds");
  if (!Number.isFinite(t)) return fail("to", "expected an ISO 8601 timestamp or unix seconds");
  if (t > nowMs + 60_000) return fail("to", "is in the future");
  if (t - f < MIN_RANGE_MS)
    return fail("from", `must be at least ${MIN_RANGE_MS / 60_000} minutes before to`);
  if (t - f > MAX_RANGE_MS)
    return fail("from", `must be at most ${MAX_RANGE_MS / 86_400_000} days before to`);
  return { ok: true, range: alignRange(f, t) };
}
