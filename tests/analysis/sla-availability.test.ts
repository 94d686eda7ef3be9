import { describe, expect, it } from "vitest";
import {
  availability,
  creditFor,
  monthRange,
  validateAvailabilityWindow,
  validateCreditTable,
  validateObjectives,
  validateOutage,
  type CreditTier,
} from "../../analysis/sla";

describe("monthRange", () => {
  it("uses the calendar's zone for month boundaries", () => {
    const seoul = monthRange("2026-03", "Asia/Seoul");
    expect(seoul.start.toISOString()).toBe("2026-02-28T15:00:00.000Z");
    expect(seoul.end.toISOString()).toBe("2026-03-31T15:00:00.000Z");
    const ny = monthRange("2026-03", "America/New_York");
    expect(ny.start.toISOString()).toBe("2026-03-01T05:00:00.000Z");
    expect(ny.end.toISOString()).toBe("2026-04-01T04:00:00.000Z");
    const dec = monthRange("2026-12", "UTC");
    expect(dec.end.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(() => monthRange("2026-13", "UTC")).toThrow(RangeError);
  });
});

describe("availability", () => {
  it("from outages: good / total over the month, with budget and burn rate", () => {
    // March in New York is one hour short (DST): 31 x 1440 - 60 = 44,580 minutes.
    const r = availability({
      month: "2026-03",
      timezone: "America/New_York",
      objectivePercent: 99.9,
      outages: [{ start: new Date("2026-03-10T10:00:00Z"), end: new Date("2026-03-10T11:00:00Z") }],
    });
    expect(r.totalMinutes).toBe(44580);
    expect(r.badMinutes).toBe(60);
    expect(r.percent!).toBeCloseTo((100 * 44520) / 44580, 10);
    expect(r.meetsObjective).toBe(false);
    expect(r.errorBudgetMinutes).toBeCloseTo(44.58, 8);
    expect(r.errorBudgetLeftMinutes).toBeCloseTo(44.58 - 60, 8);
    expect(r.errorBudgetLeftShare!).toBeCloseTo((44.58 - 60) / 44.58, 8);
    expect(r.burnRate!).toBeCloseTo(60 / 44580 / 0.001, 8);
  });

  it("clips outages to the month in its zone and merges overlapping reports", () => {
    const r = availability({
      month: "2026-03",
      timezone: "America/New_York",
      objectivePercent: 99,
      outages: [
        // 23:30 EDT on 31 March to 00:30 on 1 April: 30 minutes in March.
        { start: new Date("2026-04-01T03:30:00Z"), end: new Date("2026-04-01T04:30:00Z") },
        { start: new Date("2026-03-05T10:00:00Z"), end: new Date("2026-03-05T10:20:00Z") },
        { start: new Date("2026-03-05T10:10:00Z"), end: new Date("2026-03-05T10:30:00Z") },
      ],
    });
    expect(r.badMinutes).toBe(30 + 30);
    expect(r.meetsObjective).toBe(true);
  });

  it("measures a running month up to now", () => {
    const r = availability({
      month: "2026-06",
      timezone: "UTC",
      objectivePercent: 99.9,
      outages: [{ start: new Date("2026-06-02T00:00:00Z"), end: new Date("2026-06-02T00:10:00Z") }],
      now: new Date("2026-06-11T00:00:00Z"),
    });
    expect(r.totalMinutes).toBe(10 * 1440);
    expect(r.errorBudgetMinutes).toBeCloseTo(30 * 1440 * 0.001, 8);
    expect(r.errorBudgetLeftMinutes).toBeCloseTo(43.2 - 10, 8);
    expect(r.burnRate!).toBeCloseTo(10 / 14400 / 0.001, 8);
  });

  it("from measurement windows, counting a window on the month edge pro rata", () => {
    const r = availability({
      month: "2026-06",
      timezone: "UTC",
      objectivePercent: 99,
      windows: [
        { start: new Date("2026-06-01T00:00:00Z"), end: new Date("2026-06-16T00:00:00Z"), goodMinutes: 21500, totalMinutes: 21600 },
        // Half of this window lies in July.
        { start: new Date("2026-06-30T12:00:00Z"), end: new Date("2026-07-01T12:00:00Z"), goodMinutes: 1400, totalMinutes: 1440 },
      ],
    });
    expect(r.goodMinutes).toBeCloseTo(21500 + 700, 8);
    expect(r.totalMinutes).toBeCloseTo(21600 + 720, 8);
    expect(r.errorBudgetMinutes).toBeCloseTo((21600 + 720) * 0.01, 8);
    expect(r.burnRate!).toBeCloseTo(120 / 22320 / 0.01, 8);
  });

  it("returns null percentages when nothing was measured, and refuses bad input", () => {
    const r = availability({ month: "2026-06", timezone: "UTC", objectivePercent: 99, windows: [] });
    expect(r.percent).toBeNull();
    expect(r.meetsObjective).toBeNull();
    expect(r.burnRate).toBeNull();
    expect(() => availability({ month: "2026-06", timezone: "UTC", objectivePercent: 0, windows: [] })).toThrow(RangeError);
    expect(() => availability({ month: "2026-06", timezone: "UTC", objectivePercent: 99, windows: [], outages: [] })).toThrow(RangeError);
  });

  it("validates imported rows: end before start, good > total, negatives", () => {
    const start = new Date("2026-06-01T00:00:00Z");
    const end = new Date("2026-06-02T00:00:00Z");
    expect(validateAvailabilityWindow({ start, end, goodMinutes: 1400, totalMinutes: 1440 })).toEqual([]);
    expect(validateAvailabilityWindow({ start: end, end: start, goodMinutes: 1, totalMinutes: 2 }, "rows.3").map((p) => [p.code, p.path])).toEqual([
      ["end_before_start", "rows.3.end"],
    ]);
    expect(validateAvailabilityWindow({ start, end, goodMinutes: 50, totalMinutes: 40 }).map((p) => p.code)).toEqual(["good_exceeds_total"]);
    expect(validateAvailabilityWindow({ start, end, goodMinutes: -1, totalMinutes: 40 }).map((p) => p.code)).toEqual(["negative_minutes"]);
    expect(validateOutage({ start: end, end: start }).map((p) => p.code)).toEqual(["end_before_start"]);
    expect(validateOutage({ start: new Date("nope"), end }).map((p) => p.code)).toEqual(["bad_date"]);
  });
});

describe("credits", () => {
  const table: CreditTier[] = [
    { below: 99.9, creditPercent: 10 },
    { below: 99, creditPercent: 25 },
    { below: 95, creditPercent: 50 },
  ];

  it("accepts a sound table", () => {
    expect(validateCreditTable(table)).toEqual([]);
    expect(validateCreditTable([])).toEqual([]);
  });

  it("picks the most severe tier the availability falls in", () => {
    expect(creditFor(99.95, table, 1000)).toEqual({ tier: null, creditPercent: 0, amount: 0 });
    expect(creditFor(99.9, table, 1000).creditPercent).toBe(0);
    expect(creditFor(99.5, table, 1000)).toMatchObject({ creditPercent: 10, amount: 100 });
    expect(creditFor(98, table, 1000)).toMatchObject({ creditPercent: 25, amount: 250 });
    expect(creditFor(90, table, 2_000_000)).toMatchObject({ creditPercent: 50, amount: 1_000_000 });
  });

  it("reports overlapping and duplicate tiers", () => {
    const overlapping = validateCreditTable([
      { below: 99.9, atLeast: 98, creditPercent: 10 },
      { below: 99, creditPercent: 25 },
    ]);
    expect(overlapping.map((p) => p.code)).toEqual(["overlapping_tiers"]);
    expect(validateCreditTable([{ below: 99, creditPercent: 10 }, { below: 99, creditPercent: 20 }]).map((p) => p.code)).toEqual(["duplicate_tier"]);
    expect(validateCreditTable([{ below: 99, atLeast: 99.5, creditPercent: 10 }]).map((p) => p.code)).toEqual(["overlapping_tiers"]);
  });

  it("reports out-of-range values and a credit that shrinks as availability falls", () => {
    expect(validateCreditTable([{ below: 101, creditPercent: 10 }]).map((p) => p.code)).toEqual(["below_out_of_range"]);
    expect(validateCreditTable([{ below: 99, creditPercent: 0 }]).map((p) => p.code)).toEqual(["credit_out_of_range"]);
    expect(validateCreditTable([{ below: 99, creditPercent: 150 }]).map((p) => p.code)).toEqual(["credit_out_of_range"]);
    expect(validateCreditTable([{ below: 99.9, creditPercent: 30 }, { below: 99, creditPercent: 10 }]).map((p) => p.code)).toEqual(["credit_not_increasing"]);
  });

  it("respects explicit bands", () => {
    const banded: CreditTier[] = [{ below: 99.9, atLeast: 99, creditPercent: 10 }, { below: 99, atLeast: 95, creditPercent: 25 }];
    expect(validateCreditTable(banded)).toEqual([]);
    expect(creditFor(94, banded, 100).creditPercent).toBe(0);
    expect(creditFor(99, banded, 100).creditPercent).toBe(10);
  });
});

describe("validateObjectives", () => {
  it("reports a target of 0 or negative", () => {
    const problems = validateObjectives({ firstResponseMinutes: 0, progressUpdateMinutes: -30, resolutionMinutes: 480 });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ["target_not_positive", "firstResponseMinutes"],
      ["target_not_positive", "progressUpdateMinutes"],
    ]);
  });
  it("reports availability outside (0, 100], bad modes and floors", () => {
    expect(validateObjectives({ availabilityPercent: 0 }).map((p) => p.code)).toEqual(["target_not_positive"]);
    expect(validateObjectives({ availabilityPercent: 100.5 }).map((p) => p.code)).toEqual(["availability_out_of_range"]);
    expect(validateObjectives({ resolutionMinutes: Number.NaN }).map((p) => p.code)).toEqual(["not_a_number"]);
    expect(validateObjectives({ modes: { resolution: "weekdays" } }).map((p) => p.code)).toEqual(["bad_mode"]);
    expect(validateObjectives({ csatFloor: 80, npsFloor: 120 }).map((p) => p.code)).toEqual(["floor_out_of_range", "floor_out_of_range"]);
    expect(validateObjectives({ availabilityPercent: 99.9, resolutionMinutes: 480, modes: { resolution: "calendar" } }, "objectives.0")).toEqual([]);
  });
});
