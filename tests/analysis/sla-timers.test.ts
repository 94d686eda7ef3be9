import { describe, expect, it } from "vitest";
import {
  allowedTransition,
  complianceReport,
  computeCaseTimers,
  nextStatuses,
  reopenPolicyStatements,
  validateHistory,
  type BusinessCalendar,
  type CaseTimerInput,
  type StatusChange,
} from "../../analysis/sla";

/** Seoul office, Mon-Fri 09:00-18:00 (540 working minutes a day), no DST. */
const seoul: BusinessCalendar = {
  timezone: "Asia/Seoul",
  slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })),
  holidays: [],
};
/** KST wall time on a day of June 2026 (2026-06-01 is a Monday). */
const kst = (day: number, hhmm: string) => new Date(`2026-06-${String(day).padStart(2, "0")}T${hhmm}:00+09:00`);
const h = (status: StatusChange["status"], at: Date): StatusChange => ({ status, at });

function timers(over: Partial<CaseTimerInput>) {
  return computeCaseTimers({
    openedAt: kst(1, "09:00"),
    history: [],
    objectives: { resolutionMinutes: 480 },
    calendar: seoul,
    now: kst(1, "10:00"),
    ...over,
  });
}

describe("workflow", () => {
  it("refuses closed -> waiting_on_customer and the other moves the workflow does not allow", () => {
    expect(allowedTransition("closed", "waiting_on_customer")).toBe(false);
    expect(allowedTransition("resolved", "waiting_on_customer")).toBe(false);
    expect(allowedTransition("open", "closed")).toBe(false);
    expect(allowedTransition("closed", "resolved")).toBe(false);
    expect(allowedTransition("in_progress", "in_progress")).toBe(false);
    expect(allowedTransition("open", "bogus" as never)).toBe(false);
  });
  it("allows the ordinary life of a case", () => {
    const path = ["open", "in_progress", "waiting_on_customer", "in_progress", "resolved", "closed", "reopened", "resolved"] as const;
    for (let i = 1; i < path.length; i++) expect(allowedTransition(path[i - 1], path[i])).toBe(true);
    expect(nextStatuses("closed")).toEqual(["reopened"]);
  });
  it("validates a history and names the bad step", () => {
    const opened = kst(1, "09:00");
    expect(validateHistory(opened, [h("open", opened), h("in_progress", kst(1, "10:00")), h("resolved", kst(1, "11:00"))])).toEqual([]);
    const bad = validateHistory(opened, [h("resolved", kst(1, "10:00")), h("closed", kst(1, "11:00")), h("waiting_on_customer", kst(1, "12:00"))]);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ code: "invalid_transition", path: "history.2.status", params: { from: "closed", to: "waiting_on_customer" } });
    const order = validateHistory(opened, [h("in_progress", kst(1, "12:00")), h("resolved", kst(1, "11:00"))]);
    expect(order.map((p) => p.code)).toEqual(["out_of_order"]);
    expect(validateHistory(opened, [h("in_progress", kst(1, "08:00"))]).map((p) => p.code)).toEqual(["before_open"]);
  });
});

describe("resolution timer", () => {
  it("runs in working time and is at risk under 20 % left", () => {
    const early = timers({ now: kst(1, "12:00") });
    expect(early.resolution).toMatchObject({ status: "running", elapsedMinutes: 180, remainingMinutes: 300, atRisk: false, breachedAt: null });
    expect(early.resolution.due!.toISOString()).toBe(kst(1, "17:00").toISOString());
    const late = timers({ now: kst(1, "16:00") });
    expect(late.resolution).toMatchObject({ status: "running", remainingMinutes: 60, atRisk: true });
  });

  it("is met when resolved before the deadline, and stays met", () => {
    const input = { history: [h("in_progress", kst(1, "09:30")), h("resolved", kst(1, "15:00"))] };
    const r = timers({ ...input, now: kst(3, "10:00") }).resolution;
    expect(r).toMatchObject({ status: "met", elapsedMinutes: 360, remainingMinutes: 120, breachedAt: null, misses: 0, atRisk: false });
    expect(r.stoppedAt!.toISOString()).toBe(kst(1, "15:00").toISOString());
  });

  it("records a breach once, at the deadline, however late it is looked at", () => {
    const history = [h("in_progress", kst(1, "09:30"))];
    const a = timers({ history, now: kst(2, "10:00") }).resolution;
    const b = timers({ history, now: kst(5, "10:00") }).resolution;
    expect(a.status).toBe("breached");
    expect(a.breachedAt!.toISOString()).toBe(kst(1, "17:00").toISOString());
    expect(b.breachedAt!.toISOString()).toBe(a.breachedAt!.toISOString());
    expect(a.misses).toBe(1);
    expect(b.misses).toBe(1);
    expect(a.remainingMinutes).toBe(480 - 540 - 60);
  });

  it("counts resolving after closing time as a miss when the deadline was the end of the day", () => {
    const base = { openedAt: kst(1, "10:00") };
    const onTime = timers({ ...base, history: [h("resolved", kst(1, "18:00"))], now: kst(2, "09:00") }).resolution;
    expect(onTime.status).toBe("met");
    const after = timers({ ...base, history: [h("resolved", kst(1, "19:00"))], now: kst(2, "09:00") }).resolution;
    expect(after.status).toBe("breached");
    expect(after.breachedAt!.toISOString()).toBe(kst(1, "18:00").toISOString());
  });

  it("starts counting at the next opening for a case opened outside service hours", () => {
    // Opened Saturday 2026-06-06 11:00; deadline Monday 17:00.
    const r = timers({ openedAt: kst(6, "11:00"), now: kst(8, "10:00") }).resolution;
    expect(r).toMatchObject({ status: "running", elapsedMinutes: 60, remainingMinutes: 420 });
    expect(r.due!.toISOString()).toBe(kst(8, "17:00").toISOString());
  });
});

