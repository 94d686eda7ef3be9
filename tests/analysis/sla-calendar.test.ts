import { describe, expect, it } from "vitest";
import {
  addWorkingTime,
  calendarHours,
  isOpen,
  isValidTimeZone,
  nextOpening,
  validateCalendar,
  workingMinutesBetween,
  type BusinessCalendar,
} from "../../analysis/sla";

const weekdays = [1, 2, 3, 4, 5];
/** New York office hours with a lunch gap: 09-12, 13-18 (8 working hours a day). */
const ny: BusinessCalendar = {
  timezone: "America/New_York",
  slots: weekdays.flatMap((day) => [
    { day, start: "09:00", end: "12:00" },
    { day, start: "13:00", end: "18:00" },
  ]),
  holidays: ["2026-11-26"],
};
const seoul: BusinessCalendar = {
  timezone: "Asia/Seoul",
  slots: weekdays.map((day) => ({ day, start: "09:00", end: "18:00" })),
  holidays: ["2026-09-24", "2026-09-25"],
};
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe("addWorkingTime / workingMinutesBetween", () => {
  it("skips the weekend (and the spring-forward Sunday) in New York", () => {
    // Fri 2026-03-06 17:00 EST + 120 min: 60 on Friday, 60 on Monday (now EDT).
    const start = at("2026-03-06T22:00:00Z");
    expect(iso(addWorkingTime(ny, start, 120))).toBe("2026-03-09T14:00:00.000Z");
    expect(workingMinutesBetween(ny, start, at("2026-03-09T14:00:00Z"))).toBe(120);
  });

  it("skips the weekend of the fall-back Sunday in New York", () => {
    // Fri 2026-10-30 17:00 EDT + 120 -> Mon 2026-11-02 10:00 EST.
    expect(iso(addWorkingTime(ny, at("2026-10-30T21:00:00Z"), 120))).toBe("2026-11-02T15:00:00.000Z");
  });

  it("skips a holiday", () => {
    // Wed 2026-11-25 17:00 EST + 120; Thanksgiving Thursday is a holiday.
    expect(iso(addWorkingTime(ny, at("2026-11-25T22:00:00Z"), 120))).toBe("2026-11-27T15:00:00.000Z");
    // Without the holiday the deadline is Thursday 10:00.
    expect(iso(addWorkingTime({ ...ny, holidays: [] }, at("2026-11-25T22:00:00Z"), 120))).toBe("2026-11-26T15:00:00.000Z");
  });

  it("skips consecutive holidays and the weekend in Asia/Seoul", () => {
    // Wed 2026-09-23 17:00 KST + 120; Chuseok Thu-Fri, weekend -> Mon 10:00 KST.
    expect(iso(addWorkingTime(seoul, at("2026-09-23T17:00:00+09:00"), 120))).toBe("2026-09-28T01:00:00.000Z");
    expect(workingMinutesBetween(seoul, at("2026-09-23T00:00:00+09:00"), at("2026-09-30T00:00:00+09:00"))).toBe(3 * 540);
  });

  it("jumps the lunch gap", () => {
    // Mon 2026-03-16 11:30 EDT + 60 -> 30 before lunch, 30 after -> 13:30 EDT.
    expect(iso(addWorkingTime(ny, at("2026-03-16T15:30:00Z"), 60))).toBe("2026-03-16T17:30:00.000Z");
  });

  it("starts counting at the next open slot for a case opened outside service hours", () => {
    // Sat 2026-03-14 10:00 EDT + 30 -> Mon 09:30 EDT.
    const sat = at("2026-03-14T14:00:00Z");
    expect(iso(addWorkingTime(ny, sat, 30))).toBe("2026-03-16T13:30:00.000Z");
    expect(iso(nextOpening(ny, sat))).toBe("2026-03-16T13:00:00.000Z");
    expect(isOpen(ny, sat)).toBe(false);
    expect(isOpen(ny, at("2026-03-16T13:00:00Z"))).toBe(true);
    // Lunch is closed; 18:00 is the (exclusive) end.
    expect(isOpen(ny, at("2026-03-16T16:30:00Z"))).toBe(false);
    expect(isOpen(ny, at("2026-03-16T22:00:00Z"))).toBe(false);
    // Adding nothing returns the start itself, even when closed.
    expect(iso(addWorkingTime(ny, sat, 0))).toBe(iso(sat));
  });

  it("lands on a slot end rather than the next opening when the target is used up exactly", () => {
    // Mon 10:00 KST + 480 = Mon 18:00 KST, not Tue 09:00.
    expect(iso(addWorkingTime(seoul, at("2026-06-01T10:00:00+09:00"), 480))).toBe("2026-06-01T09:00:00.000Z");
  });

  describe("daylight-saving transitions inside a slot count real minutes", () => {
    const nySunday: BusinessCalendar = { timezone: "America/New_York", slots: [{ day: 0, start: "00:00", end: "06:00" }], holidays: [] };
    const berlinSunday: BusinessCalendar = { timezone: "Europe/Berlin", slots: [{ day: 0, start: "00:00", end: "06:00" }], holidays: [] };
    const berlinNight: BusinessCalendar = { timezone: "Europe/Berlin", slots: [{ day: 6, start: "22:00", end: "06:00" }], holidays: [] };

    it("New York spring forward (2026-03-08): 00:00-06:00 is 5 hours", () => {
      expect(workingMinutesBetween(nySunday, at("2026-03-07T00:00:00Z"), at("2026-03-10T00:00:00Z"))).toBe(300);
      // 00:00 EST = 05:00Z; 180 minutes later it is 04:00 EDT = 08:00Z.
      expect(iso(addWorkingTime(nySunday, at("2026-03-08T05:00:00Z"), 180))).toBe("2026-03-08T08:00:00.000Z");
    });

    it("New York fall back (2026-11-01): 00:00-06:00 is 7 hours", () => {
      expect(workingMinutesBetween(nySunday, at("2026-10-31T00:00:00Z"), at("2026-11-03T00:00:00Z"))).toBe(420);
      expect(iso(addWorkingTime(nySunday, at("2026-11-01T04:00:00Z"), 420))).toBe("2026-11-01T11:00:00.000Z");
    });

    it("Berlin spring forward and fall back (2026-03-29, 2026-10-25)", () => {
      expect(workingMinutesBetween(berlinSunday, at("2026-03-28T00:00:00Z"), at("2026-03-30T00:00:00Z"))).toBe(300);
      expect(workingMinutesBetween(berlinSunday, at("2026-10-24T00:00:00Z"), at("2026-10-26T00:00:00Z"))).toBe(420);
      // An overnight slot across the change: Sat 22:00 -> Sun 06:00.
      expect(workingMinutesBetween(berlinNight, at("2026-03-28T00:00:00Z"), at("2026-03-30T00:00:00Z"))).toBe(420);
      expect(workingMinutesBetween(berlinNight, at("2026-10-24T00:00:00Z"), at("2026-10-26T00:00:00Z"))).toBe(540);
      // An ordinary week has 8 hours.
      expect(workingMinutesBetween(berlinNight, at("2026-06-06T00:00:00Z"), at("2026-06-08T00:00:00Z"))).toBe(480);
    });

    it("Asia/Seoul has no transition: every weekday is 9 hours all year", () => {
      expect(workingMinutesBetween(seoul, at("2026-03-02T00:00:00+09:00"), at("2026-03-07T00:00:00+09:00"))).toBe(5 * 540);
      expect(workingMinutesBetween(seoul, at("2026-10-26T00:00:00+09:00"), at("2026-10-31T00:00:00+09:00"))).toBe(5 * 540);
    });
  });

  describe("overnight slots", () => {
    const nightDesk: BusinessCalendar = {
      timezone: "Europe/Berlin",
      slots: weekdays.map((day) => ({ day, start: "22:00", end: "06:00" })),
      holidays: [],
    };

    it("runs into the next morning and resumes on the next slot", () => {
      // Fri 2026-06-05 23:00 CEST + 480: 420 until Sat 06:00, then Mon 22:00 + 60.
      const start = at("2026-06-05T21:00:00Z");
      expect(iso(addWorkingTime(nightDesk, start, 480))).toBe("2026-06-08T21:00:00.000Z");
      expect(workingMinutesBetween(nightDesk, start, at("2026-06-08T21:00:00Z"))).toBe(480);
    });

    it("a holiday drops the overnight slot that starts on it, not the one that ends on it", () => {
      const withHoliday = { ...nightDesk, holidays: ["2026-06-05"] };
      // Thursday's slot still runs until Fri 06:00 ...
      expect(isOpen(withHoliday, at("2026-06-05T03:00:00Z"))).toBe(true);
      // ... Friday's does not start; next is Mon 22:00, + 480 -> Tue 06:00 CEST.
      expect(iso(addWorkingTime(withHoliday, at("2026-06-05T21:00:00Z"), 480))).toBe("2026-06-09T04:00:00.000Z");
    });

    it("a whole-day slot is written 00:00-00:00", () => {
      const sundays: BusinessCalendar = { timezone: "Asia/Seoul", slots: [{ day: 0, start: "00:00", end: "00:00" }], holidays: [] };
      expect(workingMinutesBetween(sundays, at("2026-06-01T00:00:00+09:00"), at("2026-06-15T00:00:00+09:00"))).toBe(2 * 1440);
    });
  });

  it("calendar-hours mode counts every minute, DST or not", () => {
    const cal = calendarHours("America/New_York");
    expect(workingMinutesBetween(cal, at("2026-03-07T12:00:00Z"), at("2026-03-09T12:00:00Z"))).toBe(2 * 1440);
    expect(iso(addWorkingTime(cal, at("2026-03-07T12:00:00Z"), 1440))).toBe("2026-03-08T12:00:00.000Z");
  });

  it("returns negative minutes when b is before a, and rejects negative additions", () => {
    expect(workingMinutesBetween(seoul, at("2026-06-01T12:00:00+09:00"), at("2026-06-01T10:00:00+09:00"))).toBe(-120);
    expect(() => addWorkingTime(seoul, at("2026-06-01T12:00:00+09:00"), -5)).toThrow(RangeError);
  });

  it("works far from the first use (the compiled range grows both ways)", () => {
    expect(iso(addWorkingTime(seoul, at("2031-01-06T09:00:00+09:00"), 540 * 5))).toBe("2031-01-10T09:00:00.000Z");
    expect(iso(addWorkingTime(seoul, at("2019-01-07T09:00:00+09:00"), 60))).toBe("2019-01-07T01:00:00.000Z");
    // A 60-day target crosses years of compiled range boundaries consistently.
    const start = at("2026-01-05T09:00:00+09:00");
    const due = addWorkingTime(seoul, start, 540 * 300);
    expect(workingMinutesBetween(seoul, start, due)).toBe(540 * 300);
  });

  it("refuses an invalid calendar", () => {
    expect(() => addWorkingTime({ timezone: "Mars/Olympus", slots: seoul.slots, holidays: [] }, at("2026-06-01T00:00:00Z"), 10)).toThrow(RangeError);
    expect(() => addWorkingTime({ timezone: "Asia/Seoul", slots: [], holidays: [] }, at("2026-06-01T00:00:00Z"), 10)).toThrow(RangeError);
  });
});

