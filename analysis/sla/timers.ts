import { calendarHours, compileCalendar, type BusinessCalendar, type CompiledCalendar } from "./calendar";
import { clockState, type CaseStatus, type StatusChange } from "./workflow";
import { MINUTE } from "./zone";

export type TimerKind = "first_response" | "progress_update" | "resolution";
export type TimerMode = "business" | "calendar";
export type TimerStatus = "running" | "paused" | "met" | "breached" | "not_applicable";
export type ReopenPolicy = "resume" | "restart";

export const timerKinds: readonly TimerKind[] = ["first_response", "progress_update", "resolution"];

/** Share of the target below which a live timer is "at risk". */
export const AT_RISK_SHARE = 0.2;

export interface CaseObjectives {
  firstResponseMinutes?: number | null;
  progressUpdateMinutes?: number | null;
  resolutionMinutes?: number | null;
  /** Per objective; "business" counts the calendar's working time, "calendar" counts every minute. Default business. */
  modes?: Partial<Record<TimerKind, TimerMode>>;
}

export interface CaseTimerInput {
  openedAt: Date;
  /** Status changes after opening, in time order (a leading "open" at openedAt is fine). */
  history: readonly StatusChange[];
  /** Progress notices sent to the customer. */
  progressUpdates?: readonly Date[];
  /** First reply to the customer; when absent the first progress update, else the first resolution, counts. */
  firstResponseAt?: Date | null;
  objectives: CaseObjectives;
  /** The calendar of the SLA version stamped on the case. */
  calendar: BusinessCalendar;
  now: Date;
  reopenPolicy?: ReopenPolicy;
}

export interface TimerResult {
  kind: TimerKind;
  status: TimerStatus;
  mode: TimerMode;
  targetMinutes: number | null;
  /**
   * When the target is (was) reached: for a running timer the deadline with pauses so far
   * added; for a paused one the deadline if the clock resumed now; for a breached one the
   * moment it was missed.
   */
  due: Date | null;
  /** Working (or calendar) minutes on the clock, for progress_update in the current interval. */
  elapsedMinutes: number;
  /** target - elapsed; negative = over. */
  remainingMinutes: number | null;
  /** The first moment a target was missed; fixed once it happened. */
  breachedAt: Date | null;
  /** Misses recorded (progress_update can miss once per interval; the others at most once). */
  misses: number;
  atRisk: boolean;
  /** When the clock stopped for good (response given, case resolved), or null. */
  stoppedAt: Date | null;
}

export interface CaseTimers {
  first_response: TimerResult;
  progress_update: TimerResult;
  resolution: TimerResult;
  /** Status at `now`. */
  status: CaseStatus;
  reopenPolicy: ReopenPolicy;
}

/** What a reopen does, in words for the case page. */
export const reopenPolicyStatements: Readonly<Record<ReopenPolicy, { ko: string; en: string }>> = Object.freeze({
  resume: {
    en: "If the case is reopened, the resolution clock resumes from the reopen: time already used is kept, time spent resolved is not counted, and a miss already recorded stays recorded (at most one resolution miss per case).",
    ko: "케이스가 다시 열리면 해결 시간 타이머는 재오픈 시점부터 이어서 흐릅니다. 이미 사용한 시간은 그대로 유지되고, 해결 상태였던 기간은 계산하지 않으며, 이미 기록된 기한 초과는 그대로 남습니다(케이스당 해결 기한 초과는 최대 1회).",
  },
  restart: {
    en: "If the case is reopened, the resolution clock starts again from the reopen with the full target; a miss recorded before the reopen stays recorded and the case counts at most one resolution miss.",
    ko: "케이스가 다시 열리면 해결 시간 타이머는 재오픈 시점부터 전체 목표 시간으로 새로 시작합니다. 재오픈 전에 기록된 기한 초과는 그대로 남으며, 케이스당 해결 기한 초과는 최대 1회로 셉니다.",
  },
});

interface Segments {
  status: CaseStatus[];
  from: number[];
  to: number[];
}

/** Status segments from openedAt to now, rebuilt from the history every time (no stored counters). */
function segments(openedAt: number, history: readonly StatusChange[], now: number): Segments {
  let changes = history;
  for (let i = 1; i < history.length; i++) {
    if (history[i].at.getTime() < history[i - 1].at.getTime()) {
      // Stable sort: same-instant changes keep their recorded order.
      changes = history.map((h, k) => ({ h, k })).sort((a, b) => a.h.at.getTime() - b.h.at.getTime() || a.k - b.k).map((x) => x.h);
      break;
    }
  }
  const out: Segments = { status: [], from: [], to: [] };
  let status: CaseStatus = "open";
  let from = openedAt;
  for (const c of changes) {
    const t = Math.max(openedAt, c.at.getTime());
    if (t > now) break;
    if (t > from) {
      out.status.push(status);
      out.from.push(from);
      out.to.push(t);
    }
    status = c.status;
    if (t > from) from = t;
  }
  out.status.push(status);
  out.from.push(from);
  out.to.push(Math.max(from, now));
  return out;
}