describe("pauses (waiting on customer)", () => {
  const history = [
    h("in_progress", kst(1, "09:30")),
    h("waiting_on_customer", kst(1, "16:00")),
    h("in_progress", kst(3, "11:00")),
  ];

  it("are rebuilt from the history and span closed hours correctly", () => {
    // 420 used by Mon 16:00; the pause covers Mon evening, all Tuesday and Wed morning; 60 left -> Wed 12:00.
    const r = timers({ history, now: kst(3, "11:30") }).resolution;
    expect(r).toMatchObject({ status: "running", elapsedMinutes: 450, remainingMinutes: 30, atRisk: true });
    expect(r.due!.toISOString()).toBe(kst(3, "12:00").toISOString());
    // Without the pause the same case was due Monday 17:00.
    const unpaused = timers({ history: [h("in_progress", kst(1, "09:30"))], now: kst(1, "16:00") }).resolution;
    expect(unpaused.due!.toISOString()).toBe(kst(1, "17:00").toISOString());
  });

  it("show a paused timer with the deadline it would have if resumed now", () => {
    const r = timers({ history, now: kst(2, "12:00") }).resolution;
    expect(r).toMatchObject({ status: "paused", elapsedMinutes: 420, remainingMinutes: 60, atRisk: true, breachedAt: null });
    expect(r.due!.toISOString()).toBe(kst(2, "13:00").toISOString());
  });

  it("do not stop a breach that happens after the pause ends", () => {
    const r = timers({ history: [...history, h("resolved", kst(4, "10:00"))], now: kst(5, "09:00") }).resolution;
    expect(r.status).toBe("breached");
    expect(r.breachedAt!.toISOString()).toBe(kst(3, "12:00").toISOString());
    expect(r.elapsedMinutes).toBe(420 + 420 + 60);
  });

  it("span a weekend with a DST change, in business and in calendar mode", () => {
    const nyOffice: BusinessCalendar = { timezone: "America/New_York", slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })), holidays: [] };
    // Fri 2026-03-06 16:00 EST; waiting from 17:00 EST until Sun 2026-03-08 10:00 EDT (after spring forward).
    const input = {
      openedAt: new Date("2026-03-06T21:00:00Z"),
      history: [h("waiting_on_customer", new Date("2026-03-06T22:00:00Z")), h("in_progress", new Date("2026-03-08T14:00:00Z"))],
      calendar: nyOffice,
      now: new Date("2026-03-08T15:00:00Z"),
    };
    const business = timers({ ...input, objectives: { resolutionMinutes: 180 } }).resolution;
    expect(business).toMatchObject({ status: "running", elapsedMinutes: 60, remainingMinutes: 120 });
    expect(business.due!.toISOString()).toBe("2026-03-09T15:00:00.000Z");
    const calendar = timers({ ...input, objectives: { resolutionMinutes: 180, modes: { resolution: "calendar" } } }).resolution;
    expect(calendar).toMatchObject({ status: "running", elapsedMinutes: 120, remainingMinutes: 60 });
    expect(calendar.due!.toISOString()).toBe("2026-03-08T16:00:00.000Z");
  });

  it("give the same result regardless of the order the history arrives in", () => {
    const shuffledHistory = [history[2], history[0], history[1]];
    const a = timers({ history, now: kst(3, "11:30") }).resolution;
    const b = timers({ history: shuffledHistory, now: kst(3, "11:30") }).resolution;
    expect(b).toEqual(a);
  });
});

