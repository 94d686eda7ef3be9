import { describe, expect, it } from "vitest";
import {
  cesFromDistribution,
  cesFromStats,
  compareMeans,
  compareNps,
  compareProportions,
  csatFromCounts,
  csatFromDistribution,
  csatMonthOverMonth,
  csatSampleSizeFor,
  metricDefinitions,
  minSegmentN,
  monthOverMonth,
  normalCdf,
  normalQuantile,
  npsBucket,
  npsFromCounts,
  npsFromDistribution,
  npsFromScores,
  npsSampleSizeFor,
  npsWaldMargin,
  ratingFromDistribution,
  segmentOrTooFew,
  tCdf,
  tQuantile,
} from "../../analysis/metrics";

describe("npsBucket", () => {
  it("puts the edges 6/7 and 8/9 on the right side", () => {
    expect(npsBucket(6)).toBe("detractor");
    expect(npsBucket(7)).toBe("passive");
    expect(npsBucket(8)).toBe("passive");
    expect(npsBucket(9)).toBe("promoter");
  });
  it("handles the extremes 0 and 10", () => {
    expect(npsBucket(0)).toBe("detractor");
    expect(npsBucket(10)).toBe("promoter");
  });
  it.each([11, -1, 7.5, Number.NaN, Infinity])("rejects %s with a RangeError", (s) => {
    expect(() => npsBucket(s)).toThrow(RangeError);
  });
});

describe("NPS", () => {
  it("reproduces DESIGN.md's worked check: n=200, P=90, D=40 -> 25.0, about ±10.6", () => {
    const r = npsFromCounts({ promoters: 90, passives: 70, detractors: 40 });
    expect(r.n).toBe(200);
    expect(r.nps).toBeCloseTo(25.0, 10);
    expect(r.promoterShare).toBeCloseTo(0.45, 12);
    expect(r.passiveShare).toBeCloseTo(0.35, 12);
    expect(r.detractorShare).toBeCloseTo(0.2, 12);
    // Plain Wald margin is the quoted ±10.6; adjusted Wald (n+3, +3/4) is a hair narrower.
    expect(npsWaldMargin(r)!).toBeCloseTo(10.62, 2);
    expect(r.interval!.margin).toBeCloseTo(10.54, 2);
    expect(Math.abs(r.interval!.margin - 10.6)).toBeLessThan(0.1);
    // Centre of the adjusted interval: (90.75 - 40.75) / 203.
    expect(r.adjustedNps!).toBeCloseTo((100 * 50) / 203, 10);
    expect(r.interval!.low).toBeCloseTo(r.adjustedNps! - r.interval!.margin, 10);
    expect(r.interval!.high).toBeCloseTo(r.adjustedNps! + r.interval!.margin, 10);
  });

  it("reproduces DESIGN.md's comparison: 25 (n 200) vs 14 (n 180) -> z 1.39, p 0.17, not significant", () => {
    const a = npsFromCounts({ promoters: 90, passives: 70, detractors: 40 });
    const b = npsFromCounts({ promoters: 70, passives: 65, detractors: 45 });
    expect(Math.round(b.nps!)).toBe(14);
    const c = compareNps(a, b);
    expect(c.z!).toBeCloseTo(1.39, 2);
    expect(c.p!).toBeCloseTo(0.17, 2);
    expect(c.significant).toBe(false);
    expect(c.difference!).toBeCloseTo(25 - 100 * (25 / 180), 10);
    const reversed = compareNps(b, a);
    expect(reversed.z!).toBeCloseTo(-c.z!, 10);
    expect(reversed.p!).toBeCloseTo(c.p!, 10);
  });

  it("marks a large difference significant", () => {
    const a = npsFromCounts({ promoters: 300, passives: 100, detractors: 100 });
    const b = npsFromCounts({ promoters: 100, passives: 100, detractors: 300 });
    const c = compareNps(a, b);
    expect(c.significant).toBe(true);
    expect(c.p!).toBeLessThan(0.001);
  });

  it("buckets a 0..10 distribution and equals the count form", () => {
    const dist = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const r = npsFromDistribution(dist);
    expect(r.detractors).toBe(1 + 2 + 3 + 4 + 5 + 6 + 7);
    expect(r.passives).toBe(8 + 9);
    expect(r.promoters).toBe(10 + 11);
    expect(r).toEqual(npsFromCounts({ promoters: 21, passives: 17, detractors: 28 }));
  });

  it("excludes skips from n", () => {
    const r = npsFromScores([10, 9, null, 6, undefined, 7, null]);
    expect(r.n).toBe(4);
    expect(r.promoters).toBe(2);
    expect(r.passives).toBe(1);
    expect(r.detractors).toBe(1);
    expect(r.nps).toBeCloseTo(25, 12);
  });

  it("rejects invalid raw scores and malformed distributions", () => {
    expect(() => npsFromScores([5, 11])).toThrow(RangeError);
    expect(() => npsFromScores([7.5])).toThrow(RangeError);
    expect(() => npsFromDistribution([1, 2, 3])).toThrow(RangeError);
    expect(() => npsFromDistribution([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1])).toThrow(RangeError);
    expect(() => npsFromCounts({ promoters: 1.5, passives: 0, detractors: 0 })).toThrow(RangeError);
  });

  it("returns nulls for n = 0 and refuses to compare an empty side", () => {
    const empty = npsFromScores([null, undefined]);
    expect(empty.n).toBe(0);
    expect(empty.nps).toBeNull();
    expect(empty.interval).toBeNull();
    expect(empty.promoterShare).toBeNull();
    const c = compareNps(empty, npsFromCounts({ promoters: 5, passives: 0, detractors: 0 }));
    expect(c).toMatchObject({ difference: null, z: null, p: null, significant: false });
  });

  it("clamps the interval to -100..100 at the extremes", () => {
    const all = npsFromCounts({ promoters: 3, passives: 0, detractors: 0 });
    expect(all.nps).toBe(100);
    expect(all.interval!.high).toBeLessThanOrEqual(100);
    expect(all.interval!.low).toBeGreaterThan(-100);
    const none = npsFromCounts({ promoters: 0, passives: 0, detractors: 2 });
    expect(none.interval!.low).toBe(-100);
  });
});

