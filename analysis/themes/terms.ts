// Text -> terms for themes. Hashed feature ids keep the vectoriser free of string maps on
// large inputs; readable words are kept separately for labels.

import { words } from "../text/index.js";

const HANGUL_RE = /[\uAC00-\uD7A3]/;

/** Lower-cased words from analysis/text's scanner; Korean words keep their particles. */
export function wordTokens(text: string): string[] {
  return words(text);
}

/** 32-bit FNV-1a of a string, with a salt so feature kinds never collide by construction. */
export function hashTerm(s: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const WORD_SALT = 1;
export const BIGRAM_SALT = 2;
export const CHAR_SALT = 3;

/** Word unigrams and bigrams as hashed ids. */
export function wordFeatures(words: readonly string[], bigrams = true): number[] {
  const out: number[] = [];
  for (let i = 0; i < words.length; i++) {
    out.push(hashTerm(words[i], WORD_SALT));
    if (bigrams && i + 1 < words.length) out.push(hashTerm(words[i] + " " + words[i + 1], BIGRAM_SALT));
  }
  return out;
}

/**
 * Character n-grams inside word boundaries (" word "), lengths minN..maxN. For Korean they stand
 * in for a morphological analyser (particles attach to words); for English they catch
 * inflections and typos.
 */
export function charFeatures(words: readonly string[], minN = 2, maxN = 4): number[] {
  const out: number[] = [];
  for (const w of words) {
    const s = " " + w + " ";
    const lo = HANGUL_RE.test(w) ? Math.max(1, minN - 1) : minN;
    for (let n = lo; n <= maxN; n++)
      for (let i = 0; i + n <= s.length; i++) {
        const g = s.slice(i, i + n);
        if (g === " " || (n === 1 && g.trim() === "")) continue;
        out.push(hashTerm(g, CHAR_SALT));
      }
  }
  return out;
}
