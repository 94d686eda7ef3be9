// The locked evaluation split of issue 11 (tests/eval/split.ts explains it): which part of a
// labelled set an item is in, by a stable hash of its key. Here so that a model builder in
// analysis/ can keep to the tuning part without importing the tests.
import { hash32 } from "./text/hash";

export type Part = "tune" | "report";

/** 40 % report: enough for 3,000-item samples of BANKING77 and 30,000 of NSMC. */
export const REPORT_SHARE = 0.4;

/** Which part an item of `set` is in. NSMC's two files share the namespace "nsmc", so one review is in the same part in both. */
export function partOf(set: string, key: string): Part {
  return hash32(`${set}\u0000${key}`) / 2 ** 32 < REPORT_SHARE ? "report" : "tune";
}
