import { problem, type Problem } from "./problems";
import { DAY, MINUTE, dayNumber, isValidTimeZone, weekdayOf, zone, type Zone } from "./zone";

/** A weekly service-hours slot. end <= start means it runs into the next day ("22:00"-"06:00"); "00:00"-"00:00" is a whole day. */
export interface Slot {
  /** 0 = Sunday ... 6 = Saturday: the day the slot starts on. */
  day: number;
  start: string;
  end: string;
}

export interface BusinessCalendar {
  /** IANA zone, e.g. "Asia/Seoul". */
  timezone: string;
  slots: Slot[];
  /** "YYYY-MM-DD" in the calendar's zone. A slot belongs to the day it starts on, so a holiday drops that day's overnight slot whole. */
  holidays: string[];
}

const WEEK_MIN = 7 * 1440;

/** "HH:MM" -> minutes; "24:00" only when allowEnd. */
export function parseTime(s: unknown, allowEnd = false): number | null {
  if (typeof s !== "string") return null;
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = +m[1], mi = +m[2];
  if (allowEnd && h === 24 && mi === 0) return 1440;
  if (h > 23 || mi > 59) return null;
  return h * 60 + mi;
}

/** Minutes from the slot's day start: [start, end) with end > start (overnight slots end after 1440). */
function slotRange(slot: Slot): [number, number] | null {
  const s = parseTime(slot.start);
  const e = parseTime(slot.end, true);
  if (s === null || e === null) return null;
  return [s, e <= s ? e + 1440 : e];
}

/** Problems with a calendar (empty list = valid). Codes: unknown_timezone, no_slots, bad_day, bad_time_format, overlapping_slots, bad_holiday_date, duplicate_holiday. */
export function validateCalendar(cal: BusinessCalendar): Problem[] {
  const out: Problem[] = [];
  if (!isValidTimeZone(cal?.timezone)) {
    out.push(problem("unknown_timezone", "timezone", `unknown time zone "${String(cal?.timezone)}"`, { timezone: String(cal?.timezone) }));
  }
  const slots = Array.isArray(cal?.slots) ? cal.slots : [];
  if (slots.length === 0) out.push(problem("no_slots", "slots", "the calendar has no service hours"));
  const ranges: { i: number; from: number; to: number }[] = [];
  slots.forEach((slot, i) => {
    let ok = true;
    if (!Number.isInteger(slot?.day) || slot.day < 0 || slot.day > 6) {
      out.push(problem("bad_day", `slots.${i}.day`, `day must be 0 (Sunday) to 6 (Saturday), got ${String(slot?.day)}`, { index: i }));
      ok = false;
    }
    if (parseTime(slot?.start) === null) {
      out.push(problem("bad_time_format", `slots.${i}.start`, `start must be HH:MM (00:00-23:59), got "${String(slot?.start)}"`, { index: i, value: String(slot?.start) }));
      ok = false;
    }
    if (parseTime(slot?.end, true) === null) {
      out.push(problem("bad_time_format", `slots.${i}.end`, `end must be HH:MM (00:00-24:00), got "${String(slot?.end)}"`, { index: i, value: String(slot?.end) }));
      ok = false;
    }
    if (ok) {
      const [s, e] = slotRange(slot)!;
      ranges.push({ i, from: slot.day * 1440 + s, to: slot.day * 1440 + e });
    }
  });
  // Overlap on the weekly circle, so Saturday's overnight slot meets Sunday morning.
  const reported = new Set<string>();
  for (let a = 0; a < ranges.length; a++) {
    for (let b = a + 1; b < ranges.length; b++) {
      const A = ranges[a], B = ranges[b];
      const hit = [-WEEK_MIN, 0, WEEK_MIN].some((shift) => A.from < B.to + shift && B.from + shift < A.to);
      const key = `${A.i}-${B.i}`;
      if (hit && !reported.has(key)) {
        reported.add(key);
        out.push(problem("overlapping_slots", `slots.${B.i}`, `slot ${B.i + 1} overlaps slot ${A.i + 1}`, { index: B.i, other: A.i }));
      }
    }
  }
  const seen = new Set<string>();
  (Array.isArray(cal?.holidays) ? cal.holidays : []).forEach((h, i) => {
    if (typeof h !== "string" || dayNumber(h) === null) {
      out.push(problem("bad_holiday_date", `holidays.${i}`, `holiday must be a real date YYYY-MM-DD, got "${String(h)}"`, { index: i, value: String(h) }));
    } else if (seen.has(h)) {
      out.push(problem("duplicate_holiday", `holidays.${i}`, `holiday ${h} is listed twice`, { index: i, value: h }));
    } else seen.add(h);
  });
  return out;
}

