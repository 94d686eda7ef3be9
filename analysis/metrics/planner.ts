import { Z95, normalQuantile } from "./stats";

function zFor(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  return confidence === 0.95 ? Z95 : normalQuantile(1 - (1 - confidence) / 2);
}

/**
 * Answers needed so the NPS interval is ±marginPoints. Without an expectation the worst
 * case (half promoters, half detractors: per-answer variance 1) is assumed.
 */
export function npsSampleSizeFor(
  marginPoints: number,
  expected?: { promoterShare: number; detractorShare: number },
  confidence = 0.95,
): number {
  if (!(marginPoints > 0 && marginPoints <= 200)) throw new RangeError(`margin must be in (0, 200] points, got ${marginPoints}`);
  let v = 1;
  if (expected) {
    const { promoterShare: p, detractorShare: d } = expected;
    if (!(p >= 0 && d >= 0 && p + d <= 1)) throw new RangeError("expected shares must be >= 0 and sum to at most 1");
    v = p + d - (p - d) ** 2;
  }
  const m = marginPoints / 100;
  // A tiny positive floor keeps "all passives" from claiming zero answers are enough.
  return Math.max(1, Math.ceil((zFor(confidence) ** 2 * Math.max(v, 1e-9)) / (m * m) - 1e-9));
}

/** Answers needed so the CSAT share is ±marginShare (worst case 50 % when no expectation). */
export function csatSampleSizeFor(marginShare: number, expectedShare = 0.5, confidence = 0.95): number {
  if (!(marginShare > 0 && marginShare <= 1)) throw new RangeError(`margin must be in (0, 1] as a share, got ${marginShare}`);
  if (!(expectedShare >= 0 && expectedShare <= 1)) throw new RangeError(`expected share must be in 0..1, got ${expectedShare}`);
  const v = expectedShare * (1 - expectedShare);
  return Math.max(1, Math.ceil((zFor(confidence) ** 2 * Math.max(v, 1e-9)) / (marginShare * marginShare) - 1e-9));
}
