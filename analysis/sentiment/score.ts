import { FeatureExtractor } from "../text/features";
import { detectLanguage } from "../text/language";
import type { Lang } from "../text/language";
import { decide } from "./decide";
import { lexiconTokens } from "./lexicon";
import { predictInto } from "./model";
import type { LinearModel } from "./model";
import type { SentimentResult } from "./types";

export type ModelSet = { ko: LinearModel; en: LinearModel };

export type ScoreOptions = {
  /** "auto" (default) detects the language per text; "other" scores only with an explicit `model`. */
  lang?: "auto" | Lang;
  /** Score with this model (e.g. an organisation's own) instead of the per-language shipped one. */
  model?: LinearModel;
};

/**
 * A one-word answer ("ok", "fine", "thanks") is weak evidence: it gets a polar label only when
 * the model is at least this sure of it (review data teaches that "ok" is lukewarm-negative).
 */
export const ONE_WORD_MIN_CONFIDENCE = 0.8;

/** Model id reported when no model applies (no letters, or a language we ship no model for). */
export const NO_MODEL_ID = "none";

// One extractor per model: it holds the scratch arrays that keep scoring allocation-free.
const extractors = new WeakMap<LinearModel, { fx: FeatureExtractor; p: Float64Array }>();
function extractorFor(m: LinearModel) {
  let e = extractors.get(m);
  if (!e) {
    e = { fx: new FeatureExtractor(m.features), p: new Float64Array(m.classes.length) };
    extractors.set(m, e);
  }
  return e;
}

/**
 * Sentiment of one text with the given models. Text with no letters, or in a language
 * without a model (and no `model` given), is neutral with confidence 0: weak evidence.
 */
export function scoreWith(models: ModelSet, text: string, opts: ScoreOptions = {}): SentimentResult {
  const detected: Lang = opts.lang && opts.lang !== "auto" ? opts.lang : detectLanguage(text);
  const m = opts.model ?? (detected === "ko" ? models.ko : detected === "en" ? models.en : null);
  if (m === null || (detected === "other" && !hasLetter(text))) {
    return { label: "neutral", score: 0, confidence: 0, modelId: NO_MODEL_ID, language: detected };
  }
  const { fx, p } = extractorFor(m);
  const n = fx.extract(text, detected, m.lexicon && detected === "en" ? lexiconTokens(text) : undefined);
  if (n === 0) return { label: "neutral", score: 0, confidence: 0, modelId: m.id, language: detected };
  predictInto(m, fx.idx, fx.val, n, p);
  const d = decide(m, p);
  if (fx.wordCount <= 1 && d.label !== "neutral" && d.confidence < ONE_WORD_MIN_CONFIDENCE) {
    return { label: "neutral", score: d.score, confidence: 1 - d.confidence, modelId: m.id, language: detected };
  }
  return { label: d.label, score: d.score, confidence: d.confidence, modelId: m.id, language: detected };
}

function hasLetter(text: string): boolean {
  return /\p{L}/u.test(text);
}

export function scoreManyWith(models: ModelSet, texts: readonly string[], opts: ScoreOptions = {}): SentimentResult[] {
  const out = new Array<SentimentResult>(texts.length);
  for (let i = 0; i < texts.length; i++) out[i] = scoreWith(models, texts[i], opts);
  return out;
}
