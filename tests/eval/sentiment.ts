/**
 * Sentiment figures on ../shared/data (earlier rounds, before the locked protocol of run.ts):
 * `npx tsx tests/eval/sentiment.ts [DATA_DIR]` prints them (learning curves, UCI folds).
 * Fixed splits and seeds throughout, so every figure is reproducible.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { mulberry32, permutation } from "../../analysis/random";
import { parseNsmc, parseUci, ratingToLabel } from "../../analysis/sentiment/data";
import { accuracy, macroF1, stratifiedFolds } from "../../analysis/sentiment/evaluate";
import { lexiconScore } from "../../analysis/sentiment/lexicon";
import { decodeModel, encodeModel } from "../../analysis/sentiment/model";
import { loadShippedModels } from "../../analysis/sentiment/models/load";
import { scoreManyWith } from "../../analysis/sentiment/score";
import { ORG_MODEL_MIN_TEXTS, ORG_NEUTRAL_MARGIN, ORG_RECIPE } from "../../analysis/sentiment/org";
import { EN_RECIPE, KO_RECIPE, LABEL_INDEX, byRatingHalves, englishSet, predictLabels, splitRows, trainRecipe, tuneNeutralMargin } from "../../analysis/sentiment/recipes";
import type { EnSources } from "../../analysis/sentiment/recipes";
import type { Recipe } from "../../analysis/sentiment/recipes";
import type { EvalRow } from "./types";

/** The 80/20 split of train_balanced_100k.tsv. */
export const NSMC_SPLIT_SEED = 42;
export const CURVE_SIZES = [100, 200, 500, 1000, 2000, 3000];
const CURVE_REPEATS = 3;

const UCI = [
  { file: "amazon_cells_labelled.txt", name: "Amazon", lexicon: 0.726, lr: 0.816 },
  { file: "imdb_labelled.txt", name: "IMDB", lexicon: 0.765, lr: 0.778 },
  { file: "yelp_labelled.txt", name: "Yelp", lexicon: 0.696, lr: 0.82 },
];

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Korean binary accuracy on the held-out 20 %, model trained on the 80 % and passed through the file format. */
export function koreanHoldout(dataDir: string): number {
  const rows = parseNsmc(readFileSync(join(dataDir, "nsmc/train_balanced_100k.tsv"), "utf8"));
  const { first, rest } = splitRows(rows.length, 0.8, NSMC_SPLIT_SEED);
  const m = decodeModel(encodeModel(trainRecipe(KO_RECIPE, first.map((i) => rows[i].text), first.map((i) => (rows[i].label === 1 ? "positive" : "negative")))));
  const binary = { ...m, neutralMargin: 0 }; // binary task: no neutral
  const pred = predictLabels(binary, rest.map((i) => rows[i].text));
  return accuracy(Int32Array.from(rest, (i) => (rows[i].label === 1 ? 2 : 0)), pred);
}

/** 5-fold (stratified, seeded) binary accuracy of the English recipe's learner on one UCI file. */
export function uciFiveFold(texts: string[], labels: (0 | 1)[]): number {
  const recipe: Recipe = { ...EN_RECIPE, classes: ["negative", "positive"] };
  const y = Int32Array.from(labels);
  const fold = stratifiedFolds(y, 5, mulberry32(5));
  const pred = new Int32Array(texts.length);
  for (let f = 0; f < 5; f++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < texts.length; i++) (fold[i] === f ? te : tr).push(i);
    const m = trainRecipe(recipe, tr.map((i) => texts[i]), tr.map((i) => (labels[i] ? "positive" : "negative")));
    const p = predictLabels({ ...m, neutralMargin: 0 }, te.map((i) => texts[i]));
    te.forEach((i, j) => { pred[i] = p[j] === 2 ? 1 : 0; });
  }
  return accuracy(y, pred);
}

export type CurvePoint = { n: number; orgMacroF1: number; shippedMacroF1: number };

/**
 * Learning curve: an organisation's model trained on n scored texts against the shipped
 * Korean model, three classes (ratings 1-4 / 5-7 / 8-10), on the curve half of
 * by_rating_1k_each (never seen by the shipped model): 3,000 texts to draw from, 2,000 to test.
 */
