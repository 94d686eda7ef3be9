import Sentiment from "sentiment";
import { detectLanguage } from "../text/language";

const afinn = new Sentiment();

export type LexiconResult = {
  /** Sum of AFINN-165 word scores (a word right after a negator is flipped), as the `sentiment` package computes it. */
  score: number;
  /** score / number of tokens: the package's length-normalised figure. */
  comparative: number;
  /** The words that carried a score, with the score each contributed (for explaining a label). */
  words: { word: string; score: number }[];
  /** The package's published rule: comparative >= 0 is positive. Kept only for the regression check. */
  binaryLabel: "negative" | "positive";
};

/** One token per scored AFINN word, named by its (negation-flipped) score: "afinn:-2". Model features, English only. */
export function lexiconTokens(text: string): string[] {
  const r = afinn.analyze(text);
  return r.calculation.map((o) => `afinn:${Object.values(o)[0]}`);
}

/** The lexicon features a model asks for, as a hook for dataset building (undefined for non-English text). */
export function lexiconHook(enabled: boolean): ((text: string) => string[] | undefined) | undefined {
  return enabled ? (t) => (detectLanguage(t) === "en" ? lexiconTokens(t) : undefined) : undefined;
}

/** English lexicon score with the `sentiment` package (AFINN-165). English only; explainable, not accurate on its own. */
export function lexiconScore(text: string): LexiconResult {
  const r = afinn.analyze(text);
  const words = r.calculation.map((o) => {
    const [word, score] = Object.entries(o)[0];
    return { word, score };
  });
  return { score: r.score, comparative: r.comparative, words, binaryLabel: r.comparative >= 0 ? "positive" : "negative" };
}