describe("validateCalendar", () => {
  const codes = (cal: BusinessCalendar) => validateCalendar(cal).map((p) => p.code);

  it("accepts a valid calendar, with adjacent slots", () => {
    expect(validateCalendar(ny)).toEqual([]);
    expect(validateCalendar(seoul)).toEqual([]);
    expect(validateCalendar(calendarHours("Europe/Berlin"))).toEqual([]);
  });

  it("reports an unknown timezone", () => {
    expect(isValidTimeZone("Asia/Seoul")).toBe(true);
    expect(isValidTimeZone("Asia/Busan")).toBe(false);
    expect(codes({ ...seoul, timezone: "Asia/Busan" })).toEqual(["unknown_timezone"]);
  });

  it("reports overlapping slots on the same day", () => {
    const problems = validateCalendar({ timezone: "UTC", slots: [{ day: 1, start: "09:00", end: "12:00" }, { day: 1, start: "11:00", end: "14:00" }], holidays: [] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "overlapping_slots", path: "slots.1", params: { index: 1, other: 0 } });
  });

  it("reports an overnight slot overlapping the next day's slot, including Saturday into Sunday", () => {
    expect(codes({ timezone: "UTC", slots: [{ day: 1, start: "22:00", end: "06:00" }, { day: 2, start: "05:00", end: "09:00" }], holidays: [] })).toEqual(["overlapping_slots"]);
    expect(codes({ timezone: "UTC", slots: [{ day: 6, start: "22:00", end: "06:00" }, { day: 0, start: "05:00", end: "09:00" }], holidays: [] })).toEqual(["overlapping_slots"]);
    expect(codes({ timezone: "UTC", slots: [{ day: 6, start: "22:00", end: "06:00" }, { day: 0, start: "06:00", end: "09:00" }], holidays: [] })).toEqual([]);
  });

  it("reports bad times, days and holidays", () => {
    const problems = validateCalendar({
      timezone: "UTC",
      slots: [{ day: 7, start: "9:00", end: "25:00" }, { day: 2, start: "09:60", end: "24:00" }],
      holidays: ["2026-02-30", "2026-12-25", "2026-12-25"],
    });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ["bad_day", "slots.0.day"],
      ["bad_time_format", "slots.0.start"],
      ["bad_time_format", "slots.0.end"],
      ["bad_time_format", "slots.1.start"],
      ["bad_holiday_date", "holidays.0"],
      ["duplicate_holiday", "holidays.2"],
    ]);
  });

  it("reports a calendar without service hours", () => {
    expect(codes({ timezone: "UTC", slots: [], holidays: [] })).toEqual(["no_slots"]);
  });
});
