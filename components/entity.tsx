/**
 * Characters beyond ASCII, written as HTML entities on the pages served most. Next.js sends
 * a cached page as a JavaScript string, and Node writes an ASCII string much faster than
 * one holding a "·" or "×"; one with an em dash, which makes it a two-byte string, is
 * slower still. The measured effect is in the README's Performance section.
 */
const ENTITIES = {
  mdash: "&mdash;",
  middot: "&middot;",
  times: "&times;",
  rarr: "&rarr;",
} as const;

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

/** `text` as ASCII HTML: markup characters escaped, everything beyond ASCII as numeric entities. */
export function asciiHtml(text: string): string {
  return text.replace(/[&<>"]|[^\u0000-\u007f]/gu, (c) =>
    c === "&"
      ? "&amp;"
      : c === "<"
        ? "&lt;"
        : c === ">"
          ? "&gt;"
          : c === '"'
            ? "&quot;"
            : `&#x${c.codePointAt(0)!.toString(16)};`,
  );
}

/** Text that may hold characters beyond ASCII (a message, a name), served as ASCII. */
export function AsciiText({ text }: { text: string }) {
  return <span dangerouslySetInnerHTML={{ __html: asciiHtml(text) }} />;
}
