/**
 * Replaces one byte string by another of the same length in a stream of chunks, however
 * the chunks cut it (docs/security.md: the CSP nonce of cached pages). Same length, so a
 * Content-Length computed before the replacement stays true. Pure.
 */
export interface Replacer {
  /** The bytes that can be sent now (a tail that may start a match is held back). */
  push(chunk: Buffer): Buffer;
  /** What was held back; call once, at the end. */
  end(): Buffer;
  /** The last chunk and what was held back, in one copy (push then end). */
  last(chunk: Buffer): Buffer;
}

export function createReplacer(from: Buffer, to: Buffer): Replacer {
  if (from.length === 0 || from.length !== to.length) {
    throw new Error("createReplacer: expected two byte strings of one non-zero length");
  }
  const hold = from.length - 1;
  let carry = Buffer.alloc(0);
  // A copy: the chunk may be a page Next.js keeps in its cache, which must keep the
  // placeholder.
  const replaced = (chunk: Buffer) => {
    const data = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
    for (let i = data.indexOf(from); i !== -1; i = data.indexOf(from, i + from.length)) {
      to.copy(data, i);
    }
    return data;
  };
  return {
    push(chunk) {
      const data = replaced(chunk);
      const cut = Math.max(0, data.length - hold);
      carry = data.subarray(cut);
      return data.subarray(0, cut);
    },
    last(chunk) {
      const data = replaced(chunk);
      carry = Buffer.alloc(0);
      return data;
    },
    end() {
      const rest = carry;
      carry = Buffer.alloc(0);
      return rest;
    },
  };
}