describe("CSAT", () => {
  it("counts 4 and 5 as satisfied", () => {
    const r = csatFromDistribution([1, 2, 3, 4, 5]);
    expect(r.n).toBe(15);
    expect(r.satisfied).toBe(9);
    expect(r.csat).toBeCloseTo(9 / 15, 12);
  });

  it("gives the Wilson interval of published examples (8/10 -> 0.490..0.943)", () => {
    const r = csatFromCounts({ satisfied: 8, n: 10 });
    expect(r.interval!.low).toBeCloseTo(0.4902, 4);
    expect(r.interval!.high).toBeCloseTo(0.9433, 4);
    expect(r.interval!.margin).toBeCloseTo(0.8 - 0.4902, 4);
    // Wilson stays informative at 0 % and 100 % (values cross-checked with scipy/numpy).
    expect(csatFromCounts({ satisfied: 0, n: 10 }).interval!.high).toBeCloseTo(0.2775, 4);
    expect(csatFromCounts({ satisfied: 10, n: 10 }).interval!.low).toBeCloseTo(0.7225, 4);
    const big = csatFromCounts({ satisfied: 120, n: 150 }).interval!;
    expect(big.low).toBeCloseTo(0.7289, 4);
    expect(big.high).toBeCloseTo(0.8562, 4);
  });

  it("handles n = 0 and rejects satisfied > n", () => {
    const r = csatFromCounts({ satisfied: 0, n: 0 });
    expect(r.csat).toBeNull();
    expect(r.interval).toBeNull();
    expect(() => csatFromCounts({ satisfied: 3, n: 2 })).toThrow(RangeError);
    expect(compareProportions(r, csatFromCounts({ satisfied: 1, n: 2 })).z).toBeNull();
  });

  it("compares two proportions with the pooled z-test", () => {
    // 60/100 vs 45/100: pooled 0.525, se = sqrt(.525*.475*.02) = 0.070622 -> z = 2.124.
    const c = compareProportions(csatFromCounts({ satisfied: 60, n: 100 }), csatFromCounts({ satisfied: 45, n: 100 }));
    expect(c.difference!).toBeCloseTo(0.15, 12);
    expect(c.z!).toBeCloseTo(0.15 / Math.sqrt(0.525 * 0.475 * 0.02), 8);
    expect(c.p!).toBeCloseTo(0.0337, 3);
    expect(c.significant).toBe(true);
    const same = compareProportions(csatFromCounts({ satisfied: 5, n: 5 }), csatFromCounts({ satisfied: 9, n: 9 }));
    expect(same).toMatchObject({ difference: 0, p: 1, significant: false });
  });
});

