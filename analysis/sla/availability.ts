import { problem, type Problem } from "./problems";
import { MINUTE, zone } from "./zone";

export interface AvailabilityWindow {
  start: Date;
  end: Date;
  goodMinutes: number;
  totalMinutes: number;
}

export interface Outage {
  start: Date;
  end: Date;
}

export interface AvailabilityInput {
  /** "YYYY-MM", a calendar month in `timezone`. */
  month: string;
  timezone: string;
  /** e.g. 99.9 */
  objectivePercent: number;
  /** Measurement windows; a window straddling the month edge counts pro rata. */
  windows?: readonly AvailabilityWindow[];
  /** Or outages: the whole month (up to `now`) is the total and outage minutes are bad. */
  outages?: readonly Outage[];
  /** For the running month in outage mode: measure up to now. */
  now?: Date;
}

export interface AvailabilityResult {
  month: string;
  start: Date;
  end: Date;
  goodMinutes: number;
  totalMinutes: number;
  badMinutes: number;
  /** good / total x 100; null when nothing was measured. */
  percent: number | null;
  objectivePercent: number;
  meetsObjective: boolean | null;
  /** Bad minutes the objective allows: of the whole month (outages) or of the measured minutes (windows). */
  errorBudgetMinutes: number;
  errorBudgetLeftMinutes: number;
  /** Left / budget (negative when overspent); null when the budget is 0. */
  errorBudgetLeftShare: number | null;
  /** Observed error rate / allowed error rate: 1 spends the budget exactly by the end of the window. */
  burnRate: number | null;
}

/** Start and end (exclusive) of a calendar month in a zone. */
export function monthRange(month: string, timezone: string): { start: Date; end: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || +m[2] < 1 || +m[2] > 12) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
  const z = zone(timezone);
  const y = +m[1], mo = +m[2] - 1;
  return { start: new Date(z.localToUtc(Date.UTC(y, mo, 1))), end: new Date(z.localToUtc(Date.UTC(y, mo + 1, 1))) };
}

/** Problems with one imported window (codes: bad_date, end_before_start, negative_minutes, good_exceeds_total). */
export function validateAvailabilityWindow(w: AvailabilityWindow, path = ""): Problem[] {
  const out: Problem[] = [];
  const p = (f: string) => (path ? `${path}.${f}` : f);
  const startOk = w.start instanceof Date && !Number.isNaN(w.start.getTime());
  const endOk = w.end instanceof Date && !Number.isNaN(w.end.getTime());
  if (!startOk) out.push(problem("bad_date", p("start"), "start is not a valid time"));
  if (!endOk) out.push(problem("bad_date", p("end"), "end is not a valid time"));
  if (startOk && endOk && w.end.getTime() <= w.start.getTime()) out.push(problem("end_before_start", p("end"), "end must be after start"));
  for (const f of ["goodMinutes", "totalMinutes"] as const) {
    if (!(Number.isFinite(w[f]) && w[f] >= 0)) out.push(problem("negative_minutes", p(f), `${f} must be a number >= 0`));
  }
  if (w.goodMinutes > w.totalMinutes) out.push(problem("good_exceeds_total", p("goodMinutes"), "good minutes exceed total minutes"));
  return out;
}

export function validateOutage(o: Outage, path = ""): Problem[] {
  const out: Problem[] = [];
  const p = (f: string) => (path ? `${path}.${f}` : f);
  const startOk = o.start instanceof Date && !Number.isNaN(o.start.getTime());
  const endOk = o.end instanceof Date && !Number.isNaN(o.end.getTime());
  if (!startOk) out.push(problem("bad_date", p("start"), "start is not a valid time"));
  if (!endOk) out.push(problem("bad_date", p("end"), "end is not a valid time"));
  if (startOk && endOk && o.end.getTime() <= o.start.getTime()) out.push(problem("end_before_start", p("end"), "end must be after start"));
  return out;
}

/** Availability of one month: good minutes / total minutes, with the error budget and burn rate. */
export function availability(input: AvailabilityInput): AvailabilityResult {
  const { month, timezone, objectivePercent } = input;
  if (!(objectivePercent > 0 && objectivePercent <= 100)) throw new RangeError(`objective must be in (0, 100], got ${objectivePercent}`);
  if (input.windows && input.outages) throw new RangeError("give either windows or outages, not both");
  const { start, end } = monthRange(month, timezone);
  const s = start.getTime(), e = end.getTime();
  let good = 0, total = 0, budget = 0;
  const allowed = 1 - objectivePercent / 100;
  if (input.windows) {
    for (const w of input.windows) {
      const ws = w.start.getTime(), we = w.end.getTime();
      const overlap = Math.min(we, e) - Math.max(ws, s);
      if (overlap <= 0 || we <= ws) continue;
      const f = overlap / (we - ws);
      good += w.goodMinutes * f;
      total += w.totalMinutes * f;
    }
    budget = total * allowed;
  } else {
    const upTo = input.now ? Math.min(e, Math.max(s, input.now.getTime())) : e;
    total = (upTo - s) / MINUTE;
    const clipped = (input.outages ?? [])
      .map((o) => [Math.max(s, o.start.getTime()), Math.min(upTo, o.end.getTime())] as [number, number])
      .filter(([a, b]) => b > a)
      .sort((a, b) => a[0] - b[0]);
    // Union, so overlapping outage reports are not counted twice.
    let bad = 0, curA = -Infinity, curB = -Infinity;
    for (const [a, b] of clipped) {
      if (a > curB) {
        if (curB > curA) bad += curB - curA;
        curA = a;
        curB = b;
      } else curB = Math.max(curB, b);
    }
    if (curB > curA) bad += curB - curA;
    good = total - bad / MINUTE;
    budget = ((e - s) / MINUTE) * allowed;
  }
  const badMinutes = total - good;
  const percent = total > 0 ? (100 * good) / total : null;
  const left = budget - badMinutes;
  return {
    month,
    start,
    end,
    goodMinutes: good,
    totalMinutes: total,
    badMinutes,
    percent,
    objectivePercent,
    meetsObjective: percent === null ? null : percent >= objectivePercent,
    errorBudgetMinutes: budget,
    errorBudgetLeftMinutes: left,
    errorBudgetLeftShare: budget > 0 ? left / budget : null,
    burnRate: total > 0 && allowed > 0 ? badMinutes / total / allowed : null,
  };
}
