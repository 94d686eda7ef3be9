// Stems for theme labels, so that a label reads "charge" once rather than "charged / charges",
// and a Korean label "배송" rather than "배송이 / 배송은". Labels only: the clustering's features
// keep whole words (Porter stemming of the features helped short texts and hurt long ones:
// analysis/themes/README.md).
import { createRequire } from "node:module";
import { hasHangulSyllable } from "./chars.js";

// natural's Porter stemmer alone: the package's index loads storage back-ends (0.6 s, STACK.md).
const porter = createRequire(import.meta.url)("natural/lib/natural/stemmers/porter_stemmer") as { stem: (w: string) => string };

/** Korean particles and endings, longest first: a word's stem is what is left after the longest match. */
export const KOREAN_SUFFIXES = [
  "했었는데", "하였는데", "했습니다", "합니다만", "했는데", "하는데", "했지만", "하지만", "했어요", "해서는", "에서는", "으로는", "에게서", "까지는", "부터는", "이라도", "이라는", "이라고", "입니다", "습니다", "었는데", "았는데", "었어요", "았어요",
  "했다", "했고", "하고", "하는", "하다", "한다", "해서", "해요", "하게", "하지", "하네", "하며", "하니", "했음", "에서", "으로", "에게", "한테", "까지", "부터", "처럼", "보다", "라도", "라는", "라고", "이나", "이랑", "이다", "였다", "었다", "았다", "네요", "어요", "아요", "는데", "지만", "거든", "어서", "아서", "ㅋㅋ", "ㅎㅎ", "ㅠㅠ",
  "은", "는", "이", "가", "을", "를", "도", "만", "에", "의", "와", "과", "로", "나", "랑", "요", "다", "고", "함", "음", "임", "한", "할", "해",
];

/**
 * A word less its longest Korean particle or ending. A particle is cut when at least two
 * characters are left ("가격이" -> "가격", but "아이" stays: one syllable is too often the word
 * itself); a verb ending of two characters or more also to one ("없네요", "없지만" -> "없": a verb's
 * stem is often one syllable). Only the longest match counts: "없지만" is not "없지" + "만".
 */
export function koreanStem(word: string): string {
  const s = longestSuffix(word, KOREAN_SUFFIXES);
  if (!s) return word;
  const left = word.length - s.length;
  return left >= 2 || (left === 1 && s.length >= 2 && !PARTICLE_SET.has(s)) ? word.slice(0, left) : word;
}

function longestSuffix(word: string, suffixes: readonly string[]): string | null {
  for (const s of suffixes) if (word.endsWith(s)) return s;
  return null;
}

// Case particles alone, longest first: what a label may cut from a Korean word it shows. Verb
// endings are not cut for display ("재밌어요" would read "재밌").
const KOREAN_PARTICLES = ["에서는", "으로는", "에게서", "까지는", "부터는", "에서", "으로", "에게", "한테", "까지", "부터", "처럼", "이나", "이랑", "은", "는", "이", "가", "을", "를", "도", "만", "에", "의", "와", "과", "로", "랑"];

const PARTICLE_SET: ReadonlySet<string> = new Set(KOREAN_PARTICLES);

/**
 * A Korean word as a label shows it: less its case particle, when at least two characters are
 * left. A word whose longest ending is a verb's keeps it ("없지만" is not "없지" + the particle 만).
 */
export function koreanLabelForm(word: string): string {
  const s = longestSuffix(word, KOREAN_SUFFIXES);
  return s && PARTICLE_SET.has(s) && word.length - s.length >= 2 ? word.slice(0, word.length - s.length) : word;
}

/** The key a label word is counted under: Korean words less their particle, others Porter-stemmed. */
export function labelStem(word: string): string {
  if (hasHangulSyllable(word)) return koreanStem(word);
  return /^[a-z]+$/.test(word) ? porter.stem(word) : word;
}