describe("reopen", () => {
  const resolvedThenReopened = [h("in_progress", kst(1, "09:30")), h("resolved", kst(1, "15:00")), h("reopened", kst(2, "10:00"))];

  it("resume policy: the clock resumes from the reopen with the time already used kept", () => {
    const r = timers({ history: resolvedThenReopened, now: kst(2, "11:00") }).resolution;
    expect(r).toMatchObject({ status: "running", elapsedMinutes: 420, remainingMinutes: 60, atRisk: true });
    expect(r.due!.toISOString()).toBe(kst(2, "12:00").toISOString());
    const later = timers({ history: resolvedThenReopened, now: kst(2, "14:00") }).resolution;
    expect(later.status).toBe("breached");
    expect(later.breachedAt!.toISOString()).toBe(kst(2, "12:00").toISOString());
  });

  it("restart policy: the reopen starts a fresh target", () => {
    const r = timers({ history: resolvedThenReopened, now: kst(2, "14:00"), reopenPolicy: "restart" }).resolution;
    expect(r).toMatchObject({ status: "running", elapsedMinutes: 240, remainingMinutes: 240, breachedAt: null });
    expect(r.due!.toISOString()).toBe(kst(2, "18:00").toISOString());
  });

  it("keeps a miss recorded before the reopen, counted once, under either policy", () => {
    const history = [h("in_progress", kst(1, "09:30")), h("resolved", kst(2, "11:00")), h("reopened", kst(3, "09:00")), h("resolved", kst(3, "10:00"))];
    for (const reopenPolicy of ["resume", "restart"] as const) {
      const r = timers({ history, now: kst(4, "09:00"), reopenPolicy }).resolution;
      expect(r.status).toBe("breached");
      expect(r.misses).toBe(1);
      expect(r.breachedAt!.toISOString()).toBe(kst(1, "17:00").toISOString());
    }
  });

  it("states the policy in Korean and English", () => {
    for (const p of ["resume", "restart"] as const) {
      expect(reopenPolicyStatements[p].en).toMatch(/reopen/i);
      expect(reopenPolicyStatements[p].ko).toMatch(/재오픈/);
    }
    expect(timers({}).reopenPolicy).toBe("resume");
  });
});

describe("first response timer", () => {
  const objectives = { firstResponseMinutes: 60 };
  it("is met by a reply within the target and breached by a late one", () => {
    const ok = timers({ openedAt: kst(6, "10:00"), firstResponseAt: kst(8, "09:45"), objectives, now: kst(8, "12:00") }).first_response;
    expect(ok).toMatchObject({ status: "met", elapsedMinutes: 45, remainingMinutes: 15 });
    const late = timers({ openedAt: kst(6, "10:00"), firstResponseAt: kst(8, "10:30"), objectives, now: kst(8, "12:00") }).first_response;
    expect(late.status).toBe("breached");
    expect(late.breachedAt!.toISOString()).toBe(kst(8, "10:00").toISOString());
  });
  it("counts a progress notice or a resolution as the first response when no reply is recorded", () => {
    const byUpdate = timers({ progressUpdates: [kst(1, "09:40")], objectives, now: kst(1, "12:00") }).first_response;
    expect(byUpdate).toMatchObject({ status: "met", elapsedMinutes: 40 });
    const byResolution = timers({ history: [h("resolved", kst(1, "09:50"))], objectives, now: kst(1, "12:00") }).first_response;
    expect(byResolution).toMatchObject({ status: "met", elapsedMinutes: 50 });
  });
  it("counts every minute in calendar mode", () => {
    const input = { openedAt: kst(5, "17:00"), firstResponseAt: kst(6, "18:00"), now: kst(8, "12:00") };
    const business = timers({ ...input, objectives: { firstResponseMinutes: 1440 } }).first_response;
    expect(business.status).toBe("met");
    const calendar = timers({ ...input, objectives: { firstResponseMinutes: 1440, modes: { first_response: "calendar" } } }).first_response;
    expect(calendar).toMatchObject({ status: "breached", mode: "calendar" });
    expect(calendar.breachedAt!.toISOString()).toBe(kst(6, "17:00").toISOString());
  });
});