/** Round-the-clock calendar: "calendar hours" mode. */
export function calendarHours(timezone = "UTC"): BusinessCalendar {
  return { timezone, slots: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: "00:00", end: "00:00" })), holidays: [] };
}

/**
 * A calendar compiled to sorted UTC open intervals with prefix sums over a range of local
 * days, extended on demand. Working time between two instants is then two binary searches.
 */
export class CompiledCalendar {
  private readonly zone: Zone | null;
  private readonly byWeekday: [number, number][][];
  private readonly holidays: Set<number>;
  private d0 = 0;
  private d1 = -1;
  private rangeStart = 0;
  private rangeEnd = 0;
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  private cum = new Float64Array(0);
  private total = 0;
  /** 24/7 with no holidays: working time is wall time, no intervals needed. */
  readonly alwaysOpen: boolean;

  constructor(cal: BusinessCalendar) {
    const problems = validateCalendar(cal).filter((p) => p.code !== "duplicate_holiday");
    if (problems.length) throw new RangeError(`invalid calendar: ${problems.map((p) => p.message).join("; ")}`);
    this.byWeekday = [[], [], [], [], [], [], []];
    for (const slot of cal.slots) this.byWeekday[slot.day].push(slotRange(slot)!);
    this.holidays = new Set(cal.holidays.map((h) => dayNumber(h)!));
    this.alwaysOpen = this.holidays.size === 0 && coversWholeWeek(this.byWeekday);
    this.zone = this.alwaysOpen ? null : zone(cal.timezone);
  }

  private compile(d0: number, d1: number): void {
    const z = this.zone!;
    const rangeStart = z.localToUtc(d0 * DAY);
    const rangeEnd = z.localToUtc((d1 + 1) * DAY);
    const iv: [number, number][] = [];
    for (let d = d0 - 1; d <= d1; d++) {
      if (this.holidays.has(d)) continue;
      for (const [s, e] of this.byWeekday[weekdayOf(d)]) {
        const us = Math.max(rangeStart, z.localToUtc(d * DAY + s * MINUTE));
        const ue = Math.min(rangeEnd, z.localToUtc(d * DAY + e * MINUTE));
        if (ue > us) iv.push([us, ue]);
      }
    }
    iv.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const x of iv) {
      const last = merged[merged.length - 1];
      if (last && x[0] <= last[1]) last[1] = Math.max(last[1], x[1]);
      else merged.push([x[0], x[1]]);
    }
    const n = merged.length;
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    this.cum = new Float64Array(n);
    let c = 0;
    for (let i = 0; i < n; i++) {
      this.starts[i] = merged[i][0];
      this.ends[i] = merged[i][1];
      this.cum[i] = c;
      c += merged[i][1] - merged[i][0];
    }
    this.total = c;
    this.d0 = d0;
    this.d1 = d1;
    this.rangeStart = rangeStart;
    this.rangeEnd = rangeEnd;
  }

  /** Make sure [a, b] lies inside the compiled range; grows generously so rebuilds stay rare. */
  private cover(a: number, b: number): void {
    if (this.d1 >= this.d0 && a >= this.rangeStart && b < this.rangeEnd) return;
    const z = this.zone!;
    const da = z.localDay(a) - 1;
    const db = z.localDay(b) + 1;
    if (this.d1 < this.d0) this.compile(da - 60, db + 366);
    else this.compile(Math.min(this.d0, da - 366), Math.max(this.d1, db + 366));
  }

  /** Working ms from rangeStart to t (t inside the range). */
  private w(t: number): number {
    const s = this.starts;
    let lo = 0, hi = s.length - 1, i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] <= t) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (i < 0) return 0;
    return this.cum[i] + Math.min(t, this.ends[i]) - s[i];
  }

  /** Earliest instant at which working ms since rangeStart reaches target (target <= total). */
  private wInverse(target: number): number {
    const cum = this.cum, s = this.starts, e = this.ends;
    let lo = 0, hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] + (e[mid] - s[mid]) >= target) hi = mid;
      else lo = mid + 1;
    }
    return s[lo] + (target - cum[lo]);
  }

  /** Working ms in [a, b); negative when b < a. */
  workingMsBetween(a: number, b: number): number {
    if (this.alwaysOpen) return b - a;
    if (b < a) return -this.workingMsBetween(b, a);
    this.cover(a, b);
    return this.w(b) - this.w(a);
  }

  /** Earliest instant at which `ms` of working time have passed since start. */
  addWorkingMs(start: number, ms: number): number {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`working time to add must be a finite number >= 0, got ${ms}`);
    if (this.alwaysOpen || ms === 0) return start + ms;
    this.cover(start, start);
    const base = this.w(start);
    // Extend forward a year at a time; a calendar open once in 10 years is not a calendar.
    for (let tries = 0; this.total - base < ms; tries++) {
      if (tries > 10 || this.d1 - this.d0 > 366 * 30) throw new RangeError("the calendar has no working time within years of the start");
      this.compile(this.d0, this.d1 + 366 * (tries + 1));
    }
    return this.wInverse(base + ms);
  }

  /** The instant itself when open, else the next opening. */
  nextOpen(t: number): number {
    if (this.alwaysOpen) return t;
    this.cover(t, t);
    for (let tries = 0; ; tries++) {
      const s = this.starts, e = this.ends;
      let lo = 0, hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (e[mid] > t) hi = mid;
        else lo = mid + 1;
      }
      if (lo < s.length) return Math.max(t, s[lo]);
      if (tries > 10) throw new RangeError("the calendar has no working time within years of the start");
      this.compile(this.d0, this.d1 + 366 * (tries + 1));
    }
  }
}

