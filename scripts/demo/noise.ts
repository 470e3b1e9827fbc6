/** Seeded, stateless noise: the same inputs give the same numbers on every machine. */

/** 32-bit integer hash of up to three integers (lowbias32-style mixing). */
export function hash3(a: number, b: number, c: number): number {
  let h =
    (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca77) ^ Math.imul(c | 0, 0xc2b2ae3d)) >>>
    0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1). */
export function uniform(a: number, b: number, c: number): number {
  return hash3(a, b, c) / 4294967296;
}

/** Uniform in [-1, 1). */
export function signed(a: number, b: number, c: number): number {
  return uniform(a, b, c) * 2 - 1;
}

/** Smooth noise in [-1, 1]: hash values every `period` minutes, cosine-interpolated. */
export function smooth(a: number, minute: number, channel: number, period: number): number {
  const k = Math.floor(minute / period);
  const f = (minute - k * period) / period;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return signed(a, k, channel) * (1 - w) + signed(a, k + 1, channel) * w;
}

/** Rounds x to an integer up or down with probability given by its fraction, seeded. */
export function stochasticRound(x: number, a: number, b: number, c: number): number {
  const lo = Math.floor(x);
  return lo + (uniform(a, b, c) < x - lo ? 1 : 0);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** z of the 95th percentile of a standard normal. */
export const Z95 = 1.6448536269514722;