describe("progress update timer", () => {
  it("restarts at each notice and records each missed interval", () => {
    const r = timers({
      objectives: { progressUpdateMinutes: 120 },
      progressUpdates: [kst(1, "10:30"), kst(1, "13:30")],
      now: kst(1, "14:00"),
    }).progress_update;
    expect(r).toMatchObject({ status: "breached", misses: 1, elapsedMinutes: 30, remainingMinutes: 90 });
    expect(r.breachedAt!.toISOString()).toBe(kst(1, "12:30").toISOString());
    expect(r.due!.toISOString()).toBe(kst(1, "15:30").toISOString());
  });
  it("stops when the case is resolved and pauses while waiting", () => {
    const met = timers({ objectives: { progressUpdateMinutes: 120 }, progressUpdates: [kst(1, "10:30")], history: [h("resolved", kst(1, "12:00"))], now: kst(2, "12:00") }).progress_update;
    expect(met).toMatchObject({ status: "met", misses: 0 });
    const paused = timers({ objectives: { progressUpdateMinutes: 120 }, history: [h("waiting_on_customer", kst(1, "10:00"))], now: kst(2, "12:00") }).progress_update;
    expect(paused).toMatchObject({ status: "paused", elapsedMinutes: 60, remainingMinutes: 60 });
  });
});

describe("targets and versions", () => {
  it("gives not_applicable for a missing, zero or negative target", () => {
    const t = timers({ objectives: { firstResponseMinutes: 0, progressUpdateMinutes: -5, resolutionMinutes: null } });
    expect(t.first_response.status).toBe("not_applicable");
    expect(t.progress_update.status).toBe("not_applicable");
    expect(t.resolution.status).toBe("not_applicable");
  });

  it("judges each case with the calendar of its SLA version; a closed case keeps its result", () => {
    const v1 = seoul;
    const v2: BusinessCalendar = { timezone: "Asia/Seoul", slots: [1, 2, 3, 4, 5, 6].map((day) => ({ day, start: "08:00", end: "20:00" })), holidays: [] };
    // Opened Friday 16:00.
    const open = { openedAt: kst(5, "16:00"), objectives: { resolutionMinutes: 480 }, now: kst(5, "16:30") };
    const d1 = timers({ ...open, calendar: v1 }).resolution.due!;
    const d2 = timers({ ...open, calendar: v2 }).resolution.due!;
    expect(d1.toISOString()).toBe(kst(8, "15:00").toISOString());
    expect(d2.toISOString()).toBe(kst(6, "12:00").toISOString());
    // A case closed under v1 (resolved Monday 14:00: met) is not re-judged when v2 arrives.
    const closed = { ...open, history: [h("resolved", kst(8, "14:00")), h("closed", kst(9, "10:00"))] };
    const then = timers({ ...closed, calendar: v1, now: kst(9, "11:00") }).resolution;
    const months = timers({ ...closed, calendar: v1, now: new Date("2026-12-01T00:00:00Z") }).resolution;
    expect(then.status).toBe("met");
    expect(months).toEqual(then);
    // Judged with v2 it would have been breached (Saturday 12:00), which is why the version is stamped.
    expect(timers({ ...closed, calendar: v2, now: kst(9, "11:00") }).resolution.status).toBe("breached");
  });
});

describe("complianceReport", () => {
  it("counts met, breached and pending per objective, each miss once", () => {
    const objectives = { firstResponseMinutes: 60, resolutionMinutes: 480 };
    const cases = [
      { id: "met", timers: timers({ objectives, firstResponseAt: kst(1, "09:30"), history: [h("resolved", kst(1, "12:00"))], now: kst(2, "09:00") }) },
      { id: "late", timers: timers({ objectives, firstResponseAt: kst(1, "11:00"), history: [h("resolved", kst(2, "12:00"))], now: kst(3, "09:00") }) },
      { id: "open", timers: timers({ objectives, firstResponseAt: kst(1, "09:10"), now: kst(1, "16:00") }) },
    ];
    const r = complianceReport(cases);
    expect(r.cases).toBe(3);
    expect(r.objectives.resolution).toMatchObject({ applicable: 3, met: 1, breached: 1, pending: 1, misses: 1, atRisk: ["open"] });
    expect(r.objectives.resolution.shareMet).toBe(0.5);
    expect(r.objectives.resolution.breaches.map((b) => b.id)).toEqual(["late"]);
    expect(r.objectives.first_response).toMatchObject({ applicable: 3, met: 2, breached: 1 });
    expect(r.objectives.first_response.shareMet).toBeCloseTo(2 / 3, 12);
    expect(r.objectives.progress_update).toMatchObject({ applicable: 0, shareMet: null });
  });
});
