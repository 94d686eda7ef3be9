import { describe, expect, it } from "vitest";
import { addDays, addMonths, boardOrder, daysBetween, reviewDue } from "../../analysis/review";

describe("review cadence dates", () => {
  it("adds calendar months, clamping to the month's last day", () => {
    expect(addMonths("2026-10-01", 3)).toBe("2027-01-01");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2026-12-15", 12)).toBe("2027-12-15");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
  });

  it("adds days and counts days between dates across months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-12-03", "2027-01-01")).toBe(29);
    expect(daysBetween("2027-01-01", "2026-12-03")).toBe(-29);
  });

  it("refuses something that is not a date", () => {
    expect(() => addMonths("2026-1-1", 1)).toThrow(RangeError);
  });
});

describe("reviewDue", () => {
  it("counts from the version's start before the first meeting", () => {
    expect(reviewDue({ cadence: "quarterly", since: "2026-07-01", lastHeld: null, nextScheduled: null, today: "2026-12-03" })).toEqual({
      due: "2026-10-01",
      status: "overdue",
      daysLeft: -63,
    });
  });

  it("counts from the last held meeting once there is one", () => {
    expect(reviewDue({ cadence: "quarterly", since: "2026-01-01", lastHeld: "2026-11-20", nextScheduled: null, today: "2026-12-03" })).toEqual({
      due: "2027-02-20",
      status: "ok",
      daysLeft: 79,
    });
    expect(reviewDue({ cadence: "monthly", since: "2026-01-01", lastHeld: "2026-11-10", nextScheduled: null, today: "2026-12-03" })).toEqual({
      due: "2026-12-10",
      status: "due_soon",
      daysLeft: 7,
    });
  });

  it("a meeting booked on or before the due date covers it; one booked after does not", () => {
    const base = { cadence: "quarterly" as const, since: "2026-07-01", lastHeld: null, today: "2026-09-20" };
    expect(reviewDue({ ...base, nextScheduled: "2026-09-30" }).status).toBe("scheduled");
    expect(reviewDue({ ...base, nextScheduled: "2026-10-01" }).status).toBe("scheduled");
    expect(reviewDue({ ...base, nextScheduled: "2026-10-02" }).status).toBe("due_soon");
    expect(reviewDue({ ...base, today: "2026-10-05", nextScheduled: "2026-10-20" }).status).toBe("overdue");
  });

  it("each cadence has its own length", () => {
    const due = (cadence: "monthly" | "quarterly" | "semiannual" | "annual") =>
      reviewDue({ cadence, since: "2026-01-15", lastHeld: null, nextScheduled: null, today: "2026-01-15" }).due;
    expect([due("monthly"), due("quarterly"), due("semiannual"), due("annual")]).toEqual(["2026-02-15", "2026-04-15", "2026-07-15", "2027-01-15"]);
  });
});

describe("boardOrder", () => {
  it("puts overdue first (most overdue on top), then due soon, scheduled, the rest, and SLAs without a version last", () => {
    const today = "2026-12-03";
    const row = (name: string, since: string | null, nextScheduled: string | null = null) => ({
      name,
      due: since ? reviewDue({ cadence: "quarterly", since, lastHeld: null, nextScheduled, today }) : null,
    });
    const rows = [
      row("ok", "2026-11-01"),
      row("none", null),
      row("overdue-recent", "2026-08-01"),
      row("due-soon", "2026-09-10"),
      row("overdue-old", "2026-05-01"),
      row("scheduled", "2026-09-01", "2026-11-30"),
    ];
    expect(boardOrder(rows).map((r) => r.name)).toEqual(["overdue-old", "overdue-recent", "due-soon", "scheduled", "ok", "none"]);
  });
});
