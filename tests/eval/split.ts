// The locked protocol: every labelled set in ../shared/data is split once, by a stable hash of
// each item's key (the NSMC review id, else the text itself), into a tuning part (60 %) and a
// report part (40 %). No seed, no order, no file position: the same item is in the same part on
// every machine and in every future version of the files. Recipes, thresholds and rules are
// chosen on "tune"; the README's figures come from "report" only. (partOf lives in
// analysis/split.ts so the model builders can use it.)
import { partOf, type Part } from "../../analysis/split.js";

export { REPORT_SHARE, partOf, type Part } from "../../analysis/split.js";

/** Indices of the rows of `set` in `part`. */
export function inPart(set: string, keys: readonly string[], part: Part): number[] {
  const out: number[] = [];
  keys.forEach((k, i) => {
    if (partOf(set, k) === part) out.push(i);
  });
  return out;
}