/** Running periods of the clock within [lo, hi), flat: [start0, end0, start1, end1, ...]. */
function runningWithin(segs: Segments, lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < segs.status.length; i++) {
    if (clockState[segs.status[i]] !== "running") continue;
    const a = Math.max(lo, segs.from[i]), b = Math.min(hi, segs.to[i]);
    if (b > a) {
      if (out.length && out[out.length - 1] === a) out[out.length - 1] = b;
      else out.push(a, b);
    }
  }
  return out;
}

interface ClockRun {
  elapsed: number;
  breachAt: number | null;
  /** Deadline while the clock last ran (null when it never ran). */
  lastDue: number | null;
}

/** Run a clock over its running periods: elapsed working ms, and the moment it passed the target. */
function runClock(cal: CompiledCalendar, periods: number[], target: number): ClockRun {
  let cum = 0;
  let breachAt: number | null = null;
  let lastDue: number | null = null;
  for (let i = 0; i < periods.length; i += 2) {
    const s = periods[i], e = periods[i + 1];
    const m = cal.workingMsBetween(s, e);
    if (breachAt === null) {
      const reached = cum + m >= target;
      // The deadline is only worth finding where it falls, or for the period the clock is in last.
      if (reached || i + 2 >= periods.length) lastDue = cal.addWorkingMs(s, Math.max(0, target - cum));
      // Missed when the clock was still running after the deadline (even in closed hours).
      if (reached && e > lastDue!) breachAt = lastDue;
    }
    cum += m;
  }
  return { elapsed: cum, breachAt, lastDue };
}

function notApplicable(kind: TimerKind, mode: TimerMode): TimerResult {
  return {
    kind, status: "not_applicable", mode, targetMinutes: null, due: null, elapsedMinutes: 0,
    remainingMinutes: null, breachedAt: null, misses: 0, atRisk: false, stoppedAt: null,
  };
}

function finish(
  kind: TimerKind,
  mode: TimerMode,
  targetMin: number,
  cal: CompiledCalendar,
  run: ClockRun,
  opts: { now: number; stoppedAt: number | null; paused: boolean; firstBreach: number | null; misses: number; cycleStart: number },
): TimerResult {
  const target = targetMin * MINUTE;
  const remaining = target - run.elapsed;
  let due: number;
  if (run.breachAt !== null) due = run.breachAt;
  else if (opts.stoppedAt === null && opts.paused) due = cal.addWorkingMs(opts.now, Math.max(0, remaining));
  else due = run.lastDue ?? cal.addWorkingMs(opts.cycleStart, target);
  const breachedAt = opts.firstBreach;
  const live = opts.stoppedAt === null;
  const status: TimerStatus = breachedAt !== null ? "breached" : !live ? "met" : opts.paused ? "paused" : "running";
  return {
    kind,
    status,
    mode,
    targetMinutes: targetMin,
    due: new Date(due),
    elapsedMinutes: run.elapsed / MINUTE,
    remainingMinutes: remaining / MINUTE,
    breachedAt: breachedAt === null ? null : new Date(breachedAt),
    misses: opts.misses,
    atRisk: live && run.breachAt === null && remaining >= 0 && remaining < AT_RISK_SHARE * target,
    stoppedAt: opts.stoppedAt === null ? null : new Date(opts.stoppedAt),
  };
}

const allHours = calendarHours();

function isTarget(x: number | null | undefined): x is number {
  return typeof x === "number" && Number.isFinite(x) && x > 0;
}

/**
 * SLA timers of one case at `now`. Pauses (waiting_on_customer) and stops (resolved,
 * closed) come from the status history; the clock counts working time of the calendar of
 * the SLA version stamped on the case ("business") or every minute ("calendar").
 * A missing or non-positive target gives "not_applicable" (validateObjectives reports it).
 */
