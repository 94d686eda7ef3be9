export type SentimentLabel = "negative" | "neutral" | "positive";
export const SENTIMENT_LABELS: readonly SentimentLabel[] = ["negative", "neutral", "positive"];

/** What every scored text gets. `score` is P(positive) - P(negative) in -1..1; it is an estimate, never an NPS. */
export type SentimentResult = {
  label: SentimentLabel;
  score: number;
  confidence: number;
  modelId: string;
  language: "ko" | "en" | "other";
};