export function learningCurve(dataDir: string): CurvePoint[] {
  const br = parseNsmc(readFileSync(join(dataDir, "nsmc/by_rating_1k_each.tsv"), "utf8"));
  const { curve } = byRatingHalves(br.length);
  const pool = curve.slice(0, 3000).map((i) => br[i]);
  const test = curve.slice(3000).map((i) => br[i]);
  const truth = Int32Array.from(test, (r) => LABEL_INDEX[ratingToLabel(r.rating)]);
  const testTexts = test.map((r) => r.text);
  const shipped = macroF1(truth, predictLabels(loadShippedModels().ko, testTexts), 3);
  return CURVE_SIZES.map((n) => {
    let sum = 0;
    for (let rep = 1; rep <= CURVE_REPEATS; rep++) {
      const pick = permutation(pool.length, mulberry32(1000 + rep)).slice(0, n).map((i) => pool[i]);
      const m = trainRecipe(
        { ...ORG_RECIPE, train: { ...ORG_RECIPE.train, seed: rep } },
        pick.map((r) => r.text),
        pick.map((r) => ratingToLabel(r.rating)),
        { neutralMargin: ORG_NEUTRAL_MARGIN },
      );
      sum += macroF1(truth, predictLabels(m, testTexts), 3);
    }
    return { n, orgMacroF1: sum / CURVE_REPEATS, shippedMacroF1: shipped };
  });
}

export const DOMAIN_CURVE_SIZES = [50, 100, 200, 400, 800];

/**
 * Learning curve where the shipped model is out of its domain, as it is on an organisation's
 * own feedback: for each UCI file, the English recipe trained without that file (margin tuned
 * as for the shipped model) against an organisation model trained on n sentences of it;
 * macro-F1 over negative/positive on 200 held-out sentences, 3 seeded splits.
 */
export function domainCurves(dataDir: string): { file: string; points: CurvePoint[] }[] {
  const paths = [
    "uci_sentiment/amazon_cells_labelled.txt",
    "uci_sentiment/imdb_labelled.txt",
    "uci_sentiment/yelp_labelled.txt",
    "banking77/train.csv",
  ];
  const src = Object.fromEntries(paths.map((p) => [p, readFileSync(join(dataDir, p), "utf8")])) as EnSources;
  const all = englishSet(src);
  return UCI.map((u) => {
    const tag = `uci:${u.file.replace("_labelled.txt", "")}`;
    const rest = all.filter((r) => r.source !== tag);
    const own = all.filter((r) => r.source === tag);
    const { first, rest: tuneRows } = splitRows(rest.length, 0.8, 7);
    const probe = trainRecipe(EN_RECIPE, first.map((i) => rest[i].text), first.map((i) => rest[i].label));
    const margin = tuneNeutralMargin(probe, tuneRows.map((i) => rest[i].text), tuneRows.map((i) => rest[i].label)).margin;
    const outOfDomain = trainRecipe(EN_RECIPE, rest.map((r) => r.text), rest.map((r) => r.label), { neutralMargin: margin });
    const sums = DOMAIN_CURVE_SIZES.map(() => ({ org: 0, shipped: 0 }));
    for (let rep = 1; rep <= CURVE_REPEATS; rep++) {
      const perm = permutation(own.length, mulberry32(2000 + rep));
      const test = perm.slice(0, 200).map((i) => own[i]);
      const pool = perm.slice(200).map((i) => own[i]);
      const truth = Int32Array.from(test, (r) => LABEL_INDEX[r.label]);
      const testTexts = test.map((r) => r.text);
      const shipped = macroF1(truth, predictLabels(outOfDomain, testTexts), 3);
      DOMAIN_CURVE_SIZES.forEach((n, k) => {
        const pick = pool.slice(0, n);
        const m = trainRecipe({ ...ORG_RECIPE, train: { ...ORG_RECIPE.train, seed: rep } }, pick.map((r) => r.text), pick.map((r) => r.label), { neutralMargin: ORG_NEUTRAL_MARGIN });
        sums[k].org += macroF1(truth, predictLabels(m, testTexts), 3);
        sums[k].shipped += shipped;
      });
    }
    return {
      file: u.name,
      points: DOMAIN_CURVE_SIZES.map((n, k) => ({ n, orgMacroF1: sums[k].org / CURVE_REPEATS, shippedMacroF1: sums[k].shipped / CURVE_REPEATS })),
    };
  });
}

