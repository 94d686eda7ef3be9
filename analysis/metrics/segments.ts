/** Segments below this many answers are shown as "too few answers", not as a number. */
export const minSegmentN = 30;

export type SegmentOutcome<R> = { status: "ok"; result: R } | { status: "too_few"; n: number };

export function segmentOrTooFew<R extends { n: number }>(result: R, minN: number = minSegmentN): SegmentOutcome<R> {
  return result.n >= minN ? { status: "ok", result } : { status: "too_few", n: result.n };
}
