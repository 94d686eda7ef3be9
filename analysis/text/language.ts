import { isHangul, isLatinLetter, isOtherLetter } from "./chars";

export type Lang = "ko" | "en" | "other";

/** Share of letters that must be Hangul for "ko": Korean text often carries English brand names. */
export const HANGUL_SHARE_KO = 0.3;
/** Share of letters that must be Latin for "en" (when not Korean). */
export const LATIN_SHARE_EN = 0.6;

/**
 * Language of a text from its letters: "ko" when at least 30 % of letters are Hangul,
 * "en" when at least 60 % are Latin (any Latin-script language counts as "en"; we ship
 * models for ko and en only), else "other" (including no letters at all).
 */
export function detectLanguage(text: string): Lang {
  let hangul = 0;
  let latin = 0;
  let other = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x41) continue;
    if (isHangul(c)) hangul++;
    else if (isLatinLetter(c)) latin++;
    else if (isOtherLetter(c)) other++;
  }
  const letters = hangul + latin + other;
  if (letters === 0) return "other";
  if (hangul / letters >= HANGUL_SHARE_KO) return "ko";
  if (latin / letters >= LATIN_SHARE_EN) return "en";
  return "other";
}