export async function evaluateSentiment(dataDir: string): Promise<EvalRow[]> {
  if (!existsSync(join(dataDir, "nsmc")) || !existsSync(join(dataDir, "uci_sentiment"))) return [];
  const rows: EvalRow[] = [];

  rows.push({
    task: "sentiment ko (binary)",
    data: "NSMC train_balanced_100k, 80/20 seed 42",
    metric: "accuracy",
    ours: round(koreanHoldout(dataDir)),
    baseline: 0.838,
    goal: ">= 0.88",
  });

  for (const u of UCI) {
    const items = parseUci(readFileSync(join(dataDir, "uci_sentiment", u.file), "utf8"));
    const lex = accuracy(
      items.map((r) => r.label),
      items.map((r) => (lexiconScore(r.text).binaryLabel === "positive" ? 1 : 0)),
    );
    rows.push({ task: "sentiment en lexicon (AFINN)", data: `UCI ${u.name}`, metric: "accuracy", ours: round(lex), baseline: u.lexicon, goal: `= ${u.lexicon}` });
  }
  for (const u of UCI) {
    const items = parseUci(readFileSync(join(dataDir, "uci_sentiment", u.file), "utf8"));
    const acc = uciFiveFold(items.map((r) => r.text), items.map((r) => r.label));
    rows.push({ task: "sentiment en model learner (binary)", data: `UCI ${u.name}, 5-fold`, metric: "accuracy", ours: round(acc), baseline: u.lr });
  }

  const curve = learningCurve(dataDir);
  for (const c of curve) {
    rows.push({
      task: "org model learning curve (3-class)",
      data: `NSMC by_rating stand-in, n = ${c.n}`,
      metric: "macro-F1 (baseline: shipped ko)",
      ours: round(c.orgMacroF1),
      baseline: round(c.shippedMacroF1),
    });
  }
  const crossovers: number[] = [];
  const cross = curve.find((c) => c.orgMacroF1 >= c.shippedMacroF1);
  rows.push({
    task: "org model crossover (shipped in domain)",
    data: "NSMC by_rating stand-in",
    metric: "scored texts where org >= shipped",
    ours: cross ? cross.n : Infinity,
    baseline: null,
    goal: `Infinity = no crossover up to ${CURVE_SIZES[CURVE_SIZES.length - 1]}; chooseModel compares on the org's own texts`,
  });
  for (const d of domainCurves(dataDir)) {
    for (const c of d.points) {
      rows.push({
        task: "org model learning curve (shipped out of domain)",
        data: `UCI ${d.file}, n = ${c.n}`,
        metric: "macro-F1 (baseline: en recipe without this file)",
        ours: round(c.orgMacroF1),
        baseline: round(c.shippedMacroF1),
      });
    }
    const x = d.points.find((c) => c.orgMacroF1 >= c.shippedMacroF1);
    crossovers.push(x ? x.n : Infinity);
    rows.push({ task: "org model crossover (shipped out of domain)", data: `UCI ${d.file}`, metric: "scored texts where org >= shipped", ours: x ? x.n : Infinity, baseline: null });
  }
  rows.push({
    task: "org model threshold",
    data: "largest out-of-domain crossover",
    metric: "scored texts",
    ours: Math.max(...crossovers),
    baseline: null,
    goal: `= ORG_MODEL_MIN_TEXTS (${ORG_MODEL_MIN_TEXTS})`,
  });
  return rows;
}

/**
 * Texts per second of scoreMany on one core: the NSMC reviews (Korean, ~35 characters) and the
 * UCI sentences (English), interleaved, after one warm-up pass.
 */
export function measureThroughput(dataDir: string, n = 100_000): { textsPerSecond: number; n: number; meanChars: number } {
  const ko = parseNsmc(readFileSync(join(dataDir, "nsmc/train_balanced_100k.tsv"), "utf8")).map((r) => r.text);
  const en = UCI.flatMap((u) => parseUci(readFileSync(join(dataDir, "uci_sentiment", u.file), "utf8")).map((r) => r.text));
  const texts = Array.from({ length: n }, (_, i) => (i % 2 ? en[(i >> 1) % en.length] : ko[(i >> 1) % ko.length]));
  const models = loadShippedModels();
  scoreManyWith(models, texts.slice(0, 5000));
  const t0 = performance.now();
  scoreManyWith(models, texts);
  const s = (performance.now() - t0) / 1000;
  return { textsPerSecond: Math.round(n / s), n, meanChars: Math.round(texts.reduce((a, t) => a + t.length, 0) / n) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes("--bench")) {
  const dir = process.argv.find((a, i) => i > 1 && a !== "--bench") ?? join(process.cwd(), "..", "shared", "data");
  console.log(JSON.stringify(measureThroughput(dir)));
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? join(process.cwd(), "..", "shared", "data");
  const t0 = Date.now();
  void evaluateSentiment(dir).then((rows) => {
    if (!rows.length) console.log(`skipped: no shared data in ${dir}`);
    for (const r of rows) console.log([r.task, r.data, r.metric, r.ours, r.baseline ?? "-", r.goal ?? ""].join(" | "));
    console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  });
}
