import { describe, expect, it } from "vitest";
import { assignSeededThemes } from "../../analysis/themes/seeded.js";
import { discoverThemes, distinctiveTerms } from "../../analysis/themes/discover.js";
import { koreanLabelForm, koreanStem, labelStem } from "../../analysis/text/stem.js";
import { themeNpsImpact, themeNpsImpactFromCounts } from "../../analysis/themes/impact.js";
import { binomial } from "../../analysis/random.js";
import { ari, matchedAccuracy, nmi } from "../../analysis/themes/quality.js";
import { mulberry32 } from "../../analysis/random.js";
import { linearScores, trainSoftmax } from "../../analysis/themes/softmax.js";

// Synthetic feedback: clear topics in English and Korean; each text draws topic words and
// shared filler words at random with a seed, so topics have no fixed phrasing.
const TOPICS: Record<string, string[]> = {
  refund: "refund money back reimbursement refunded charge returned cancelled order payment owed waiting bank".split(" "),
  login: "login password reset sign account locked code authentication email verify username app".split(" "),
  delivery: "delivery parcel shipping courier arrived late damaged address tracking box driver package".split(" "),
  환불: "환불이 환불 결제 취소가 환불금이 카드 돈을 돌려받지 계좌로 입금이 취소 요청".split(" "),
  배송: "배송이 택배가 배달이 상품이 도착 늦게 파손 주소 기사님 송장 박스가 배송".split(" "),
};
const FILLER = ["please", "help", "again", "today", "really", "요즘", "정말", "너무", "still", "very"];

function synth(perTopic: number, seed: number) {
  const rng = mulberry32(seed);
  const pick = (xs: string[]) => xs[Math.floor(rng() * xs.length)];
  const texts: string[] = [];
  const labels: string[] = [];
  for (const [topic, vocab] of Object.entries(TOPICS))
    for (let i = 0; i < perTopic; i++) {
      const w: string[] = [];
      for (let j = 0; j < 5; j++) w.push(pick(vocab));
      for (let j = 0; j < 2; j++) w.splice(Math.floor(rng() * w.length), 0, pick(FILLER));
      texts.push(w.join(" "));
      labels.push(topic);
    }
  return { texts, labels };
}
const examplesOf = (name: string, seed: number) => {
  const s = synth(6, seed);
  return s.texts.filter((_, i) => s.labels[i] === name);
};

