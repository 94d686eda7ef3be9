import { describe, expect, it } from "vitest";
import { applyChanges, deriveChanges, isAdverse, type AmendableVersion, type ProposalChange } from "../../analysis/review";

const base = (): AmendableVersion => ({
  calendar: { timezone: "Asia/Seoul", slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })), holidays: ["2026-12-25"] },
  reviewCadence: "quarterly",
  providerDuties: { ko: ["장애를 공지합니다"], en: ["Announce outages"] },
  customerDuties: { en: ["Name a contact"] },
  remedies: { credits: [{ below: 99, creditPercent: 10 }, { below: 95, creditPercent: 25 }], alternative: { en: "Phone support" } },
  objectives: [
    { kind: "availability", priority: null, target: 99.5, unit: "percent", mode: null, window: "month" },
    { kind: "first_response", priority: "p1", target: 1, unit: "hours", mode: "calendar", window: "month" },
    { kind: "first_response", priority: "p2", target: 4, unit: "hours", mode: "business", window: "month" },
  ],
});

function applied(change: ProposalChange) {
  const r = applyChanges(base(), [change]);
  if (!r.ok) throw new Error(`refused: ${r.conflict.reason}`);
  return r.version;
}

describe("applyChanges", () => {
  it("time_target: hours stay hours when whole, else minutes; only that objective moves", () => {
    const v = applied({ kind: "time_target", objective: "first_response", priority: "p2", from: 240, to: 120 });
    expect(v.objectives[2]).toEqual({ kind: "first_response", priority: "p2", target: 2, unit: "hours", mode: "business", window: "month" });
    expect(v.objectives[1]).toEqual(base().objectives[1]);
    const w = applied({ kind: "time_target", objective: "first_response", priority: "p1", from: 60, to: 45 });
    expect(w.objectives[1]).toMatchObject({ target: 45, unit: "minutes" });
  });

  it("time_target: refused when the target is no longer `from`, or the objective is gone", () => {
    const r = applyChanges(base(), [{ kind: "time_target", objective: "first_response", priority: "p2", from: 300, to: 120 }]);
    expect(r).toEqual({ ok: false, conflict: { index: 0, change: expect.anything(), reason: "stale" } });
    const m = applyChanges(base(), [{ kind: "time_target", objective: "resolution", priority: "p2", from: 300, to: 120 }]);
    expect(m.ok ? null : m.conflict.reason).toBe("missing");
  });

  it("time_mode", () => {
    expect(applied({ kind: "time_mode", objective: "first_response", priority: "p1", from: "calendar", to: "business" }).objectives[1].mode).toBe("business");
    const r = applyChanges(base(), [{ kind: "time_mode", objective: "first_response", priority: "p1", from: "business", to: "calendar" }]);
    expect(r.ok ? null : r.conflict.reason).toBe("stale");
  });

  it("availability_target", () => {
    expect(applied({ kind: "availability_target", from: 99.5, to: 99.9 }).objectives[0].target).toBe(99.9);
    const r = applyChanges(base(), [{ kind: "availability_target", from: 99, to: 99.9 }]);
    expect(r.ok ? null : r.conflict.reason).toBe("stale");
  });

  it("service_hours: the weekly slots are replaced, zone and holidays kept; order of `from` does not matter", () => {
    const from = [...base().calendar.slots].reverse();
    const to = [1, 2, 3, 4, 5].map((day) => ({ day, start: "08:00", end: "20:00" }));
    const v = applied({ kind: "service_hours", from, to });
    expect(v.calendar).toEqual({ timezone: "Asia/Seoul", slots: to, holidays: ["2026-12-25"] });
    const r = applyChanges(base(), [{ kind: "service_hours", from: to, to: from }]);
    expect(r.ok ? null : r.conflict.reason).toBe("stale");
  });

  it("duty_add appends per language; adding a duty already there is refused", () => {
    const v = applied({ kind: "duty_add", side: "provider", text: { ko: "월간 보고서를 보냅니다", en: "Send a monthly report" } });
    expect(v.providerDuties).toEqual({ ko: ["장애를 공지합니다", "월간 보고서를 보냅니다"], en: ["Announce outages", "Send a monthly report"] });
    expect(v.customerDuties).toEqual(base().customerDuties);
    const r = applyChanges(base(), [{ kind: "duty_add", side: "provider", text: { en: "Announce outages" } }]);
    expect(r.ok ? null : r.conflict.reason).toBe("exists");
  });

  it("duty_remove removes that duty only; a duty not there is refused", () => {
    const v = applied({ kind: "duty_remove", side: "customer", text: { en: "Name a contact" } });
    expect(v.customerDuties).toEqual({ en: [] });
    const r = applyChanges(base(), [{ kind: "duty_remove", side: "customer", text: { en: "Pay on time" } }]);
    expect(r.ok ? null : r.conflict.reason).toBe("missing");
  });

  it("credits: the table is replaced when it still is `from` (in any order)", () => {
    const to = [{ below: 99, creditPercent: 15 }, { below: 95, creditPercent: 30 }];
    expect(applied({ kind: "credits", from: [...base().remedies.credits].reverse(), to }).remedies.credits).toEqual(to);
    const r = applyChanges(base(), [{ kind: "credits", from: to, to }]);
    expect(r.ok ? null : r.conflict.reason).toBe("stale");
  });

  it("alternative_service", () => {
    expect(applied({ kind: "alternative_service", from: { en: "Phone support" }, to: { ko: "전화 지원", en: "Phone and chat support" } }).remedies.alternative).toEqual({
      ko: "전화 지원",
      en: "Phone and chat support",
    });
    const r = applyChanges(base(), [{ kind: "alternative_service", from: {}, to: { en: "x" } }]);
    expect(r.ok ? null : r.conflict.reason).toBe("stale");
  });

  it("review_cadence", () => {
    expect(applied({ kind: "review_cadence", from: "quarterly", to: "monthly" }).reviewCadence).toBe("monthly");
    const r = applyChanges(base(), [{ kind: "review_cadence", from: "annual", to: "monthly" }]);
    expect(r.ok ? null : r.conflict.reason).toBe("stale");
  });

  it("applies several in order, never modifies its input, and names the first refused change", () => {
    const input = base();
    const snapshot = structuredClone(input);
    const changes: ProposalChange[] = [
      { kind: "availability_target", from: 99.5, to: 99.9 },
      { kind: "availability_target", from: 99.9, to: 99.95 },
      { kind: "review_cadence", from: "annual", to: "monthly" },
    ];
    const r = applyChanges(input, changes);
    expect(r).toEqual({ ok: false, conflict: { index: 2, change: changes[2], reason: "stale" } });
    const ok = applyChanges(input, changes.slice(0, 2));
    expect(ok.ok && ok.version.objectives[0].target).toBe(99.95);
    expect(input).toEqual(snapshot);
  });
});

