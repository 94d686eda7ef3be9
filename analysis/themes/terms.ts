// Text -> terms for themes. Hashed feature ids keep the vectoriser free of string maps on
// large inputs; readable words are kept separately for labels.

import { words } from "../text/index.js";
import { hasHangulSyllable } from "../text/chars.js";
import { TermBag } from "./vectorize.js";

/** Lower-cased words from analysis/text's scanner; Korean words keep their particles. */
export function wordTokens(text: string): string[] {
  return words(text);
}

const FNV_PRIME = 0x01000193;
const seedOf = (salt: number) => (0x811c9dc5 ^ salt) >>> 0;

/** FNV-1a state after the characters of `s`, continuing from `h`. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** 32-bit FNV-1a of a string, with a salt so feature kinds never collide by construction. */
export function hashTerm(s: string, salt: number): number {
  return fnv(seedOf(salt), s) >>> 0;
}

export const WORD_SALT = 1;
export const BIGRAM_SALT = 2;
export const CHAR_SALT = 3;

/** Word unigrams and bigrams as hashed ids. */
export function wordFeatures(words: readonly string[], bigrams = true): number[] {
  const bag = new TermBag();
  addWordFeatures(bag, words, bigrams);
  return Array.from(bag.ids.subarray(0, bag.len));
}

/**
 * The same ids into a bag, hashed from the character codes: a bigram's hash is "a b" carried
 * on from a's characters, with no joined string.
 */
export function addWordFeatures(bag: TermBag, words: readonly string[], bigrams = true): void {
  const ws = seedOf(WORD_SALT);
  const bs = seedOf(BIGRAM_SALT);
  for (let i = 0; i < words.length; i++) {
    bag.add(fnv(ws, words[i]) >>> 0);
    if (bigrams && i + 1 < words.length) bag.add(fnv(Math.imul(fnv(bs, words[i]) ^ 0x20, FNV_PRIME), words[i + 1]) >>> 0);
  }
}

/**
 * Character n-grams inside word boundaries (" word "), lengths minN..maxN. For Korean they stand
 * in for a morphological analyser (particles attach to words); for English they catch
 * inflections and typos.
 */
export function charFeatures(words: readonly string[], minN = 2, maxN = 4): number[] {
  const bag = new TermBag();
  addCharFeatures(bag, words, minN, maxN);
  return Array.from(bag.ids.subarray(0, bag.len));
}


/**
 * The same ids into a bag (order aside), straight from the character codes: from each start the
 * hash of the n-gram carries on from the (n-1)-gram's, so no substring is cut and each
 * character is hashed once per length that covers it.
 */
export function addCharFeatures(bag: TermBag, words: readonly string[], minN = 2, maxN = 4): void {
  const seed = seedOf(CHAR_SALT);
  for (const w of words) {
    const len = w.length + 2; // " " + w + " "
    const lo = hasHangulSyllable(w) ? Math.max(1, minN - 1) : minN;
    for (let i = 0; i < len; i++) {
      let h = seed;
      for (let n = 1; n <= maxN && i + n <= len; n++) {
        const p = i + n - 1;
        const c = p === 0 || p === len - 1 ? 0x20 : w.charCodeAt(p - 1);
        h = Math.imul(h ^ c, FNV_PRIME);
        if (n < lo) continue;
        if (n === 1 && String.fromCharCode(c).trim() === "") continue; // a lone space is no feature
        bag.add(h >>> 0);
      }
    }
  }
}
