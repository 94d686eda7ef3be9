import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../../analysis/sentiment/index";
import {
  chooseModel,
  decodeModel,
  encodeModel,
  labelFromScore,
  lexiconScore,
  loadShippedModels,
  ORG_MODEL_MIN_TEXTS,
  scoreMany,
  scoreSentiment,
  trainOrgModel,
} from "../../analysis/sentiment/index";
import { mulberry32 } from "../../analysis/random";
import { parseUci } from "../../analysis/sentiment/data";
import { modelDir } from "../../analysis/sentiment/models/load";
import { buildEnglishModel, predictLabels, trainRecipe } from "../../analysis/sentiment/recipes";
import type { EnSources, Recipe } from "../../analysis/sentiment/recipes";
import type { SentimentLabel } from "../../analysis/sentiment/types";

const SMALL: Recipe = {
  id: "test-small",
  classes: ["negative", "neutral", "positive"],
  features: { bits: 14, charNgrams: [2, 4], wordNgrams: [1, 2] },
  train: { epochs: 5, lr: 0.1, l2: 1e-5, seed: 3, classWeight: "balanced" },
  nbAlpha: null,
};

const VOCAB: Record<SentimentLabel, string[]> = {
  positive: ["great", "fast", "friendly", "helpful", "love", "excellent", "smooth", "quick fix"],
  negative: ["slow", "broken", "rude", "refund", "terrible", "crash", "waited hours", "useless"],
  neutral: ["invoice", "address", "question", "monday", "account number", "form", "office", "schedule"],
};
const FILLER = ["the", "app", "support", "team", "was", "it", "our", "order", "today"];

/** Synthetic feedback: each text mixes filler with two words typical of its class. */
function synthetic(n: number, seed: number): { text: string; label: SentimentLabel }[] {
  const rng = mulberry32(seed);
  const labels: SentimentLabel[] = ["negative", "neutral", "positive"];
  const pick = <T,>(a: T[]) => a[Math.floor(rng() * a.length)];
  return Array.from({ length: n }, (_, i) => {
    const label = labels[i % 3];
    const words = [pick(FILLER), pick(VOCAB[label]), pick(FILLER), pick(VOCAB[label]), pick(FILLER)];
    return { text: words.join(" "), label };
  });
}

