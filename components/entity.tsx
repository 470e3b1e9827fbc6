/**
 * Characters beyond ASCII, written as HTML entities on the pages served most. Next.js sends
 * a cached page as a JavaScript string, and Node writes an ASCII string about twice as fast
 * as one holding a "·" or "×" (the overview's 43 kB in a bare Node server: 28,000 against
 * 14,000 responses/s; with an em dash, which makes it a two-byte string, 6,300).
 */
const ENTITIES = { mdash: "&mdash;", middot: "&middot;", times: "&times;" } as const;

export function Entity({ name, title }: { name: keyof typeof ENTITIES; title?: string }) {
  return <span title={title} dangerouslySetInnerHTML={{ __html: ENTITIES[name] }} />;
}

/** " · " between the parts of a label. */
export function Sep() {
  return (
    <>
      {" "}
      <Entity name="middot" />{" "}
    </>
  );
}
