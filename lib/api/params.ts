import { NextResponse } from "next/server";

/** A 400 answer naming the parameter and what it expects. */
export function badRequest(parameter: string, message: string) {
  return NextResponse.json({ error: { parameter, message } }, { status: 400 });
}

/** ISO 8601 or unix seconds → ms; NaN when neither. */
export function parseInstant(value: string): number {
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

/**
 * The `time` query parameter: ISO 8601 or unix seconds, not in the future. Returns the
 * time in ms, `Date.now()` when absent, or a 400 response.
 */
export function parseTimeParam(value: string | null): number | NextResponse {
  if (value === null) return Date.now();
  const parsed = parseInstant(value);
  if (!Number.isFinite(parsed))
    return badRequest("time", "expected an ISO 8601 timestamp or unix seconds");
  if (parsed > Date.now() + 60_000) return badRequest("time", "is in the future");
  return parsed;
}