describe("deriveChanges", () => {
  it("finds back exactly the changes applied, so isAdverse can judge any edited draft", () => {
    const changes: ProposalChange[] = [
      { kind: "time_target", objective: "first_response", priority: "p2", from: 240, to: 480 },
      { kind: "duty_add", side: "customer", text: { en: "Report outages within an hour" } },
      { kind: "review_cadence", from: "quarterly", to: "monthly" },
    ];
    const r = applyChanges(base(), changes);
    if (!r.ok) throw new Error("refused");
    expect(deriveChanges(base(), r.version)).toEqual([changes[0], changes[1], changes[2]]);
    expect(deriveChanges(base(), r.version).map(isAdverse)).toEqual([true, true, false]);
    expect(deriveChanges(base(), base())).toEqual([]);
  });

  it("a duty added in both languages is one change, with both texts", () => {
    const r = applyChanges(base(), [{ kind: "duty_add", side: "provider", text: { ko: "보고서를 보냅니다", en: "Send a report" } }]);
    if (!r.ok) throw new Error("refused");
    expect(deriveChanges(base(), r.version)).toEqual([{ kind: "duty_add", side: "provider", text: { ko: "보고서를 보냅니다", en: "Send a report" } }]);
  });

  it("a dropped time objective counts as a promise taken away (adverse)", () => {
    const v = base();
    v.objectives = v.objectives.slice(0, 2);
    const d = deriveChanges(base(), v);
    expect(d).toHaveLength(1);
    expect(isAdverse(d[0])).toBe(true);
  });
});
