// The locked protocol: every labelled set in ../shared/data is split once, by a stable hash of
// each item's key (the NSMC review id, else the text itself), into a tuning part (60 %) and a
// report part (40 %). No seed, no order, no file position: the same item is in the same part on
// every machine and in every future version of the files. Recipes, thresholds and rules are
// chosen on "tune"; the README's figures come from "report" only.
import { hash32 } from "../../analysis/text/hash.js";

export type Part = "tune" | "report";

/** 40 % report: enough for 3,000-item samples of BANKING77 and 30,000 of NSMC. */
export const REPORT_SHARE = 0.4;

/** Which part an item of `set` is in. NSMC's two files share the namespace "nsmc", so one review is in the same part in both. */
export function partOf(set: string, key: string): Part {
  return hash32(`${set}\u0000${key}`) / 2 ** 32 < REPORT_SHARE ? "report" : "tune";
}

/** Indices of the rows of `set` in `part`. */
export function inPart(set: string, keys: readonly string[], part: Part): number[] {
  const out: number[] = [];
  keys.forEach((k, i) => {
    if (partOf(set, k) === part) out.push(i);
  });
  return out;
}
