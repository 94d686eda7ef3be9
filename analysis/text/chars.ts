/** Character classes shared by the tokenisers, the language detector and the feature hasher. */

export function isHangul(c: number): boolean {
  return (
    (c >= 0xac00 && c <= 0xd7a3) || // syllables
    (c >= 0x1100 && c <= 0x11ff) || // jamo
    (c >= 0x3130 && c <= 0x318f) || // compatibility jamo (ㅋㅋ, ㅠㅠ)
    (c >= 0xa960 && c <= 0xa97f) ||
    (c >= 0xd7b0 && c <= 0xd7ff)
  );
}

/** A precomposed Hangul syllable (가-힣): a Korean word, not jamo on their own. */
export function isHangulSyllable(c: number): boolean {
  return c >= 0xac00 && c <= 0xd7a3;
}

/** Whether a word holds a Hangul syllable. */
export function hasHangulSyllable(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (isHangulSyllable(w.charCodeAt(i))) return true;
  return false;
}

export function isLatinLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

/** Letters of scripts that are neither Hangul nor Latin (enough to say "other"). */
export function isOtherLetter(c: number): boolean {
  return (
    (c >= 0x370 && c <= 0x3ff) || // Greek
    (c >= 0x400 && c <= 0x52f) || // Cyrillic
    (c >= 0x590 && c <= 0x6ff) || // Hebrew, Arabic
    (c >= 0x900 && c <= 0xdff) || // Indic
    (c >= 0xe00 && c <= 0xe7f) || // Thai
    (c >= 0x3040 && c <= 0x30ff) || // kana
    (c >= 0x4e00 && c <= 0x9fff) // CJK ideographs
  );
}

export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0xfeff;
}

export function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019;
}

/** Punctuation that closes a clause, so it ends an English negation scope. */
export function isClauseBreak(c: number): boolean {
  return (
    c === 0x2e || c === 0x2c || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x3a || c === 0x28 || c === 0x29 ||
    c === 0x0a || c === 0x2026 || c === 0x3001 || c === 0x3002 || c === 0xff01 || c === 0xff0c || c === 0xff1f || c === 0xff1b || c === 0xff1a
  );
}

/** Characters that belong inside a word: ASCII letters/digits and any non-ASCII character that is not space, punctuation or a pictograph. */
export function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  if (c <= 0xbf) return c === 0xaa || c === 0xb5 || c === 0xba;
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false; // general punctuation, arrows, symbols, pictographs
  if (c >= 0x3000 && c <= 0x303f) return false; // CJK punctuation
  if (c >= 0xd800 && c <= 0xdfff) return false; // surrogates: emoji are handled as symbol tokens
  if (c >= 0xfe30 && c <= 0xfe6f) return false;
  if ((c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65)) return false;
  return true;
}

/** Emoji and pictographs: each becomes a token of its own (they carry sentiment). */
export function isSymbolStart(c: number): boolean {
  return (c >= 0xd800 && c <= 0xdbff) || (c >= 0x2600 && c <= 0x27bf);
}