describe("training is deterministic given a seed", () => {
  const data = synthetic(300, 1);
  const texts = data.map((d) => d.text);
  const labels = data.map((d) => d.label);
  it("gives the same model file bytes twice, and other bytes with another seed", () => {
    const a = encodeModel(trainRecipe(SMALL, texts, labels));
    const b = encodeModel(trainRecipe(SMALL, texts, labels));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = encodeModel(trainRecipe({ ...SMALL, train: { ...SMALL.train, seed: 4 } }, texts, labels));
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
  it("survives the file format: decoded model predicts as the trained one", () => {
    const m = trainRecipe(SMALL, texts, labels, { neutralMargin: 0 });
    const d = decodeModel(encodeModel(m));
    expect(d.id).toBe(m.id);
    const test = synthetic(90, 2).map((x) => x.text);
    expect(Array.from(predictLabels(d, test))).toEqual(Array.from(predictLabels(m, test)));
  });
  it("a two-class NB-scaled model learns its classes", () => {
    const two = data.filter((d) => d.label !== "neutral");
    const m = trainRecipe({ ...SMALL, classes: ["negative", "positive"], nbAlpha: 1 }, two.map((d) => d.text), two.map((d) => d.label), { neutralMargin: 0 });
    const test = synthetic(90, 5).filter((d) => d.label !== "neutral");
    const pred = predictLabels(m, test.map((d) => d.text));
    const ok = test.filter((d, i) => (pred[i] === 2 ? "positive" : "negative") === d.label).length;
    expect(ok / test.length).toBeGreaterThan(0.9);
  });
});

describe("shipped models", () => {
  it("are on disk, each under 10 MB, and load", () => {
    const dir = modelDir();
    for (const f of ["ko.bin", "en.bin"]) expect(statSync(join(dir, f)).size).toBeLessThan(10 * 1024 * 1024);
    const m = loadShippedModels();
    expect(m.ko.classes).toEqual(["negative", "positive"]);
    expect(m.en.classes).toEqual(["negative", "neutral", "positive"]);
  });
  it("label clear Korean and English examples sensibly", () => {
    const cases: [string, SentimentLabel][] = [
      ["정말 최고예요! 너무 좋아요", "positive"],
      ["최악입니다. 다시는 안 씁니다", "negative"],
      ["The support team was wonderful and fixed it fast", "positive"],
      ["Terrible service, my order was cancelled and nobody helped", "negative"],
      ["How do I change my password?", "neutral"],
    ];
    for (const [text, label] of cases) {
      const r = scoreSentiment(text);
      expect(r.label, text).toBe(label);
      expect(r.modelId).toBe(detectModel(text));
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });
  it("give neutral for weak evidence: empty, numbers, punctuation, a bare 'ok'", () => {
    for (const t of ["", "   ", "12345", "!!!", "ok"]) {
      expect(scoreSentiment(t).label, JSON.stringify(t)).toBe("neutral");
    }
    expect(scoreSentiment("").confidence).toBe(0);
  });
  it("honour a forced language and an explicit model", () => {
    expect(scoreSentiment("좋아요", { lang: "en" }).modelId).toBe(loadShippedModels().en.id);
    const org = trainOrgModel(synthetic(120, 9).map((d) => ({ text: d.text, score: d.label === "positive" ? 10 : d.label === "neutral" ? 8 : 2, scale: "nps" as const })));
    expect(scoreSentiment("great and fast", { model: org.model }).modelId).toBe(org.model.id);
  });
  it("scoreMany agrees with scoreSentiment", () => {
    const texts = ["너무 좋아요", "awful", "what time is it?"];
    expect(scoreMany(texts)).toEqual(texts.map((t) => scoreSentiment(t)));
  });
  it("never maps text to an NPS: no exported function is named like one", () => {
    expect(Object.keys(api).filter((k) => /nps|promoter/i.test(k))).toEqual([]);
  });
});

function detectModel(text: string): string {
  const m = loadShippedModels();
  return /[\uac00-\ud7a3]/.test(text) ? m.ko.id : m.en.id;
}

describe("organisation models", () => {
  it("maps NPS and CSAT scores to three classes and rejects out-of-range scores", () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => labelFromScore(s, "nps"))).toEqual(["negative", "negative", "neutral", "neutral", "positive", "positive"]);
    expect([1, 2, 3, 4, 5].map((s) => labelFromScore(s, "csat"))).toEqual(["negative", "negative", "neutral", "positive", "positive"]);
    expect(() => labelFromScore(11, "nps")).toThrow(RangeError);
    expect(() => labelFromScore(0, "csat")).toThrow(RangeError);
    expect(() => labelFromScore(4.5, "csat")).toThrow(RangeError);
  });
  it("report a high cross-validated macro-F1 on learnable data and a chance-level one on shuffled labels", () => {
    const data = synthetic(240, 11);
    const score = (l: SentimentLabel) => (l === "negative" ? 1 : l === "neutral" ? 3 : 5);
    const good = trainOrgModel(data.map((d) => ({ text: d.text, score: score(d.label), scale: "csat" as const })), { seed: 1 });
    expect(good.n).toBe(240);
    expect(good.cvMacroF1).toBeGreaterThan(0.85);
    expect(good.perClass.negative.n).toBe(80);
    expect(good.perClass.neutral.f1).toBeGreaterThan(0.7);
    const rng = mulberry32(3);
    const shuffled = data.map((d) => ({ text: d.text, score: [1, 3, 5][Math.floor(rng() * 3)], scale: "csat" as const }));
    expect(trainOrgModel(shuffled, { seed: 1 }).cvMacroF1).toBeLessThan(0.5);
  });
  it("are deterministic given the seed", () => {
    const items = synthetic(90, 4).map((d) => ({ text: d.text, score: d.label === "positive" ? 9 : d.label === "neutral" ? 7 : 3, scale: "nps" as const }));
    const a = trainOrgModel(items, { seed: 2 });
    const b = trainOrgModel(items, { seed: 2 });
    expect(a.cvMacroF1).toBe(b.cvMacroF1);
    expect(Buffer.from(encodeModel(a.model)).equals(Buffer.from(encodeModel(b.model)))).toBe(true);
  });
  it("chooseModel switches to the org model only with enough texts in every class and a better score", () => {
    const per = (n: number) => ({ n, precision: 0.8, recall: 0.8, f1: 0.8 });
    const base = { cvMacroF1: 0.8, shippedMacroF1: 0.6, perClass: { negative: per(200), neutral: per(200), positive: per(200) } };
    expect(chooseModel(null).use).toBe("shipped");
    expect(chooseModel({ ...base, n: ORG_MODEL_MIN_TEXTS - 1 }).use).toBe("shipped");
    expect(chooseModel({ ...base, n: ORG_MODEL_MIN_TEXTS }).use).toBe("org");
    expect(chooseModel({ ...base, n: 5000, shippedMacroF1: 0.85 }).use).toBe("shipped");
    expect(chooseModel({ ...base, n: 5000, perClass: { ...base.perClass, neutral: per(3) } }).use).toBe("shipped");
  });
});