function coversWholeWeek(byWeekday: [number, number][][]): boolean {
  const r: [number, number][] = [];
  byWeekday.forEach((list, day) => {
    for (const [s, e] of list) {
      const from = day * 1440 + s, to = day * 1440 + e;
      if (to > WEEK_MIN) {
        r.push([from, WEEK_MIN], [0, to - WEEK_MIN]);
      } else r.push([from, to]);
    }
  });
  r.sort((a, b) => a[0] - b[0]);
  let reach = 0;
  for (const [s, e] of r) {
    if (s > reach) return false;
    reach = Math.max(reach, e);
  }
  return reach >= WEEK_MIN;
}

const byObject = new WeakMap<BusinessCalendar, CompiledCalendar>();
const byKey = new Map<string, CompiledCalendar>();

/**
 * Compiled form of a calendar, cached. Calendars are treated as immutable values: an SLA
 * version's calendar never changes once published, so mutate-after-use is not supported.
 */
export function compileCalendar(cal: BusinessCalendar): CompiledCalendar {
  let c = byObject.get(cal);
  if (c) return c;
  const key = JSON.stringify([cal.timezone, cal.slots.map((s) => [s.day, s.start, s.end]), cal.holidays]);
  c = byKey.get(key);
  if (!c) {
    c = new CompiledCalendar(cal);
    if (byKey.size >= 256) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, c);
  }
  byObject.set(cal, c);
  return c;
}

/** Deadline: start + `minutes` counted in working time. Opened outside hours, counting starts at the next open slot. */
export function addWorkingTime(cal: BusinessCalendar, start: Date, minutes: number): Date {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  return new Date(compileCalendar(cal).addWorkingMs(start.getTime(), minutes * MINUTE));
}

/** Working minutes between a and b (negative when b is before a). */
export function workingMinutesBetween(cal: BusinessCalendar, a: Date, b: Date): number {
  return compileCalendar(cal).workingMsBetween(a.getTime(), b.getTime()) / MINUTE;
}

/** The moment itself when the service is open, else the next opening. */
export function nextOpening(cal: BusinessCalendar, at: Date): Date {
  return new Date(compileCalendar(cal).nextOpen(at.getTime()));
}

export function isOpen(cal: BusinessCalendar, at: Date): boolean {
  return compileCalendar(cal).nextOpen(at.getTime()) === at.getTime();
}
