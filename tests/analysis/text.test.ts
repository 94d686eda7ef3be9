import { describe, expect, it } from "vitest";
import {
  FeatureExtractor,
  charNgramIndex,
  detectLanguage,
  hangulNgrams,
  textFeatures,
  tokenize,
  tokenizeEnglish,
  tokenizeKorean,
  wordBigramIndex,
  wordFeatureIndex,
} from "../../analysis/text/index";

describe("detectLanguage", () => {
  it("tells Korean, English and other apart", () => {
    expect(detectLanguage("배송이 너무 느려요")).toBe("ko");
    expect(detectLanguage("The delivery was slow")).toBe("en");
    expect(detectLanguage("Привет, как дела?")).toBe("other");
    expect(detectLanguage("こんにちは")).toBe("other");
  });
  it("says other when there are no letters", () => {
    expect(detectLanguage("")).toBe("other");
    expect(detectLanguage("12345 !!! ...")).toBe("other");
  });
  it("calls Korean text with English brand names Korean", () => {
    expect(detectLanguage("삼성 galaxy 배터리가 금방 닳아요")).toBe("ko");
    expect(detectLanguage("I really love my new 삼성")).toBe("en");
  });
});

describe("tokenizeEnglish", () => {
  it("lower-cases words and marks negation until punctuation", () => {
    expect(tokenizeEnglish("This is NOT good, but fine")).toEqual(["this", "is", "not", "NEG_good", "but", "fine"]);
  });
  it("treats n't words and never/no as negators", () => {
    expect(tokenizeEnglish("I don't like it. Never again! No refunds")).toEqual([
      "i", "don't", "NEG_like", "NEG_it", "never", "NEG_again", "no", "NEG_refunds",
    ]);
    expect(tokenizeEnglish("It didn’t work")).toEqual(["it", "didn't", "NEG_work"]);
  });
  it("keeps emoji as tokens of their own", () => {
    expect(tokenizeEnglish("great😊")).toEqual(["great", "😊"]);
  });
});

describe("tokenizeKorean", () => {
  it("gives whitespace words then Hangul character n-grams", () => {
    const t = tokenizeKorean("너무 좋아요", { ngrams: [1, 2] });
    expect(t.slice(0, 2)).toEqual(["너무", "좋아요"]);
    expect(t).toContain("좋아");
    expect(t).toContain("아요");
    expect(t).toContain("좋");
    expect(t.filter((x) => x === "너무")).toHaveLength(1); // the n-gram equal to the word is not repeated
    expect(t).not.toContain("무 좋"); // n-grams stay inside words
  });
  it("handles mixed Korean and English text", () => {
    const t = tokenize("앱이 자꾸 crash 나요!", "auto");
    expect(t).toContain("crash");
    expect(t).toContain("앱이");
    expect(t).toContain("자꾸");
    expect(hangulNgrams("ab가나다", 2, 3)).toEqual(["가나", "가나다", "나다"]);
  });
});

describe("textFeatures", () => {
  it("hashes the same tokens the tokenisers produce (negation included)", () => {
    const f = textFeatures("not good", "en", { bits: 18, charNgrams: [0, 0] });
    const idx = new Set(f.indices);
    expect(idx.has(wordFeatureIndex("not", 18))).toBe(true);
    expect(idx.has(wordFeatureIndex("NEG_good", 18))).toBe(true);
    expect(idx.has(wordFeatureIndex("good", 18))).toBe(false);
    expect(idx.has(wordBigramIndex("not", "NEG_good", 18))).toBe(true);
    expect(f.indices.length).toBe(3);
  });
  it("adds character n-grams across the space-normalised text", () => {
    const f = textFeatures("안   좋아", "ko", { bits: 18, wordNgrams: [0, 0], charNgrams: [1, 3] });
    const idx = new Set(f.indices);
    expect(idx.has(charNgramIndex("안 좋", 18))).toBe(true);
    expect(idx.has(charNgramIndex("좋아", 18))).toBe(true);
    expect(idx.has(charNgramIndex(" ", 18))).toBe(false);
  });
  it("is deterministic, de-duplicated and unit length", () => {
    const a = textFeatures("정말 정말 좋아요 좋아요", "ko");
    const b = textFeatures("정말 정말 좋아요 좋아요", "ko");
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(new Set(a.indices).size).toBe(a.indices.length);
    const norm = Math.sqrt(a.values.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
  });
  it("an extractor reused across texts leaves no residue", () => {
    const fx = new FeatureExtractor({ bits: 16 });
    fx.extract("first text with many words in it", "en");
    const n = fx.extract("ok", "en");
    const fresh = textFeatures("ok", "en", { bits: 16 });
    expect(Array.from(fx.val.slice(0, n))).toEqual(Array.from(fresh.values));
  });
  it("matches a string-by-string reference on a long text (past the de-duplication table's first size)", () => {
    const text = Array.from({ length: 200 }, (_, i) => `w${i} 단어${i % 23} not great${i % 5}.`).join(" ");
    const bits = 18;
    const f = textFeatures(text, "en", { bits, charNgrams: [2, 3], wordNgrams: [1, 1], weighting: "count", normalize: false, maxChars: 1e6 });
    const expected = new Map<number, number>();
    const bump = (b: number) => expected.set(b, (expected.get(b) ?? 0) + 1);
    for (const t of tokenizeEnglish(text)) bump(wordFeatureIndex(t, bits));
    const stream = ` ${text.toLowerCase().replace(/\s+/g, " ").trim()} `;
    for (let a = 0; a < stream.length; a++) for (let n = 2; n <= 3 && a + n <= stream.length; n++) bump(charNgramIndex(stream.slice(a, a + n), bits));
    expect(f.indices.length).toBe(expected.size);
    expect(f.indices.length).toBeGreaterThan(512);
    f.indices.forEach((b, k) => expect(f.values[k]).toBe(expected.get(b)));
  });
  it("gives no features for empty text", () => {
    expect(textFeatures("", "en").indices.length).toBe(0);
  });
});
