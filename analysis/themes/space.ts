// The vector space themes work in: TF-IDF of word uni/bigrams beside TF-IDF of character
// 3-5-grams (Hangul 2-5), the character block at half weight. Measured on BANKING77: the char
// block lifts seeded accuracy and discovery NMI by several points over words alone.
import { addCharFeatures, addWordFeatures, wordTokens } from "./terms.js";
import { isStopword } from "./stopwords.js";
import { countDocs, fitTfidfCounted, hstack, type Csr } from "./vectorize.js";

export interface ThemeSpace {
  matrix: Csr;
  /** tokenised words per item, for labels */
  words: string[][];
}

export interface SpaceOptions {
  /** weight of the character n-gram block against the word block (default 0.5; 0 = words only) */
  charWeight?: number;
  /** minimum document frequency of a feature (default 2, or 1 under 50 items; scales up past 20,000 items to bound memory) */
  minDf?: number;
  /** drop features in more than this share of items (default 1: keep all) */
  maxDf?: number;
  /** word bigrams beside unigrams (default true) */
  bigrams?: boolean;
  /** leave numbers and lone Latin letters out of the features (default false; discovery sets it) */
  contentWords?: boolean;
  /** leave function words ("the", "was", ...) out of the word features (default false) */
  dropStopwords?: boolean;
}

/** `sharedMemory`: the matrix in SharedArrayBuffers where it is built anew (for worker threads). */
export function buildThemeSpace(texts: readonly string[], opts: SpaceOptions = {}, sharedMemory = false): ThemeSpace {
  const cw = opts.charWeight ?? 0.5;
  const b = buildThemeBlocks(texts, opts, cw > 0);
  return { matrix: b.char ? hstack([b.word, b.char], [1, cw], sharedMemory) : b.word, words: b.words };
}

/** The word and character TF-IDF blocks apart, for callers that weigh them more than one way. */
export function buildThemeBlocks(texts: readonly string[], opts: SpaceOptions = {}, chars = true): { word: Csr; char: Csr | null; words: string[][] } {
  const words = texts.map(wordTokens);
  const keep = (w: string) => (!opts.contentWords || contentWord(w)) && (!opts.dropStopwords || !isStopword(w));
  const feats = opts.contentWords || opts.dropStopwords ? words.map((ws) => ws.filter(keep)) : words;
  const minDf = opts.minDf ?? (texts.length < 50 ? 1 : Math.max(2, Math.ceil(texts.length / 20_000)));
  const bigrams = opts.bigrams ?? true;
  const tf = { minDf, maxDfShare: opts.maxDf };
  const word = fitTfidfCounted(countDocs(feats.length, (d, bag) => addWordFeatures(bag, feats[d], bigrams)), tf);
  const char = chars ? fitTfidfCounted(countDocs(feats.length, (d, bag) => addCharFeatures(bag, feats[d], 3, 5)), tf) : null;
  return { word, char, words };
}


/**
 * Numbers and lone Latin letters name no theme; as features they pull items together by
 * amounts and dates (CFPB discovery NMI 0.415 -> 0.433 without them). Hangul syllables stay.
 */
function contentWord(w: string): boolean {
  if (!/\p{L}/u.test(w)) return false;
  return w.length > 1 || !/[a-z]/.test(w);
}
