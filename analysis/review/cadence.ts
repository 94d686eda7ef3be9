// When the next review of an SLA is due: pure date arithmetic on "YYYY-MM-DD" calendar dates
// (the caller turns instants into dates in the SLA calendar's zone; nothing here reads a clock).
import type { ReviewCadence } from "./changes";

export const cadenceMonths: Readonly<Record<ReviewCadence, number>> = Object.freeze({ monthly: 1, quarterly: 3, semiannual: 6, annual: 12 });

const dateRe = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] {
  const m = dateRe.exec(date);
  if (!m) throw new RangeError(`expected a YYYY-MM-DD date, got ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Calendar months later; a day the target month lacks becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return fmt(ty, tm, Math.min(d, last));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** b - a in whole days. */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** A review due within this many days is "due soon". */
export const DUE_SOON_DAYS = 14;

export type ReviewDueStatus = "overdue" | "scheduled" | "due_soon" | "ok";

export interface ReviewDueInput {
  cadence: ReviewCadence;
  /** The date the version in force took effect: the clock starts there when no review was held. */
  since: string;
  /** Date of the last meeting that was held (opened), if any. */
  lastHeld: string | null;
  /** Date of the next meeting on the books (scheduled, not opened yet), if any. */
  nextScheduled: string | null;
  today: string;
}

export interface ReviewDue {
  /** Last held meeting (or the version's start) + the cadence. */
  due: string;
  status: ReviewDueStatus;
  /** due - today: negative when overdue. */
  daysLeft: number;
}

/**
 * Next review due = the last held meeting (or, before the first one, the version's start) plus
 * the cadence. A meeting scheduled on or before the due date covers it ("scheduled"); otherwise
 * a due date in the past is "overdue", and one within DUE_SOON_DAYS is "due soon".
 */
export function reviewDue(input: ReviewDueInput): ReviewDue {
  const base = input.lastHeld ?? input.since;
  const due = addMonths(base, cadenceMonths[input.cadence]);
  const daysLeft = daysBetween(input.today, due);
  let status: ReviewDueStatus;
  if (input.nextScheduled && input.nextScheduled <= due) status = "scheduled";
  else if (daysLeft < 0) status = "overdue";
  else if (daysLeft <= DUE_SOON_DAYS) status = "due_soon";
  else status = "ok";
  return { due, status, daysLeft };
}

const statusRank: Record<ReviewDueStatus, number> = { overdue: 0, due_soon: 1, scheduled: 2, ok: 3 };

/** Board order: overdue first (most overdue on top), then due soon, scheduled, the rest; by due date within each. */
export function boardOrder<T extends { due: ReviewDue | null }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    if (!a.due || !b.due) return a.due ? -1 : b.due ? 1 : 0;
    return statusRank[a.due.status] - statusRank[b.due.status] || a.due.due.localeCompare(b.due.due);
  });
}
