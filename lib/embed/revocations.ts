/**
 * Revoked embed tokens through the one cached loader (docs/caching.md, docs/embeds.md):
 * read from ClickHouse once per REVALIDATE_SECONDS step, whichever embed asks, so a
 * revocation reaches every replica within one revalidation period. When ClickHouse fails,
 * the last list read stands in, marked stale; with none, embeds answer 503.
 */
import "server-only";
import { cachedPerStep } from "../cache/loader";
import { getClickHouse } from "../clickhouse";
import { revokedEmbedIds } from "../clickhouse/queries/embeds";
import { getEmbedKeys, getEnv } from "../env";
import { settle, type PanelResult } from "../errors/data-source-error";
import { checkEmbedToken, type EmbedAccess } from "./registry";

export const REVOCATIONS_TAG = "embed-revocations";

interface Revocations {
  evaluatedAt: string;
  revoked: PanelResult<string[]>;
}

const loader = cachedPerStep<Revocations>({
  name: REVOCATIONS_TAG,
  failed: (r) => !r.revoked.ok,
});

/** The revoked, unexpired token ids as of the current revalidation step. */
export async function revokedEmbeds(now: number = Date.now()): Promise<PanelResult<string[]>> {
  const periodMs = getEnv().REVALIDATE_SECONDS * 1000;
  const step = Math.floor(now / periodMs) * periodMs;
  const report = await loader.load([], step, async () => ({
    evaluatedAt: new Date(step).toISOString(),
    revoked: await settle(async () => revokedEmbedIds(await getClickHouse(), step)),
  }));
  return report.revoked;
}

/** The check every embed page and the badge make (lib/embed/registry.ts). */
export function embedAccess(token: string, now: number = Date.now()): Promise<EmbedAccess> {
  return checkEmbedToken(token, getEmbedKeys(), () => revokedEmbeds(now), now);
}
