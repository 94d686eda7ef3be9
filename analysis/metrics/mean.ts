import { checkAlpha, checkCount, checkCounts, noComparison, type Comparison, type Interval } from "./types";
import { tQuantile, twoSidedTP } from "./stats";

/** CES (1..7) and rating (1..5): a mean score with a t interval. */
export interface MeanResult {
  n: number;
  /** null when n = 0. */
  mean: number | null;
  /** Sample standard deviation (n - 1); null when n < 2. */
  sd: number | null;
  /** 95 % t interval; null when n < 2. */
  interval: Interval | null;
}

export function meanFromStats(stats: { n: number; mean: number | null; sd: number | null }, confidence = 0.95): MeanResult {
  const { n } = stats;
  checkCount(n, "meanFromStats");
  if (n === 0) return { n, mean: null, sd: null, interval: null };
  const mean = stats.mean;
  if (mean === null || !Number.isFinite(mean)) throw new RangeError(`meanFromStats: mean must be finite when n > 0`);
  if (n < 2 || stats.sd === null) return { n, mean, sd: null, interval: null };
  const sd = stats.sd;
  if (!(sd >= 0)) throw new RangeError(`meanFromStats: sd must be >= 0, got ${sd}`);
  const margin = (tQuantile(1 - (1 - confidence) / 2, n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, interval: { low: mean - margin, high: mean + margin, margin } };
}

/** counts[i] = answers with score minScore + i. */
export function meanFromDistribution(counts: readonly number[], minScore: number, confidence = 0.95): MeanResult {
  let n = 0, sum = 0;
  counts.forEach((c, i) => {
    n += c;
    sum += c * (minScore + i);
  });
  if (n === 0) return meanFromStats({ n: 0, mean: null, sd: null }, confidence);
  const mean = sum / n;
  let ss = 0;
  counts.forEach((c, i) => {
    ss += c * (minScore + i - mean) ** 2;
  });
  return meanFromStats({ n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null }, confidence);
}

/** counts[0] = answers of 1 ... counts[6] = answers of 7. */
export function cesFromDistribution(counts: readonly number[], confidence = 0.95): MeanResult {
  checkCounts(counts, 7, "cesFromDistribution");
  return meanFromDistribution(counts, 1, confidence);
}

/** From SQL aggregates: count, avg, stddev_samp. */
export function cesFromStats(stats: { n: number; mean: number | null; sd: number | null }, confidence = 0.95): MeanResult {
  return meanFromStats(stats, confidence);
}

/** counts[0] = answers of 1 ... counts[4] = answers of 5. */
export function ratingFromDistribution(counts: readonly number[], confidence = 0.95): MeanResult {
  checkCounts(counts, 5, "ratingFromDistribution");
  return meanFromDistribution(counts, 1, confidence);
}

/** Welch's t-test: unequal variances; `z` holds t and `df` the Welch-Satterthwaite df. */
export function compareMeans(a: MeanResult, b: MeanResult, alpha = 0.05): Comparison {
  checkAlpha(alpha);
  if (a.mean === null || b.mean === null) return { ...noComparison };
  const difference = a.mean - b.mean;
  if (a.sd === null || b.sd === null) return { ...noComparison, difference };
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  if (va + vb === 0) return { difference, z: 0, p: difference === 0 ? 1 : 0, significant: difference !== 0, df: a.n + b.n - 2 };
  const t = difference / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const p = twoSidedTP(t, df);
  return { difference, z: t, p, significant: p < alpha, df };
}
