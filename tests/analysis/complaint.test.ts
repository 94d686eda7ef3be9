import { describe, expect, it } from "vitest";
import { isComplaintScore } from "../../analysis/metrics";

describe("isComplaintScore", () => {
  it("NPS detractors (0-6) open cases; passives and promoters do not", () => {
    expect([0, 3, 6].map((s) => isComplaintScore("nps", s))).toEqual([true, true, true]);
    expect([7, 8, 9, 10].map((s) => isComplaintScore("nps", s))).toEqual([false, false, false, false]);
  });
  it("CSAT 1-2 opens cases; 3-5 do not", () => {
    expect([1, 2, 3, 4, 5].map((s) => isComplaintScore("csat", s))).toEqual([true, true, false, false, false]);
  });
  it("other scales, missing and impossible scores never do", () => {
    expect(isComplaintScore("ces", 1)).toBe(false);
    expect(isComplaintScore("nps", null)).toBe(false);
    expect(isComplaintScore("nps", 11)).toBe(false);
    expect(isComplaintScore("nps", -1)).toBe(false);
    expect(isComplaintScore("csat", 0)).toBe(false);
  });
});
