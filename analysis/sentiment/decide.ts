import type { LinearModel } from "./model";
import type { SentimentLabel } from "./types";

export type Decision = { label: SentimentLabel; score: number; confidence: number };

/**
 * Probabilities -> label, score, confidence. score = P(positive) - P(negative).
 * Two-class models: neutral when |score| < neutralMargin (confidence 1 - |score|), else the
 * winning class with its probability. Three-class models: the most probable class, but
 * neutral when that probability is below neutralMargin (weak evidence is never positive).
 */
export function decide(m: LinearModel, p: ArrayLike<number>, off = 0): Decision {
  const c = m.classes;
  if (c.length === 2) {
    const pPos = c[1] === "positive" ? p[off + 1] : p[off];
    const score = 2 * pPos - 1;
    if (Math.abs(score) < m.neutralMargin) return { label: "neutral", score, confidence: 1 - Math.abs(score) };
    return score > 0 ? { label: "positive", score, confidence: pPos } : { label: "negative", score, confidence: 1 - pPos };
  }
  let best = 0;
  let pPos = 0;
  let pNeg = 0;
  let pNeu = 0;
  for (let k = 0; k < c.length; k++) {
    const v = p[off + k];
    if (v > p[off + best]) best = k;
    if (c[k] === "positive") pPos = v;
    else if (c[k] === "negative") pNeg = v;
    else pNeu = v;
  }
  const score = pPos - pNeg;
  if (p[off + best] < m.neutralMargin) return { label: "neutral", score, confidence: pNeu };
  return { label: c[best], score, confidence: p[off + best] };
}
