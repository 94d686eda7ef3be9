import { checkAlpha, checkCount, checkCounts, noComparison, type Comparison, type Interval } from "./types";
import { normalQuantile, twoSidedNormalP, Z95 } from "./stats";

export interface CsatResult {
  /** Answers to the question (skips are not in n). */
  n: number;
  /** Answers of 4 or 5. */
  satisfied: number;
  /** satisfied / n as a share 0..1; null when n = 0. */
  csat: number | null;
  /** Wilson 95 % interval as shares; null when n = 0. */
  interval: Interval | null;
}

/** Wilson score interval: stays inside 0..1 and is honest near 0 % and 100 %. */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval | null {
  if (n === 0) return null;
  const z = confidence === 0.95 ? Z95 : normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  const low = Math.max(0, centre - half);
  const high = Math.min(1, centre + half);
  return { low, high, margin: Math.max(p - low, high - p) };
}

export function csatFromCounts(counts: { satisfied: number; n: number }, confidence = 0.95): CsatResult {
  const { satisfied, n } = counts;
  checkCount(satisfied, "csatFromCounts");
  checkCount(n, "csatFromCounts");
  if (satisfied > n) throw new RangeError(`csatFromCounts: satisfied (${satisfied}) exceeds n (${n})`);
  return { n, satisfied, csat: n === 0 ? null : satisfied / n, interval: wilsonInterval(satisfied, n, confidence) };
}

/** counts[0] = answers of 1 ... counts[4] = answers of 5. */
export function csatFromDistribution(counts: readonly number[], confidence = 0.95): CsatResult {
  checkCounts(counts, 5, "csatFromDistribution");
  const n = counts.reduce((s, c) => s + c, 0);
  return csatFromCounts({ satisfied: counts[3] + counts[4], n }, confidence);
}

/** Two-proportion z-test (pooled); difference is a - b as a share. */
export function compareProportions(a: CsatResult, b: CsatResult, alpha = 0.05): Comparison {
  checkAlpha(alpha);
  if (a.n === 0 || b.n === 0) return { ...noComparison };
  const pa = a.satisfied / a.n;
  const pb = b.satisfied / b.n;
  const pooled = (a.satisfied + b.satisfied) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  // Both sides all-satisfied (or none): no variation, no evidence of a difference.
  if (se === 0) return { difference: pa - pb, z: 0, p: 1, significant: false };
  const z = (pa - pb) / se;
  const p = twoSidedNormalP(z);
  return { difference: pa - pb, z, p, significant: p < alpha };
}
