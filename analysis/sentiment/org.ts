import { mulberry32 } from "../random";
import { hash32 } from "../text/hash";
import { perClassFigures, macroF1, stratifiedFolds } from "./evaluate";
import type { ClassFigures } from "./evaluate";
import type { LinearModel } from "./model";
import { LABEL_INDEX, predictLabels, trainRecipe } from "./recipes";
import type { Recipe } from "./recipes";
import { scoreManyWith } from "./score";
import type { ModelSet } from "./score";
import { SENTIMENT_LABELS } from "./types";
import type { SentimentLabel } from "./types";

export type OrgItem = { text: string; score: number; scale: "nps" | "csat" };

/** NPS 0-6 negative, 7-8 neutral, 9-10 positive; CSAT 1-2 negative, 3 neutral, 4-5 positive. Out of range throws. */
export function labelFromScore(score: number, scale: "nps" | "csat"): SentimentLabel {
  if (!Number.isInteger(score)) throw new RangeError(`${scale} score must be an integer, got ${score}`);
  if (scale === "nps") {
    if (score < 0 || score > 10) throw new RangeError(`NPS score must be 0..10, got ${score}`);
    return score <= 6 ? "negative" : score <= 8 ? "neutral" : "positive";
  }
  if (score < 1 || score > 5) throw new RangeError(`CSAT score must be 1..5, got ${score}`);
  return score <= 2 ? "negative" : score === 3 ? "neutral" : "positive";
}

/** An organisation's model is trained on a few hundred to a few thousand texts: fewer buckets, more epochs, classes balanced. */
export const ORG_RECIPE: Recipe = {
  id: "org-lr-v1",
  classes: ["negative", "neutral", "positive"],
  features: { bits: 18, charNgrams: { ko: [1, 4], en: [2, 5], other: [1, 4] }, wordNgrams: [1, 2] },
  train: { epochs: 10, lr: 0.1, l2: 1e-5, seed: 1, classWeight: "balanced" },
  nbAlpha: null,
};

/** A winning probability below this is weak evidence: neutral. */
export const ORG_NEUTRAL_MARGIN = 0.4;

export type OrgModelInfo = {
  model: LinearModel;
  /** Macro-F1 over the three classes, 5-fold stratified cross-validation (seeded). */
  cvMacroF1: number;
  n: number;
  /** Per class: number of scored texts and the cross-validated precision, recall and F1. */
  perClass: Record<SentimentLabel, ClassFigures>;
  /** Macro-F1 of the shipped models on the same scored texts (null when none were given): the bar the org model must clear. */
  shippedMacroF1: number | null;
};

/**
 * Train a model on an organisation's scored texts (the score gives the label, see
 * labelFromScore) and report its cross-validated quality. Deterministic given `seed`.
 */
export function trainOrgModel(items: readonly OrgItem[], opts: { seed?: number; folds?: number; shipped?: ModelSet } = {}): OrgModelInfo {
  const seed = opts.seed ?? 1;
  const k = opts.folds ?? 5;
  const texts = items.map((i) => i.text);
  const labels = items.map((i) => labelFromScore(i.score, i.scale));
  const y = Int32Array.from(labels, (l) => LABEL_INDEX[l]);
  const recipe: Recipe = { ...ORG_RECIPE, train: { ...ORG_RECIPE.train, seed } };
  const pred = new Int32Array(items.length);
  if (items.length >= k) {
    const fold = stratifiedFolds(y, k, mulberry32(seed ^ 0x5f3759df));
    for (let f = 0; f < k; f++) {
      const tr: number[] = [];
      const te: number[] = [];
      for (let i = 0; i < items.length; i++) (fold[i] === f ? te : tr).push(i);
      if (te.length === 0) continue;
      const m = trainRecipe(recipe, tr.map((i) => texts[i]), tr.map((i) => labels[i]), { neutralMargin: ORG_NEUTRAL_MARGIN });
      const p = predictLabels(m, te.map((i) => texts[i]));
      te.forEach((i, j) => { pred[i] = p[j]; });
    }
  }
  const fig = perClassFigures(y, pred, 3);
  const id = `org-${hash32(labels.join(",") + "\u0000" + texts.join("\u0001")).toString(16).padStart(8, "0")}-n${items.length}`;
  const model = trainRecipe({ ...recipe, id }, texts, labels, { neutralMargin: ORG_NEUTRAL_MARGIN, meta: { seed, folds: k } });
  model.id = id;
  const shippedMacroF1 = opts.shipped
    ? macroF1(y, Int32Array.from(scoreManyWith(opts.shipped, texts), (r) => LABEL_INDEX[r.label]), 3)
    : null;
  return {
    model,
    shippedMacroF1,
    cvMacroF1: items.length >= k ? macroF1(y, pred, 3) : 0,
    n: items.length,
    perClass: Object.fromEntries(SENTIMENT_LABELS.map((l, i) => [l, fig[i]])) as Record<SentimentLabel, ClassFigures>,
  };
}

/**
 * Scored texts from which an organisation's own model beats a shipped model that has not seen
 * its domain: the largest crossover of the learning curves in tests/eval/sentiment.ts
 * (UCI Amazon 200, IMDB 400, Yelp 400; see analysis/sentiment/README.md).
 */
export const ORG_MODEL_MIN_TEXTS = 400;
/** Each class needs this many scored texts, or its F1 means nothing. */
export const ORG_MODEL_MIN_PER_CLASS = 30;

export type ModelChoice = { use: "org" | "shipped"; reason: string };

/**
 * Policy: the organisation's model is the default once it has enough scored texts in every
 * class and, when the shipped models were scored on the same texts, beats them there (when
 * the shipped model is in its own domain, the curve never crosses below 3,000 texts).
 */
export function chooseModel(info: Pick<OrgModelInfo, "n" | "perClass" | "cvMacroF1" | "shippedMacroF1"> | null): ModelChoice {
  if (!info) return { use: "shipped", reason: "no organisation model" };
  if (info.n < ORG_MODEL_MIN_TEXTS) return { use: "shipped", reason: `${info.n} scored texts, fewer than ${ORG_MODEL_MIN_TEXTS}` };
  const thin = SENTIMENT_LABELS.filter((l) => info.perClass[l].n < ORG_MODEL_MIN_PER_CLASS);
  if (thin.length) return { use: "shipped", reason: `fewer than ${ORG_MODEL_MIN_PER_CLASS} scored texts labelled ${thin.join(", ")}` };
  if (info.shippedMacroF1 !== null && info.cvMacroF1 <= info.shippedMacroF1) {
    return { use: "shipped", reason: `cross-validated macro-F1 ${info.cvMacroF1.toFixed(3)} does not beat the shipped model's ${info.shippedMacroF1.toFixed(3)}` };
  }
  return { use: "org", reason: `${info.n} scored texts, cross-validated macro-F1 ${info.cvMacroF1.toFixed(3)}` };
}
