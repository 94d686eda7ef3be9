// Theme impact on NPS (DESIGN.md): NPS of all respondents minus NPS of respondents whose text
// is not in the theme. Negative = the theme pulls NPS down (its respondents score lower than
// everyone else), positive = it lifts NPS.
// Interval: percentile bootstrap over respondents (seeded; 2,000 resamples by default). The two
// NPS figures share respondents, so the simple two-sample formula does not apply; resampling
// respondents keeps that dependence.
import { npsFromScores } from "../metrics/nps.js";
import { mulberry32 } from "../random.js";

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

const bucket = (s: number) => (s >= 9 ? 1 : s >= 7 ? 0 : -1);

/** scores: NPS answer per respondent (null = skipped); inTheme: whether their text is in the theme. */
export function themeNpsImpact(
  scores: readonly (number | null | undefined)[],
  inTheme: readonly boolean[],
  opts: { seed?: number; resamples?: number; confidence?: number } = {},
): ThemeImpact {
  if (scores.length !== inTheme.length) throw new Error("scores and inTheme differ in length");
  const b: number[] = [];
  const t: boolean[] = [];
  scores.forEach((s, i) => {
    if (s === null || s === undefined) return;
    b.push(bucket(s));
    t.push(inTheme[i]);
  });
  const all = npsFromScores(scores);
  const outside = npsFromScores(scores.map((s, i) => (inTheme[i] ? null : s)));
  const inside = npsFromScores(scores.map((s, i) => (inTheme[i] ? s : null)));
  const resamples = opts.resamples ?? 2000;
  const base = {
    npsAll: all.nps,
    npsOutside: outside.nps,
    npsInside: inside.nps,
    nAll: all.n,
    nInside: inside.n,
    method: "bootstrap-percentile" as const,
    resamples,
  };
  if (all.nps === null || outside.nps === null || inside.n === 0) return { ...base, impact: null, interval: null };
  const n = b.length;
  const rng = mulberry32(opts.seed ?? 1);
  const stats: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sAll = 0;
    let sOut = 0;
    let nOut = 0;
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rng() * n);
      sAll += b[j];
      if (!t[j]) {
        sOut += b[j];
        nOut++;
      }
    }
    if (nOut > 0) stats.push((100 * sAll) / n - (100 * sOut) / nOut);
  }
  stats.sort((x, y) => x - y);
  const alpha = 1 - (opts.confidence ?? 0.95);
  const at = (q: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.round(q * (stats.length - 1))))];
  return { ...base, impact: all.nps - outside.nps, interval: { low: at(alpha / 2), high: at(1 - alpha / 2) } };
}
