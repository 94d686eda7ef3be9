import { isApostrophe, isClauseBreak, isHangul, isSpace, isSymbolStart, isWordChar } from "./chars";
import type { Lang } from "./language";
import { detectLanguage } from "./language";

/** Prefix of English tokens inside a negation scope ("not good" -> "not", "NEG_good"). */
export const NEG_PREFIX = "NEG_";

/** Words that open a negation scope, besides any word ending in n't. Apostrophe-less forms are common in reviews. */
export const NEGATORS: ReadonlySet<string> = new Set([
  "not", "no", "never", "cannot", "nor",
  "dont", "cant", "wont", "isnt", "arent", "wasnt", "werent", "doesnt", "didnt",
  "havent", "hasnt", "hadnt", "couldnt", "wouldnt", "shouldnt", "aint",
]);

export function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

export type RawToken = { text: string; kind: "word" | "symbol"; clause: number };

/**
 * The one word scanner: lower-cases, splits on space and punctuation, keeps inner
 * apostrophes ("don't"; ’ becomes '), makes each emoji/pictograph a token of its own,
 * and numbers clauses (a clause ends at . , ! ? ; : ( ) … and newlines).
 */
export function scanWords(text: string): RawToken[] {
  const s = text.toLowerCase();
  const out: RawToken[] = [];
  let clause = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isWordChar(c)) {
      let j = i + 1;
      let w = "";
      let from = i;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (isWordChar(d)) { j++; continue; }
        if (isApostrophe(d) && j + 1 < n && isWordChar(s.charCodeAt(j + 1))) {
          w += s.slice(from, j) + "'";
          from = j + 1;
          j++;
          continue;
        }
        break;
      }
      w += s.slice(from, j);
      out.push({ text: w, kind: "word", clause });
      i = j;
    } else if (isSymbolStart(c)) {
      const len = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      out.push({ text: s.slice(i, i + len), kind: "symbol", clause });
      i += len;
    } else {
      if (isClauseBreak(c)) clause++;
      i++;
    }
  }
  return out;
}

/** English tokens: lower-case words; tokens after not/no/never/…n't up to the next clause break get NEG_. */
export function tokenizeEnglish(text: string): string[] {
  const out: string[] = [];
  let negClause = -1;
  for (const t of scanWords(text)) {
    if (t.kind === "word" && isNegator(t.text)) {
      out.push(t.text);
      negClause = t.clause;
    } else if (t.kind === "word" && t.clause === negClause) {
      out.push(NEG_PREFIX + t.text);
    } else {
      out.push(t.text);
    }
  }
  return out;
}

/** Whitespace words of any text, lower-cased and stripped of punctuation (Korean particles stay attached). */
export function words(text: string): string[] {
  return scanWords(text).map((t) => t.text);
}

/** Hangul character n-grams of one word, lengths min..max, within runs of Hangul. */
export function hangulNgrams(word: string, min = 1, max = 3): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < word.length) {
    if (!isHangul(word.charCodeAt(i))) { i++; continue; }
    let j = i;
    while (j < word.length && isHangul(word.charCodeAt(j))) j++;
    for (let a = i; a < j; a++) {
      for (let len = min; len <= max && a + len <= j; len++) out.push(word.slice(a, a + len));
    }
    i = j;
  }
  return out;
}

export type KoreanTokenOptions = { ngrams?: [number, number] };

/**
 * Korean tokens without a morphological analyser: the whitespace words, then the Hangul
 * character n-grams (default 1-3) of each word, leaving out an n-gram equal to its whole word.
 * Latin words in Korean text come through as lower-case words.
 */
export function tokenizeKorean(text: string, opts: KoreanTokenOptions = {}): string[] {
  const [min, max] = opts.ngrams ?? [1, 3];
  const ws = words(text);
  const out = ws.slice();
  for (const w of ws) {
    for (const g of hangulNgrams(w, min, max)) if (g !== w) out.push(g);
  }
  return out;
}

/** Tokens for a language ("auto" detects it). Other languages get plain words. */
export function tokenize(text: string, lang: Lang | "auto" = "auto", opts: KoreanTokenOptions = {}): string[] {
  const l = lang === "auto" ? detectLanguage(text) : lang;
  if (l === "ko") return tokenizeKorean(text, opts);
  if (l === "en") return tokenizeEnglish(text);
  return words(text);
}

/** Text with runs of white space as one space, trimmed: what character n-grams run over. */
export function normalizeSpace(text: string): string {
  let out = "";
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { pendingSpace = out.length > 0; continue; }
    if (pendingSpace) { out += " "; pendingSpace = false; }
    out += text[i];
  }
  return out;
}