export function computeCaseTimers(input: CaseTimerInput): CaseTimers {
  const openedAt = input.openedAt.getTime();
  const now = Math.max(openedAt, input.now.getTime());
  const policy: ReopenPolicy = input.reopenPolicy ?? "resume";
  const segs = segments(openedAt, input.history, now);
  const last = segs.status.length - 1;
  const current = segs.status[last];
  const currentClock = clockState[current];
  const modes = input.objectives.modes ?? {};
  const calFor = (kind: TimerKind): [TimerMode, CompiledCalendar] => {
    const mode = modes[kind] ?? "business";
    return [mode, compileCalendar(mode === "calendar" ? allHours : input.calendar)];
  };
  const updates: number[] = [];
  for (const d of input.progressUpdates ?? []) {
    const t = d.getTime();
    if (t >= openedAt && t <= now) updates.push(t);
  }
  if (updates.length > 1) updates.sort((a, b) => a - b);
  let firstStop: number | null = null;
  for (let i = 0; i <= last; i++) {
    if (clockState[segs.status[i]] === "stopped") {
      firstStop = segs.from[i];
      break;
    }
  }

  // First response: the reply, else the first progress notice, else the first resolution.
  let firstResponse: TimerResult;
  {
    const [mode, cal] = calFor("first_response");
    const target = input.objectives.firstResponseMinutes;
    if (!isTarget(target)) firstResponse = notApplicable("first_response", mode);
    else {
      const explicit = input.firstResponseAt ? input.firstResponseAt.getTime() : null;
      let respondedAt: number | null = explicit !== null && explicit <= now ? Math.max(openedAt, explicit) : null;
      for (const c of [updates.length ? updates[0] : null, firstStop]) {
        if (c !== null && (respondedAt === null || c < respondedAt)) respondedAt = c;
      }
      const run = runClock(cal, runningWithin(segs, openedAt, respondedAt ?? now), target * MINUTE);
      firstResponse = finish("first_response", mode, target, cal, run, {
        now, stoppedAt: respondedAt, paused: currentClock !== "running", firstBreach: run.breachAt,
        misses: run.breachAt === null ? 0 : 1, cycleStart: openedAt,
      });
    }
  }

  // Progress updates: a new interval starts at each notice (and at the first response).
  let progress: TimerResult;
  {
    const [mode, cal] = calFor("progress_update");
    const target = input.objectives.progressUpdateMinutes;
    if (!isTarget(target)) progress = notApplicable("progress_update", mode);
    else {
      const marks = [...updates];
      if (input.firstResponseAt && input.firstResponseAt.getTime() <= now) marks.push(Math.max(openedAt, input.firstResponseAt.getTime()));
      marks.sort((a, b) => a - b);
      const bounds = [openedAt, ...marks.filter((m) => m > openedAt)];
      let firstBreach: number | null = null;
      let misses = 0;
      let run: ClockRun = { elapsed: 0, breachAt: null, lastDue: null };
      for (let k = 0; k < bounds.length; k++) {
        const hi = k + 1 < bounds.length ? bounds[k + 1] : now;
        run = runClock(cal, runningWithin(segs, bounds[k], hi), target * MINUTE);
        if (run.breachAt !== null) {
          misses++;
          firstBreach ??= run.breachAt;
        }
      }
      const stopped = currentClock === "stopped" ? segs.from[last] : null;
      progress = finish("progress_update", mode, target, cal, run, {
        now, stoppedAt: stopped, paused: currentClock === "paused", firstBreach, misses, cycleStart: bounds[bounds.length - 1],
      });
    }
  }

  // Resolution: stops while resolved/closed; a reopen resumes it or restarts it (policy).
  let resolution: TimerResult;
  {
    const [mode, cal] = calFor("resolution");
    const target = input.objectives.resolutionMinutes;
    if (!isTarget(target)) resolution = notApplicable("resolution", mode);
    else {
      const stopped = currentClock === "stopped" ? segs.from[last] : null;
      const paused = currentClock === "paused";
      if (policy === "resume") {
        const run = runClock(cal, runningWithin(segs, openedAt, now), target * MINUTE);
        resolution = finish("resolution", mode, target, cal, run, {
          now, stoppedAt: stopped, paused, firstBreach: run.breachAt, misses: run.breachAt === null ? 0 : 1, cycleStart: openedAt,
        });
      } else {
        const bounds = [openedAt];
        for (let i = 0; i <= last; i++) if (segs.status[i] === "reopened" && segs.from[i] > openedAt) bounds.push(segs.from[i]);
        let firstBreach: number | null = null;
        let run: ClockRun = { elapsed: 0, breachAt: null, lastDue: null };
        for (let k = 0; k < bounds.length; k++) {
          const hi = k + 1 < bounds.length ? bounds[k + 1] : now;
          run = runClock(cal, runningWithin(segs, bounds[k], hi), target * MINUTE);
          firstBreach ??= run.breachAt;
        }
        resolution = finish("resolution", mode, target, cal, run, {
          now, stoppedAt: stopped, paused, firstBreach, misses: firstBreach === null ? 0 : 1, cycleStart: bounds[bounds.length - 1],
        });
      }
    }
  }

  return { first_response: firstResponse, progress_update: progress, resolution, status: current, reopenPolicy: policy };
}