describe("CES and rating (t interval)", () => {
  it("gives the mean, sd and t interval of a 1..7 distribution (scipy cross-check)", () => {
    const r = cesFromDistribution([2, 3, 5, 10, 20, 15, 5]);
    expect(r.n).toBe(60);
    expect(r.mean!).toBeCloseTo(4.8, 12);
    expect(r.sd!).toBeCloseTo(1.435624, 5);
    expect(r.interval!.low).toBeCloseTo(4.429139, 4);
    expect(r.interval!.high).toBeCloseTo(5.170861, 4);
  });

  it("gives the same result from SQL aggregates", () => {
    const fromDist = cesFromDistribution([2, 3, 5, 10, 20, 15, 5]);
    const fromStats = cesFromStats({ n: 60, mean: 4.8, sd: fromDist.sd });
    expect(fromStats.interval!.margin).toBeCloseTo(fromDist.interval!.margin, 12);
  });

  it("uses a wider t interval at small n (n = 2 -> t = 12.706)", () => {
    const r = ratingFromDistribution([0, 0, 1, 1, 0]);
    expect(r.mean).toBe(3.5);
    expect(r.interval!.margin).toBeCloseTo((12.7062 * Math.SQRT1_2) / Math.SQRT2, 3);
  });

  it("handles n = 0 and n = 1", () => {
    expect(cesFromDistribution([0, 0, 0, 0, 0, 0, 0])).toEqual({ n: 0, mean: null, sd: null, interval: null });
    const one = ratingFromDistribution([0, 0, 0, 0, 1]);
    expect(one.mean).toBe(5);
    expect(one.interval).toBeNull();
    expect(() => ratingFromDistribution([1, 2, 3, 4, 5, 6, 7])).toThrow(RangeError);
  });

  it("compares means with Welch's test (scipy: t = 4.0377, p = 0.000122)", () => {
    const a = cesFromDistribution([2, 3, 5, 10, 20, 15, 5]);
    const b = cesFromDistribution([5, 6, 8, 10, 8, 3, 1]);
    const c = compareMeans(a, b);
    expect(c.z!).toBeCloseTo(4.037691, 4);
    expect(c.p!).toBeCloseTo(0.000121833, 6);
    expect(c.significant).toBe(true);
  });
});

describe("distribution functions", () => {
  it("match reference tables to 3 decimals", () => {
    const table: [number, number][] = [[1, 12.706205], [2, 4.302653], [5, 2.570582], [10, 2.228139], [30, 2.042272], [120, 1.97993]];
    for (const [df, q] of table) expect(tQuantile(0.975, df)).toBeCloseTo(q, 4);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293, 6);
    expect(tCdf(-2.5, 7.3)).toBeCloseTo(0.0198251, 6);
  });
});

