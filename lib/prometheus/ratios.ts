/**
 * The zero-filled event count, written once for every ratio of counts (indicators, SLOs,
 * recording rules): where `total` has series but `bad` has none, nothing failed, so bad
 * is 0. Where `total` has none, there was no traffic and the ratio stays absent.
 */
export function zeroFilled(bad: string, total: string): string {
  return `${bad} or 0 * ${total}`;
}

/** `(bad or 0 * total) / total`. */
export function zeroFilledRatio(bad: string, total: string): string {
  return `(${zeroFilled(bad, total)}) / ${total}`;
}
