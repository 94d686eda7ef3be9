import { compareNps, type NpsResult } from "./nps";
import { compareProportions, type CsatResult } from "./csat";
import type { Comparison } from "./types";

export interface TrendPoint<R> {
  period: string;
  result: R;
  /** Change against the previous period (NPS points or CSAT share); null for the first or when a side is empty. */
  change: number | null;
  /** The test behind the "significant or not" mark; null for the first period. */
  comparison: Comparison | null;
}

function trend<R>(series: readonly { period: string; result: R }[], compare: (a: R, b: R, alpha: number) => Comparison, alpha: number): TrendPoint<R>[] {
  return series.map((cur, i) => {
    if (i === 0) return { period: cur.period, result: cur.result, change: null, comparison: null };
    const comparison = compare(cur.result, series[i - 1].result, alpha);
    return { period: cur.period, result: cur.result, change: comparison.difference, comparison };
  });
}

/** Series in the order given (oldest first); each period is compared with the one before it. */
export function monthOverMonth(series: readonly { period: string; result: NpsResult }[], alpha = 0.05): TrendPoint<NpsResult>[] {
  return trend(series, compareNps, alpha);
}

export function csatMonthOverMonth(series: readonly { period: string; result: CsatResult }[], alpha = 0.05): TrendPoint<CsatResult>[] {
  return trend(series, compareProportions, alpha);
}
