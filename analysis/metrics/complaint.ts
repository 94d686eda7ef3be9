import { npsBucket } from "./nps";

/**
 * An answer that may open a complaint case: an NPS detractor (0-6) or a low CSAT (1-2).
 * Other scales never do.
 */
export function isComplaintScore(scale: string | null | undefined, score: number | null | undefined): boolean {
  if (score === null || score === undefined || !Number.isInteger(score)) return false;
  if (scale === "nps") return score >= 0 && score <= 10 && npsBucket(score) === "detractor";
  if (scale === "csat") return score >= 1 && score <= 2;
  return false;
}
