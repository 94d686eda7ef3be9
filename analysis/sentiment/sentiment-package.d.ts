// Types for the `sentiment` npm package (AFINN-165), which ships none.
declare module "sentiment" {
  type AnalysisResult = {
    score: number;
    comparative: number;
    calculation: Array<Record<string, number>>;
    tokens: string[];
    words: string[];
    positive: string[];
    negative: string[];
  };
  class Sentiment {
    constructor(options?: unknown);
    analyze(phrase: string, opts?: { language?: string; extras?: Record<string, number> }): AnalysisResult;
  }
  export default Sentiment;
}
