export type { Lang } from "./language";
export { detectLanguage, HANGUL_SHARE_KO, LATIN_SHARE_EN } from "./language";
export { tokenizeEnglish, tokenizeKorean, tokenize, words, hangulNgrams, scanWords, normalizeSpace, isNegator, NEGATORS, NEG_PREFIX } from "./tokenize";
export type { RawToken, KoreanTokenOptions } from "./tokenize";
export { FeatureExtractor, textFeatures, resolveFeatureOptions, wordFeatureIndex, wordBigramIndex, charNgramIndex, DEFAULT_CHAR_NGRAMS } from "./features";
export type { FeatureOptions, ResolvedFeatureOptions, SparseVector, NgramRange } from "./features";
export { hash32, fnvString, fmix32, combineHash } from "./hash";
export { splitPassages, splitSentences, LONG_PASSAGE } from "./passages";