describe("segments", () => {
  it("shows segments under the minimum n as too few", () => {
    expect(minSegmentN).toBe(30);
    const small = npsFromCounts({ promoters: 10, passives: 10, detractors: 9 });
    expect(segmentOrTooFew(small)).toEqual({ status: "too_few", n: 29 });
    const ok = npsFromCounts({ promoters: 10, passives: 10, detractors: 10 });
    expect(segmentOrTooFew(ok)).toEqual({ status: "ok", result: ok });
    expect(segmentOrTooFew(small, 20).status).toBe("ok");
  });
});

describe("sample-size planner", () => {
  it("needs about 1,537 answers for ±5 NPS points in the worst case", () => {
    expect(npsSampleSizeFor(5)).toBe(1537);
  });
  it("needs fewer with a realistic expectation and more for a tighter margin", () => {
    const expected = { promoterShare: 0.45, detractorShare: 0.2 };
    const n = npsSampleSizeFor(5, expected);
    expect(n).toBe(Math.ceil((1.959963984540054 ** 2 * (0.65 - 0.0625)) / 0.0025));
    expect(n).toBeLessThan(1537);
    expect(npsSampleSizeFor(2.5)).toBeGreaterThan(4 * 1537 - 4);
    // The planner agrees with the interval it plans for.
    const r = npsFromCounts({ promoters: Math.round(n * 0.45), passives: Math.round(n * 0.35), detractors: Math.round(n * 0.2) });
    expect(npsWaldMargin(r)!).toBeLessThanOrEqual(5.01);
  });
  it("plans CSAT margins (±5 % worst case -> 385)", () => {
    expect(csatSampleSizeFor(0.05)).toBe(385);
    expect(csatSampleSizeFor(0.05, 0.9)).toBe(139);
  });
  it("rejects impossible margins", () => {
    expect(() => npsSampleSizeFor(0)).toThrow(RangeError);
    expect(() => npsSampleSizeFor(-5)).toThrow(RangeError);
    expect(() => csatSampleSizeFor(0)).toThrow(RangeError);
    expect(() => npsSampleSizeFor(5, { promoterShare: 0.8, detractorShare: 0.5 })).toThrow(RangeError);
  });
});

describe("month over month", () => {
  it("compares each period with the previous one", () => {
    const jan = npsFromCounts({ promoters: 70, passives: 65, detractors: 45 });
    const feb = npsFromCounts({ promoters: 90, passives: 70, detractors: 40 });
    const mar = npsFromCounts({ promoters: 300, passives: 100, detractors: 100 });
    const t = monthOverMonth([
      { period: "2026-01", result: jan },
      { period: "2026-02", result: feb },
      { period: "2026-03", result: mar },
    ]);
    expect(t.map((p) => p.period)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(t[0].change).toBeNull();
    expect(t[0].comparison).toBeNull();
    expect(t[1].change!).toBeCloseTo(feb.nps! - jan.nps!, 10);
    expect(t[1].comparison!.significant).toBe(false);
    expect(t[1].comparison!.z!).toBeCloseTo(1.39, 2);
    expect(t[2].change!).toBeCloseTo(mar.nps! - feb.nps!, 10);
  });
  it("has a CSAT analogue", () => {
    const t = csatMonthOverMonth([
      { period: "2026-01", result: csatFromCounts({ satisfied: 45, n: 100 }) },
      { period: "2026-02", result: csatFromCounts({ satisfied: 60, n: 100 }) },
    ]);
    expect(t[1].change!).toBeCloseTo(0.15, 12);
    expect(t[1].comparison!.significant).toBe(true);
  });
});

describe("metric definitions", () => {
  it("has a Korean and an English text for every metric, naming the scale", () => {
    for (const kind of ["nps", "csat", "ces", "rating"] as const) {
      expect(metricDefinitions[kind].en.length).toBeGreaterThan(20);
      expect(metricDefinitions[kind].ko).toMatch(/[\uac00-\ud7a3]/);
    }
    expect(metricDefinitions.nps.en).toContain("9-10");
    expect(metricDefinitions.nps.ko).toContain("9~10");
    expect(metricDefinitions.csat.en).toContain("4 or 5");
  });
});
