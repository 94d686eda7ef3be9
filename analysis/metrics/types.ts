/** A 95 % (or other) interval; units are those of the estimate it belongs to. */
export interface Interval {
  low: number;
  high: number;
  /** Half-width as shown ("±margin"); for asymmetric intervals (Wilson) the larger side. */
  margin: number;
}

/** Result of a two-sample comparison. */
export interface Comparison {
  /** a - b on the plain estimates (NPS points, CSAT share, mean score); null when a side has n = 0. */
  difference: number | null;
  /** Test statistic: z for NPS and proportions, Welch t for means. */
  z: number | null;
  /** Two-sided p-value. */
  p: number | null;
  significant: boolean;
  /** Welch degrees of freedom (compareMeans only). */
  df?: number;
}

export const noComparison: Comparison = Object.freeze({ difference: null, z: null, p: null, significant: false });

/** Throws unless counts is an array of `length` non-negative integers. */
export function checkCounts(counts: readonly number[], length: number, what: string): void {
  if (!Array.isArray(counts) || counts.length !== length) {
    throw new RangeError(`${what}: expected ${length} counts, got ${Array.isArray(counts) ? counts.length : typeof counts}`);
  }
  for (const c of counts) checkCount(c, what);
}

export function checkCount(c: number, what: string): void {
  if (!Number.isInteger(c) || c < 0) throw new RangeError(`${what}: counts must be non-negative integers, got ${c}`);
}

export function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
}
