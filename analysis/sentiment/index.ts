/**
 * Public API of analysis/sentiment. Scores are estimates from text; nothing here maps text
 * to an NPS or any 0-10 score.
 */
import { loadShippedModels } from "./models/load";
import { scoreManyWith, scoreWith } from "./score";
import type { ScoreOptions } from "./score";
import type { SentimentResult } from "./types";

export type { SentimentLabel, SentimentResult } from "./types";
export { SENTIMENT_LABELS } from "./types";
export type { LinearModel } from "./model";
export { encodeModel, decodeModel } from "./model";
export { lexiconScore } from "./lexicon";
export type { LexiconResult } from "./lexicon";
export { scoreWith, scoreManyWith, NO_MODEL_ID } from "./score";
export type { ScoreOptions, ModelSet } from "./score";
export { trainOrgModel, chooseModel, labelFromScore, ORG_MODEL_MIN_TEXTS, ORG_MODEL_MIN_PER_CLASS, ORG_NEUTRAL_MARGIN } from "./org";
export type { OrgItem, OrgModelInfo, ModelChoice } from "./org";
export { loadShippedModels, loadModel } from "./models/load";
export type { ShippedModels } from "./models/load";
export { accuracy, macroF1, perClassFigures } from "./evaluate";

/** Sentiment of one text with the shipped models (read from disk on first use), or with `opts.model`. */
export function scoreSentiment(text: string, opts: ScoreOptions = {}): SentimentResult {
  return scoreWith(loadShippedModels(), text, opts);
}

/** scoreSentiment over many texts (same options for all). */
export function scoreMany(texts: readonly string[], opts: ScoreOptions = {}): SentimentResult[] {
  return scoreManyWith(loadShippedModels(), texts, opts);
}
