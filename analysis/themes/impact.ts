// Theme impact on NPS (DESIGN.md): NPS of all respondents minus NPS of respondents whose text
// is not in the theme. Negative = the theme pulls NPS down (its respondents score lower than
// everyone else), positive = it lifts NPS.
// Interval: percentile bootstrap over respondents (seeded; 2,000 resamples by default). The two
// NPS figures share respondents, so the simple two-sample formula does not apply; resampling
// respondents keeps that dependence. A respondent matters only through six counts (promoter,
// passive or detractor; inside the theme or not), so a resample is a multinomial draw of those
// counts: the same bootstrap, at a cost that does not grow with the number of respondents.
import { npsBucket, npsFromCounts, type NpsCounts } from "../metrics/nps.js";
import { binomial, mulberry32 } from "../random.js";

export interface ThemeImpact {
  /** points: NPS(all) - NPS(outside the theme); null when either group is empty */
  impact: number | null;
  interval: { low: number; high: number } | null;
  npsAll: number | null;
  npsOutside: number | null;
  npsInside: number | null;
  nAll: number;
  nInside: number;
  method: "bootstrap-percentile";
  resamples: number;
}

export type { NpsCounts };

const nps = (c: NpsCounts) => npsFromCounts(c).nps;

/** scores: NPS answer per respondent (null = skipped); inTheme: whether their text is in the theme. */
export function themeNpsImpact(
  scores: readonly (number | null | undefined)[],
  inTheme: readonly boolean[],
  opts: { seed?: number; resamples?: number; confidence?: number } = {},
): ThemeImpact {
  if (scores.length !== inTheme.length) throw new Error("scores and inTheme differ in length");
  const inside: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  const outside: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  scores.forEach((s, i) => {
    if (s === null || s === undefined) return;
    const c = inTheme[i] ? inside : outside;
    const b = npsBucket(s);
    if (b === "promoter") c.promoters++;
    else if (b === "passive") c.passives++;
    else c.detractors++;
  });
  return themeNpsImpactFromCounts(inside, outside, opts);
}

/** The same from the six counts (what one SQL aggregate gives). */
export function themeNpsImpactFromCounts(
  inside: NpsCounts,
  outside: NpsCounts,
  opts: { seed?: number; resamples?: number; confidence?: number } = {},
): ThemeImpact {
  const all = { promoters: inside.promoters + outside.promoters, passives: inside.passives + outside.passives, detractors: inside.detractors + outside.detractors };
  const nAll = all.promoters + all.passives + all.detractors;
  const nInside = inside.promoters + inside.passives + inside.detractors;
  const resamples = opts.resamples ?? 2000;
  const npsAll = nps(all);
  const npsOutside = nps(outside);
  const base = { npsAll, npsOutside, npsInside: nps(inside), nAll, nInside, method: "bootstrap-percentile" as const, resamples };
  if (npsAll === null || npsOutside === null || nInside === 0) return { ...base, impact: null, interval: null };
  // Cells: promoter, passive, detractor inside; then outside. A multinomial draw by conditional binomials.
  const cells = [inside.promoters, inside.passives, inside.detractors, outside.promoters, outside.passives, outside.detractors];
  const rng = mulberry32(opts.seed ?? 1);
  const stats: number[] = [];
  const drawn = [0, 0, 0, 0, 0, 0];
  for (let r = 0; r < resamples; r++) {
    let left = nAll;
    let mass = nAll;
    for (let k = 0; k < 6; k++) {
      drawn[k] = k === 5 ? left : binomial(rng, left, mass > 0 ? cells[k] / mass : 0);
      left -= drawn[k];
      mass -= cells[k];
    }
    const nOut = drawn[3] + drawn[4] + drawn[5];
    if (nOut === 0) continue;
    const sAll = drawn[0] + drawn[3] - drawn[2] - drawn[5];
    const sOut = drawn[3] - drawn[5];
    stats.push((100 * sAll) / nAll - (100 * sOut) / nOut);
  }
  stats.sort((x, y) => x - y);
  const alpha = 1 - (opts.confidence ?? 0.95);
  const at = (q: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.round(q * (stats.length - 1))))];
  return { ...base, impact: npsAll - npsOutside, interval: stats.length ? { low: at(alpha / 2), high: at(1 - alpha / 2) } : null };
}