const DATA = join(process.cwd(), "..", "shared", "data", "uci_sentiment");
describe.skipIf(!existsSync(DATA))("AFINN lexicon regression on UCI sentences (needs ../shared/data)", () => {
  const require = createRequire(import.meta.url);
  const Sentiment = require("sentiment");
  const pkg = new Sentiment();
  for (const [file, published] of [
    ["amazon_cells_labelled.txt", 0.726],
    ["imdb_labelled.txt", 0.765],
    ["yelp_labelled.txt", 0.696],
  ] as const) {
    it(`${file}: accuracy ${published} (comparative >= 0 -> positive), as the package publishes`, () => {
      const rows = parseUci(readFileSync(join(DATA, file), "utf8"));
      expect(rows).toHaveLength(1000);
      let ok = 0;
      for (const r of rows) {
        const s = lexiconScore(r.text);
        expect(s.score).toBe(pkg.analyze(r.text).score);
        if ((s.binaryLabel === "positive" ? 1 : 0) === r.label) ok++;
      }
      expect(ok / rows.length).toBe(published);
    });
  }
});

describe("lexiconScore", () => {
  it("explains its score by word, flipping a word after a negator", () => {
    const r = lexiconScore("The staff were not helpful but the room was great");
    expect(r.words).toEqual(expect.arrayContaining([{ word: "helpful", score: -2 }, { word: "great", score: 3 }]));
    expect(r.score).toBe(1);
  });
});

// ../shared/data beside the checkout; from a worktree (one level deeper) one level further up
const SHARED = [join(process.cwd(), "..", "shared", "data"), join(process.cwd(), "..", "..", "shared", "data")].find((d) => existsSync(d)) ?? join(process.cwd(), "..", "shared", "data");
describe.skipIf(!existsSync(join(SHARED, "banking77")))("shipped English model rebuilds byte for byte (needs ../shared/data)", () => {
  it("buildEnglishModel(shared data) encodes to the bytes of models/en.bin", () => {
    const paths = [
      "uci_sentiment/amazon_cells_labelled.txt",
      "uci_sentiment/imdb_labelled.txt",
      "uci_sentiment/yelp_labelled.txt",
      "banking77/train.csv",
    ];
    const src = Object.fromEntries(paths.map((p) => [p, readFileSync(join(SHARED, p), "utf8")])) as EnSources;
    const built = Buffer.from(encodeModel(buildEnglishModel(src)));
    expect(built.equals(readFileSync(join(modelDir(), "en.bin")))).toBe(true);
  }, 300_000); // about 6 s alone; minutes on a shared, busy machine
});
