/**
 * IANA time-zone arithmetic on top of Intl, with no dependency. Intl is slow per call, so
 * each zone's offset transitions are found once per UTC year (daily samples, then
 * bisection to the second) and later look-ups are a binary search.
 */

export const MINUTE = 60_000;
export const DAY = 86_400_000;

export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== "string" || tz.length === 0) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

interface YearOffsets {
  at: number[];
  offset: number[];
}

export class Zone {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly years = new Map<number, YearOffsets>();

  constructor(readonly name: string) {
    // Throws RangeError for an unknown zone, which is what callers want.
    this.fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** Offset (local - UTC) in ms straight from Intl. */
  private rawOffset(t: number): number {
    const whole = Math.floor(t / 1000) * 1000;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const p of this.fmt.formatToParts(whole)) {
      switch (p.type) {
        case "year": y = +p.value; break;
        case "month": mo = +p.value; break;
        case "day": d = +p.value; break;
        case "hour": h = +p.value; break;
        case "minute": mi = +p.value; break;
        case "second": s = +p.value; break;
      }
    }
    return Date.UTC(y, mo - 1, d, h, mi, s) - whole;
  }

  private year(y: number): YearOffsets {
    let data = this.years.get(y);
    if (data) return data;
    const start = Date.UTC(y, 0, 1);
    const end = Date.UTC(y + 1, 0, 1);
    let prevT = start;
    let prev = this.rawOffset(start);
    data = { at: [start], offset: [prev] };
    for (let t = start + DAY; prevT < end - 1000; t += DAY) {
      const s = Math.min(t, end - 1000);
      const o = this.rawOffset(s);
      if (o !== prev) {
        let lo = prevT, hi = s;
        while (hi - lo > 1000) {
          const mid = Math.floor((lo + hi) / 2000) * 1000;
          if (mid <= lo) break;
          if (this.rawOffset(mid) === prev) lo = mid;
          else hi = mid;
        }
        data.at.push(hi);
        data.offset.push(o);
        prev = o;
      }
      prevT = s;
    }
    this.years.set(y, data);
    return data;
  }

  /** Offset (local wall clock - UTC) in ms at UTC instant t. */
  offsetAt(t: number): number {
    const data = this.year(new Date(t).getUTCFullYear());
    const at = data.at;
    let lo = 0, hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (at[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return data.offset[lo];
  }

  /**
   * UTC instant of a local wall-clock time given as ms since 1970-01-01T00:00 local.
   * Disambiguation as Temporal's "compatible": a time in a spring-forward gap moves
   * forward by the gap; a time that occurs twice (fall back) takes the earlier one.
   */
  localToUtc(local: number): number {
    const before = this.offsetAt(local - DAY);
    const after = this.offsetAt(local + DAY);
    if (before === after) return local - before;
    const c1 = local - before;
    const c2 = local - after;
    const ok1 = this.offsetAt(c1) === before;
    const ok2 = this.offsetAt(c2) === after;
    if (ok1 && ok2) return Math.min(c1, c2);
    if (ok1) return c1;
    if (ok2) return c2;
    return c1;
  }

  /** Local day number (days since 1970-01-01 in this zone) of UTC instant t. */
  localDay(t: number): number {
    return Math.floor((t + this.offsetAt(t)) / DAY);
  }
}

const zones = new Map<string, Zone>();

export function zone(name: string): Zone {
  let z = zones.get(name);
  if (!z) {
    z = new Zone(name);
    zones.set(name, z);
  }
  return z;
}

/** "YYYY-MM-DD" -> local day number, or null when not a real date. */
export function dayNumber(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY;
}

/** 0 = Sunday. Day 0 (1970-01-01) was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
