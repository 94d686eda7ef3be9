/**
 * Seeded pseudo-random numbers. analysis/ never uses Math.random: every random choice
 * takes a seed so that results (shuffles, model files, clusterings) are reproducible.
 */

export type Random = () => number;

/** mulberry32: small, fast 32-bit generator; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n). */
export function randInt(rng: () => number, n: number): number {
  return Math.floor(rng() * n);
}

/** Fisher-Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/** A shuffled copy of 0..n-1. */
export function permutation(n: number, rng: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  return shuffleInPlace(p, rng);
}

/**
 * A Binomial(n, p) draw. Exact (inversion) while the expected count of the rarer outcome is
 * under 30; past that the normal approximation, whose error is far below a bootstrap's own
 * Monte Carlo error, so a resample costs the same for a thousand respondents or a million.
 */
export function binomial(rng: () => number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const mean = n * p;
  if (mean < 30) {
    // Inversion: walk the probability mass function from 0 until it passes a uniform draw.
    const q = 1 - p;
    let pk = Math.pow(q, n);
    let cdf = pk;
    const u = rng();
    let k = 0;
    while (u > cdf && k < n) {
      pk *= ((n - k) / (k + 1)) * (p / q);
      k++;
      cdf += pk;
    }
    return k;
  }
  // Box-Muller from two uniforms (1 - u keeps the log finite).
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.min(n, Math.max(0, Math.round(mean + z * Math.sqrt(mean * (1 - p)))));
}
