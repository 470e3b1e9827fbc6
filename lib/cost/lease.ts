/**
 * One cost-sync writer at a time, across processes and replicas sharing a ClickHouse
 * (docs/architecture.md, "The cost sync"). A lease in ClickHouse, which has no
 * compare-and-set: a claim is a row (term, holder, claimed_at, expires_at) stamped with
 * ClickHouse's clock. The earliest claim of the latest term wins it; a new term may be
 * claimed only once the winner's latest claim has expired. Two processes that race for the
 * same term each read the claims back after writing their own and agree on the winner,
 * because claim times follow insertion order on one server's clock.
 */
import "server-only";
import type { ClickHouse } from "../clickhouse/connect";
import {
  insertLeaseClaim,
  readLeaseClaims,
  type LeaseClaim,
} from "../clickhouse/queries/cost-sync";

/** How long a claim holds. The sync renews it after every chunk. */
export const LEASE_TTL_MS = 10 * 60_000;

export type LeaseResult =
  { held: true; term: number } | { held: false; holder: string; untilMs: number };

/** The winner of a term: the earliest first claim, ties broken by holder name. */
export function leaseWinner(claims: LeaseClaim[]): LeaseClaim | null {
  let best: LeaseClaim | null = null;
  for (const c of claims) {
    if (
      !best ||
      c.firstClaimMs < best.firstClaimMs ||
      (c.firstClaimMs === best.firstClaimMs && c.holder < best.holder)
    ) {
      best = c;
    }
  }
  return best;
}

/**
 * Takes the lease for `holder`, or extends it when `holder` already has it. Answers who
 * holds it otherwise, and until when (ClickHouse's clock).
 */
export async function acquireLease(
  ch: ClickHouse,
  holder: string,
  ttlMs = LEASE_TTL_MS,
): Promise<LeaseResult> {
  const { claims, nowMs } = await readLeaseClaims(ch);
  const term = claims[0]?.term ?? 0;
  const winner = leaseWinner(claims);
  if (winner && winner.expiresMs > nowMs) {
    if (winner.holder !== holder) {
      return { held: false, holder: winner.holder, untilMs: winner.expiresMs };
    }
    await insertLeaseClaim(ch, { term, holder, ttlMs });
    return { held: true, term };
  }
  await insertLeaseClaim(ch, { term: term + 1, holder, ttlMs });
  const after = leaseWinner((await readLeaseClaims(ch)).claims);
  if (after && after.term === term + 1 && after.holder === holder) {
    return { held: true, term: term + 1 };
  }
  return { held: false, holder: after?.holder ?? "another sync", untilMs: after?.expiresMs ?? 0 };
}

/** Gives the lease up (its latest claim expires now) if `holder` still has it. */
export async function releaseLease(ch: ClickHouse, holder: string): Promise<void> {
  const { claims, nowMs } = await readLeaseClaims(ch);
  const winner = leaseWinner(claims);
  if (winner && winner.holder === holder && winner.expiresMs > nowMs) {
    await insertLeaseClaim(ch, { term: winner.term, holder, ttlMs: 0 });
  }
}
