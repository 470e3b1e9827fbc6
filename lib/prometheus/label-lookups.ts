/** Shared by the label-value lookups of discovery.ts and kubernetes-check.ts. Pure. */

/** Selector text per label-values request: its URL stays under common 8 kB limits. */
export const MAX_SELECTOR_CHARS = 2000;

/** Consecutive runs of `items` whose lengths add up to at most `max` (one item at least). */
export function chunkByLength(items: string[], max: number): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let len = 0;
  for (const it of items) {
    if (cur.length > 0 && len + it.length > max) {
      out.push(cur);
      cur = [];
      len = 0;
    }
    cur.push(it);
    len += it.length + 1;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}