describe("quality metrics", () => {
  it("NMI and ARI are 1 for the same partition under renaming, ~0 for independent ones", () => {
    const a = [0, 0, 1, 1, 2, 2];
    const b = [5, 5, 9, 9, 7, 7];
    expect(nmi(a, b)).toBeCloseTo(1, 10);
    expect(ari(a, b)).toBeCloseTo(1, 10);
    // crossed 2x2 design: no information either way
    expect(nmi([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 10);
    expect(ari([0, 0, 1, 1], [0, 1, 0, 1])).toBeLessThan(0);
  });
  it("matches scikit-learn on a hand-checked case", () => {
    // sklearn: normalized_mutual_info_score([0,0,0,1,1,1],[0,0,1,1,2,2]) = 0.5158037429793889
    // adjusted_rand_score(...) = 0.24242424242424246
    expect(nmi([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.5158037, 6);
    expect(ari([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.2424242, 6);
  });
  it("matched accuracy uses the best one-to-one mapping", () => {
    expect(matchedAccuracy([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1])).toBe(1);
    expect(matchedAccuracy([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 1])).toBeCloseTo(5 / 6, 10);
  });
});

describe("seeded themes", () => {
  const { texts, labels } = synth(30, 7);
  const seeds = Object.keys(TOPICS).map((name) => ({ name, examples: examplesOf(name, 100) }));

  it("assigns Korean and English items to the right theme", () => {
    const r = assignSeededThemes(texts, seeds);
    const acc = r.assignments.filter((a, i) => a.best === labels[i]).length / texts.length;
    expect(acc).toBeGreaterThan(0.9);
    for (const a of r.assignments) {
      expect(a.confidence).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
    }
  });

  it("leaves off-topic items unassigned, below the threshold", () => {
    const offTopic = ["the weather is lovely and sunny", "오늘 점심 메뉴는 김치찌개", "my cat sleeps all afternoon"];
    const r = assignSeededThemes([...texts, ...offTopic], seeds);
    const tail = r.assignments.slice(texts.length);
    for (const a of tail) {
      expect(a.theme).toBeNull();
      expect(a.confidence).toBeLessThan(r.threshold);
    }
    const assigned = r.assignments.slice(0, texts.length).filter((a) => a.theme !== null).length;
    expect(assigned / texts.length).toBeGreaterThan(0.8);
    // a fixed threshold above every score leaves everything unassigned
    expect(assignSeededThemes(texts, seeds, { threshold: 1.01 }).assignments.every((a) => a.theme === null)).toBe(true);
  });

  it("refuses themes with fewer than five examples", () => {
    expect(() => assignSeededThemes(texts, [{ name: "x", examples: ["a", "b"] }])).toThrow(/at least 5/);
  });
});

describe("discovery", () => {
  const { texts, labels } = synth(40, 3);
  const truth = labels.map((l) => Object.keys(TOPICS).indexOf(l));

  it("finds planted clusters with k given, readable labels, quotes and sizes", () => {
    const sentiment = labels.map((l) => (l === "login" ? -0.5 : 0.2));
    const r = discoverThemes(texts, { k: 5, seed: 1, sentiment });
    expect(nmi(truth, r.assignments)).toBeGreaterThan(0.8);
    expect(r.themes.length).toBe(5);
    expect(r.themes.reduce((s, t) => s + t.size, 0)).toBe(texts.length);
    for (const t of r.themes) {
      expect(t.quotes.length).toBe(3);
      expect(new Set(t.quotes).size).toBe(3);
      expect(t.share).toBeCloseTo(t.size / texts.length, 10);
      // labels are words of the texts (Korean ones less their particle), not character n-grams or function words
      for (const term of t.terms) {
        expect(texts.some((x) => x.toLowerCase().split(/\s+/).some((w) => w === term || koreanLabelForm(w) === term))).toBe(true);
        expect(FILLER.slice(0, 5)).not.toContain(term);
      }
    }
    const loginTheme = r.themes.find((t) => t.quoteIndices.every((i) => labels[i] === "login"))!;
    expect(loginTheme).toBeDefined();
    expect(loginTheme.meanSentiment).toBeLessThan(0);
    expect(r.stability).toBeGreaterThan(0.5);
  });

  it("labels read one form of a word: English variants once, Korean words without particles", () => {
    const texts = [
      ...Array.from({ length: 12 }, (_, i) => ["charged twice for my order", "charges on my card again", "why was i charged", "refund the charges"][i % 4]),
      ...Array.from({ length: 12 }, (_, i) => ["배송이 너무 늦어요", "배송은 언제 오나요", "배송을 기다리고 있어요", "택배가 안 와요"][i % 4]),
    ];
    const terms = distinctiveTerms(texts.map((t) => t.split(" ")), texts.map((_, i) => (i < 12 ? 0 : 1)), 2);
    expect(terms[0]).toContain("charged");
    expect(terms[0]).not.toContain("charges"); // the same stem as "charged", scored lower
    expect(terms[1][0]).toBe("배송"); // 배송이 / 배송은 / 배송을 counted apart, shown once and bare
    expect(terms[1].filter((w) => w.startsWith("배송"))).toHaveLength(1);
    expect(terms[1]).not.toContain("너무"); // degree adverbs name no topic
    expect(new Set(terms.flat().map(labelStem)).size).toBe(terms.flat().length);
  });

  it("Korean label words: a verb once whatever its ending, a particle cut only where it is one", () => {
    expect(["없네요", "없지만", "없어요", "좋습니다"].map(koreanStem)).toEqual(["없", "없", "없", "좋"]);
    // particles leave two syllables or nothing is cut; the longest ending decides
    expect(["배송이", "아이", "집에서", "하지만", "입니다"].map(koreanStem)).toEqual(["배송", "아이", "집에서", "하지만", "입니다"]);
    expect(["없지만", "배송은", "서비스에서는", "가격이다"].map(koreanLabelForm)).toEqual(["없지만", "배송", "서비스", "가격이다"]);
    const texts = Array.from({ length: 24 }, (_, i) =>
      i < 12 ? ["알림이 없네요 정말", "알림은 없지만 괜찮아요", "알림 설정이 없네요", "알림이 오지 않아요"][i % 4] : ["가격이 비싸요", "가격은 올랐어요", "요금이 비싸요", "가격 인상"][i % 4],
    );
    const terms = distinctiveTerms(texts.map((t) => t.split(" ")), texts.map((_, i) => (i < 12 ? 0 : 1)), 3);
    expect(terms[0]).toContain("알림");
    expect(terms[0].filter((w) => w.startsWith("없"))).toHaveLength(1); // 없네요 / 없지만: one word
  });

  it("is deterministic for a seed", () => {
    const a = discoverThemes(texts, { k: 5, seed: 4, stability: false });
    const b = discoverThemes(texts, { k: 5, seed: 4, stability: false });
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
    expect(a.themes.map((t) => t.label)).toEqual(b.themes.map((t) => t.label));
  });

  it("chooses k automatically within a sensible range", () => {
    const r = discoverThemes(texts, { seed: 1, stability: false });
    expect(r.k).toBeGreaterThanOrEqual(4);
    expect(r.k).toBeLessThanOrEqual(8);
    expect(r.kScores.length).toBeGreaterThan(2);
    expect(nmi(truth, r.assignments)).toBeGreaterThan(0.7);
  });

  it("fits the LSA basis and the centres on a sample without changing what it finds", () => {
    // the sample path (basis fitted on 120 of 200 items, the rest projected and assigned) must find
    // the same planted clusters as the fit on every item: no size switch changes the answer
    const all = discoverThemes(texts, { k: 5, seed: 2, stability: false });
    const sampled = discoverThemes(texts, { k: 5, seed: 2, stability: false, sampleLimit: 120 });
    expect(nmi(truth, all.assignments)).toBeGreaterThan(0.8);
    expect(nmi(truth, sampled.assignments)).toBeGreaterThan(0.8);
    expect(ari(all.assignments, sampled.assignments)).toBeGreaterThan(0.8);
  });

  it("drops clusters below the minimum size", () => {
    // The same run with nothing dropped gives the cluster sizes (28 25 21 19 17 17 15 15 12 12 11
    // 8 at the time of writing); a minimum at the median keeps the larger half and must drop the rest.
    const all = discoverThemes(texts, { k: 12, seed: 1, minSize: 1, stability: false });
    const sizes = all.themes.map((t) => t.size);
    const min = sizes[sizes.length >> 1];
    const r = discoverThemes(texts, { k: 12, seed: 1, minSize: min, stability: false });
    const kept = sizes.filter((s) => s >= min);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(sizes.length);
    expect(r.themes.map((t) => t.size)).toEqual(kept);
    const unassigned = Array.from(r.assignments).filter((a) => a === -1).length;
    expect(unassigned).toBe(sizes.filter((s) => s < min).reduce((a, s) => a + s, 0));
    expect(unassigned).toBeGreaterThan(0);
  });
});

describe("theme impact on NPS", () => {
  it("is NPS(all) minus NPS(outside the theme), with a seeded interval around it", () => {
    // 10 respondents: 4 in the theme (all detractors), 6 outside (4 promoters, 2 passives).
    // NPS all = 100 (4 - 4) / 10 = 0; outside = 100 (4 - 0) / 6 = 66.7; impact = -66.7 points.
    const scores = [2, 3, 5, 6, 10, 9, 10, 9, 7, 8];
    const inTheme = [true, true, true, true, false, false, false, false, false, false];
    const r = themeNpsImpact(scores, inTheme, { seed: 3 });
    expect(r.npsAll).toBeCloseTo(0, 10);
    expect(r.npsOutside).toBeCloseTo(66.6667, 3);
    expect(r.impact).toBeCloseTo(-66.6667, 3);
    expect(r.interval!.low).toBeLessThanOrEqual(r.impact!);
    expect(r.interval!.high).toBeGreaterThanOrEqual(r.impact!);
    expect(r.interval!.high).toBeLessThan(0);
    expect(themeNpsImpact(scores, inTheme, { seed: 3 })).toEqual(r);
  });
  it("from six counts gives exactly what the respondents give (the SQL aggregate path)", () => {
    const scores = [2, 3, 5, 6, 10, 9, 10, 9, 7, 8];
    const inTheme = [true, true, true, true, false, false, false, false, false, false];
    const fromCounts = themeNpsImpactFromCounts({ promoters: 0, passives: 0, detractors: 4 }, { promoters: 4, passives: 2, detractors: 0 }, { seed: 3 });
    expect(fromCounts).toEqual(themeNpsImpact(scores, inTheme, { seed: 3 }));
  });
  it("at a million respondents the bootstrap interval matches the delta-method width", () => {
    // Inside: 20,000 respondents, P 2,000 / D 12,000; outside: 980,000, P 490,000 / D 196,000.
    // NPS all = 100 (492,000 - 208,000) / 1,000,000 = 28.4; outside = 100 (294,000 / 980,000) = 30.0;
    // impact = -1.6 points = share inside (0.02) x (NPS inside -50 - NPS outside 30), near enough.
    // Delta method: the inside mean's error 100 x 0.02 x sqrt(0.45 / 20,000) = 0.0095 points and the
    // share's 100 x sqrt(0.02 x 0.98 / 1e6) x 0.8 = 0.0112 points give a 95 % half-width of
    // 1.96 x sqrt(0.0095^2 + 0.0112^2) = 0.0288 points.
    const r = themeNpsImpactFromCounts({ promoters: 2_000, passives: 6_000, detractors: 12_000 }, { promoters: 490_000, passives: 294_000, detractors: 196_000 }, { seed: 11 });
    expect(r.nAll).toBe(1_000_000);
    expect(r.impact).toBeCloseTo(-1.6, 10);
    expect(r.interval!.low).toBeLessThan(-1.6);
    expect(r.interval!.high).toBeGreaterThan(-1.6);
    expect(r.interval!.high).toBeLessThan(0);
    const half = (r.interval!.high - r.interval!.low) / 2;
    expect(half).toBeGreaterThan(0.0288 * 0.85);
    expect(half).toBeLessThan(0.0288 * 1.15);
  });
  it("binomial draws have the right mean and variance, exact and approximate regimes", () => {
    for (const [n, p] of [[40, 0.1], [1_000_000, 0.00001], [1_000_000, 0.3], [500, 0.97]] as const) {
      const rng = mulberry32(5);
      const draws = Array.from({ length: 20_000 }, () => binomial(rng, n, p));
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
      expect(Math.abs(mean - n * p) / Math.sqrt((n * p * (1 - p)) / draws.length)).toBeLessThan(4);
      expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.93);
      expect(variance / (n * p * (1 - p))).toBeLessThan(1.07);
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThanOrEqual(n);
    }
  });
  it("skips blank scores and reports null when nobody is in the theme", () => {
    const r = themeNpsImpact([10, null, 0], [false, true, false]);
    expect(r.nAll).toBe(2);
    expect(r.impact).toBeNull();
  });
});

describe("softmax classifier (seeded themes)", () => {
  it("learns which columns mark which class, and scores unseen rows by them", () => {
    // class c owns columns 2c and 2c+1; column 9 is shared noise every row carries
    const rows: [number, number][][] = [];
    const y: number[] = [];
    for (let c = 0; c < 3; c++)
      for (let r = 0; r < 4; r++) {
        rows.push([[2 * c + (r % 2), 0.8], [9, 0.6]]);
        y.push(c);
      }
    const toCsr = (rs: [number, number][][]) => {
      const indptr = new Int32Array(rs.length + 1);
      rs.forEach((r, i) => (indptr[i + 1] = indptr[i] + r.length));
      return { nRows: rs.length, nCols: 10, indptr, indices: Int32Array.from(rs.flat().map((e) => e[0])), data: Float32Array.from(rs.flat().map((e) => e[1])) };
    };
    const m = trainSoftmax(toCsr(rows), y, 3);
    // an unseen row with both of class 2's columns, and one with a column no example had
    const s = linearScores(m, toCsr([[[4, 0.5], [5, 0.5], [9, 0.7]], [[8, 1]]]));
    const argmax = (o: number) => [0, 1, 2].reduce((b, c) => (s[o + c] > s[o + b] ? c : b), 0);
    expect(argmax(0)).toBe(2);
    expect([s[3], s[4], s[5]]).toEqual([0, 0, 0]);
  });
});
