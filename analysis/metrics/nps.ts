import { checkAlpha, checkCount, checkCounts, noComparison, type Comparison, type Interval } from "./types";
import { normalQuantile, twoSidedNormalP, Z95 } from "./stats";

export type NpsBucket = "promoter" | "passive" | "detractor";

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface NpsResult extends NpsCounts {
  /** People who answered the question (skips are not in n). */
  n: number;
  promoterShare: number | null;
  passiveShare: number | null;
  detractorShare: number | null;
  /** 100 x (P - D) / n, in points; null when n = 0. */
  nps: number | null;
  /** Centre of the adjusted-Wald interval, in points (n + 3, P + 3/4, D + 3/4). */
  adjustedNps: number | null;
  /** 95 % adjusted-Wald interval in points, clamped to -100..100; null when n = 0. */
  interval: Interval | null;
  /** Variance of the adjusted estimate in proportion units (for compareNps); null when n = 0. */
  variance: number | null;
}

/** 0-6 detractor, 7-8 passive, 9-10 promoter. */
export function npsBucket(score: number): NpsBucket {
  if (!Number.isInteger(score) || score < 0 || score > 10) {
    throw new RangeError(`NPS score must be an integer 0..10, got ${score}`);
  }
  if (score >= 9) return "promoter";
  if (score >= 7) return "passive";
  return "detractor";
}

export function npsFromCounts(counts: NpsCounts, confidence = 0.95): NpsResult {
  const { promoters, passives, detractors } = counts;
  checkCount(promoters, "npsFromCounts");
  checkCount(passives, "npsFromCounts");
  checkCount(detractors, "npsFromCounts");
  const n = promoters + passives + detractors;
  if (n === 0) {
    return {
      n, promoters, passives, detractors,
      promoterShare: null, passiveShare: null, detractorShare: null,
      nps: null, adjustedNps: null, interval: null, variance: null,
    };
  }
  // Adjusted Wald (DESIGN.md): behaves at small n and at the extremes where plain Wald collapses.
  const na = n + 3;
  const pa = (promoters + 0.75) / na;
  const da = (detractors + 0.75) / na;
  const variance = (pa + da - (pa - da) ** 2) / na;
  const z = confidence === 0.95 ? Z95 : normalQuantile(1 - (1 - confidence) / 2);
  const centre = 100 * (pa - da);
  const margin = 100 * z * Math.sqrt(variance);
  return {
    n, promoters, passives, detractors,
    promoterShare: promoters / n,
    passiveShare: passives / n,
    detractorShare: detractors / n,
    nps: (100 * (promoters - detractors)) / n,
    adjustedNps: centre,
    interval: { low: Math.max(-100, centre - margin), high: Math.min(100, centre + margin), margin },
    variance,
  };
}

/** counts[i] = number of answers with score i (length 11). */
export function npsFromDistribution(counts: readonly number[], confidence = 0.95): NpsResult {
  checkCounts(counts, 11, "npsFromDistribution");
  let promoters = 0, passives = 0, detractors = 0;
  for (let s = 0; s <= 10; s++) {
    const b = npsBucket(s);
    if (b === "promoter") promoters += counts[s];
    else if (b === "passive") passives += counts[s];
    else detractors += counts[s];
  }
  return npsFromCounts({ promoters, passives, detractors }, confidence);
}

/** Raw scores; null/undefined are skips and are not counted in n. Invalid scores throw. */
export function npsFromScores(scores: readonly (number | null | undefined)[], confidence = 0.95): NpsResult {
  const counts = new Array<number>(11).fill(0);
  for (const s of scores) {
    if (s === null || s === undefined) continue;
    npsBucket(s);
    counts[s]++;
  }
  return npsFromDistribution(counts, confidence);
}

/** The plain Wald margin in points (the "about ±10.6" of DESIGN.md's worked check). */
export function npsWaldMargin(counts: NpsCounts, confidence = 0.95): number | null {
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) return null;
  const p = counts.promoters / n;
  const d = counts.detractors / n;
  const z = confidence === 0.95 ? Z95 : normalQuantile(1 - (1 - confidence) / 2);
  return 100 * z * Math.sqrt((p + d - (p - d) ** 2) / n);
}

/** z = (a - b) / sqrt(var_a + var_b) on the adjusted figures; difference is on the plain NPS. */
export function compareNps(a: NpsResult, b: NpsResult, alpha = 0.05): Comparison {
  checkAlpha(alpha);
  if (a.n === 0 || b.n === 0 || a.variance === null || b.variance === null) return { ...noComparison };
  const se = Math.sqrt(a.variance + b.variance);
  const z = (a.adjustedNps! - b.adjustedNps!) / 100 / se;
  const p = twoSidedNormalP(z);
  return { difference: a.nps! - b.nps!, z, p, significant: p < alpha };
}
