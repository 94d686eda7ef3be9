import { problem, type Problem } from "./problems";

/** "Availability below `below` % -> `creditPercent` % of the monthly fee"; `atLeast` optionally bounds the band from below. */
export interface CreditTier {
  below: number;
  creditPercent: number;
  atLeast?: number;
}

/** Codes: below_out_of_range, credit_out_of_range, duplicate_tier, overlapping_tiers, credit_not_increasing. */
export function validateCreditTable(tiers: readonly CreditTier[]): Problem[] {
  const out: Problem[] = [];
  tiers.forEach((t, i) => {
    if (!(Number.isFinite(t.below) && t.below > 0 && t.below <= 100)) {
      out.push(problem("below_out_of_range", `tiers.${i}.below`, `threshold must be above 0 and at most 100 %, got ${t.below}`, { index: i }));
    }
    if (!(Number.isFinite(t.creditPercent) && t.creditPercent > 0 && t.creditPercent <= 100)) {
      out.push(problem("credit_out_of_range", `tiers.${i}.creditPercent`, `credit must be above 0 and at most 100 %, got ${t.creditPercent}`, { index: i }));
    }
    if (t.atLeast !== undefined && !(Number.isFinite(t.atLeast) && t.atLeast >= 0 && t.atLeast < t.below)) {
      out.push(problem("overlapping_tiers", `tiers.${i}.atLeast`, `band lower bound must be >= 0 and below its threshold`, { index: i }));
    }
  });
  const order = tiers.map((t, i) => ({ t, i })).sort((a, b) => b.t.below - a.t.below);
  for (let k = 1; k < order.length; k++) {
    const hi = order[k - 1], lo = order[k];
    if (hi.t.below === lo.t.below) {
      out.push(problem("duplicate_tier", `tiers.${lo.i}.below`, `two tiers share the threshold ${lo.t.below} %`, { index: lo.i, other: hi.i }));
      continue;
    }
    // Explicit bands: the higher band must start at or above the lower band's top.
    if (hi.t.atLeast !== undefined && hi.t.atLeast < lo.t.below) {
      out.push(problem("overlapping_tiers", `tiers.${hi.i}.atLeast`, `band ${hi.t.atLeast}-${hi.t.below} % overlaps band below ${lo.t.below} %`, { index: hi.i, other: lo.i }));
    }
    if (lo.t.creditPercent < hi.t.creditPercent) {
      out.push(problem("credit_not_increasing", `tiers.${lo.i}.creditPercent`, `lower availability (below ${lo.t.below} %) must not earn a smaller credit than below ${hi.t.below} %`, { index: lo.i, other: hi.i }));
    }
  }
  return out;
}

export interface CreditResult {
  tier: CreditTier | null;
  creditPercent: number;
  /** monthlyFee x creditPercent / 100, unrounded (currency rounding is the app's). */
  amount: number;
}

/** Credit owed: the most severe tier whose band contains the availability. */
export function creditFor(availabilityPercent: number, tiers: readonly CreditTier[], monthlyFee: number): CreditResult {
  if (!Number.isFinite(availabilityPercent)) throw new RangeError(`availability must be a number, got ${availabilityPercent}`);
  if (!(Number.isFinite(monthlyFee) && monthlyFee >= 0)) throw new RangeError(`monthly fee must be >= 0, got ${monthlyFee}`);
  let best: CreditTier | null = null;
  for (const t of tiers) {
    if (availabilityPercent < t.below && (t.atLeast === undefined || availabilityPercent >= t.atLeast)) {
      if (!best || t.below < best.below) best = t;
    }
  }
  const creditPercent = best ? best.creditPercent : 0;
  return { tier: best, creditPercent, amount: (monthlyFee * creditPercent) / 100 };
}
