import { describe, expect, it } from "vitest";
import {
  availabilityBelowTarget,
  draftProposals,
  isAdverse,
  metWithMargin,
  missedAndLessSatisfied,
  roundTarget,
  themeCostsNps,
  weeklyServiceMinutes,
  type ObjectiveEvidence,
  type ReviewEvidence,
} from "../../analysis/review";

const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }));

function evidence(over: Partial<ReviewEvidence> = {}): ReviewEvidence {
  return {
    objectives: [],
    satisfaction: null,
    themes: [],
    availability: null,
    version: { slots: weekdays, credits: [], alternative: {}, providerDuties: {} },
    ...over,
  };
}

function objective(over: Partial<ObjectiveEvidence>): ObjectiveEvidence {
  return { objective: "first_response", priority: "p1", targetMinutes: 60, mode: "business", months: [], elapsedMinutes: [], ...over };
}

// NPS 40 (n 100) against -30 (n 100): far apart, significant.
const gap = { met: { promoters: 60, passives: 20, detractors: 20 }, breached: { promoters: 20, passives: 30, detractors: 50 } };
const noGap = { met: { promoters: 40, passives: 30, detractors: 30 }, breached: { promoters: 38, passives: 32, detractors: 30 } };

describe("isAdverse", () => {
  it("a looser time target or business minutes instead of calendar minutes is adverse; the reverse is not", () => {
    expect(isAdverse({ kind: "time_target", objective: "resolution", priority: "p2", from: 480, to: 600 })).toBe(true);
    expect(isAdverse({ kind: "time_target", objective: "resolution", priority: "p2", from: 480, to: 360 })).toBe(false);
    expect(isAdverse({ kind: "time_mode", objective: "first_response", priority: "p1", from: "calendar", to: "business" })).toBe(true);
    expect(isAdverse({ kind: "time_mode", objective: "first_response", priority: "p1", from: "business", to: "calendar" })).toBe(false);
  });

  it("a lower availability target is adverse", () => {
    expect(isAdverse({ kind: "availability_target", from: 99.9, to: 99.5 })).toBe(true);
    expect(isAdverse({ kind: "availability_target", from: 99.5, to: 99.9 })).toBe(false);
  });

  it("service hours: fewer minutes, or the same minutes at other times, are adverse; longer hours are not", () => {
    const shorter = weekdays.map((s) => ({ ...s, end: "17:00" }));
    const shifted = weekdays.map((s) => ({ ...s, start: "10:00", end: "19:00" }));
    const longer = weekdays.map((s) => ({ ...s, end: "20:00" }));
    expect(weeklyServiceMinutes(weekdays)).toBe(5 * 9 * 60);
    expect(weeklyServiceMinutes([{ day: 5, start: "22:00", end: "06:00" }])).toBe(8 * 60);
    expect(isAdverse({ kind: "service_hours", from: weekdays, to: shorter })).toBe(true);
    expect(isAdverse({ kind: "service_hours", from: weekdays, to: shifted })).toBe(true);
    expect(isAdverse({ kind: "service_hours", from: weekdays, to: longer })).toBe(false);
  });

  it("a duty moved to the customer or taken from the provider is adverse", () => {
    const text = { en: "Report outages within an hour" };
    expect(isAdverse({ kind: "duty_add", side: "customer", text })).toBe(true);
    expect(isAdverse({ kind: "duty_add", side: "provider", text })).toBe(false);
    expect(isAdverse({ kind: "duty_remove", side: "provider", text })).toBe(true);
    expect(isAdverse({ kind: "duty_remove", side: "customer", text })).toBe(false);
  });

  it("credits: a lower credit or a lower threshold anywhere is adverse; an added band is not", () => {
    const table = [{ below: 99.5, creditPercent: 10 }, { below: 99, creditPercent: 25 }];
    expect(isAdverse({ kind: "credits", from: table, to: [{ below: 99.5, creditPercent: 5 }, { below: 99, creditPercent: 25 }] })).toBe(true);
    expect(isAdverse({ kind: "credits", from: table, to: [{ below: 99.2, creditPercent: 10 }, { below: 99, creditPercent: 25 }] })).toBe(true);
    expect(isAdverse({ kind: "credits", from: table, to: [...table, { below: 95, creditPercent: 50 }] })).toBe(false);
  });

  it("dropping the alternative service or reviewing less often is adverse", () => {
    expect(isAdverse({ kind: "alternative_service", from: { en: "Standby desk" }, to: { en: " " } })).toBe(true);
    expect(isAdverse({ kind: "alternative_service", from: {}, to: { en: "Standby desk" } })).toBe(false);
    expect(isAdverse({ kind: "review_cadence", from: "quarterly", to: "annual" })).toBe(true);
    expect(isAdverse({ kind: "review_cadence", from: "quarterly", to: "monthly" })).toBe(false);
  });
});

describe("rule: missed in consecutive months while breached customers are less satisfied", () => {
  const missed = objective({
    months: [
      { month: "2026-10", met: 8, breached: 4 },
      { month: "2026-11", met: 7, breached: 5 },
      { month: "2026-12", met: 10, breached: 0 },
    ],
  });

  it("drafts an escalation duty citing both months and the satisfaction gap", () => {
    const [d, ...rest] = missedAndLessSatisfied(evidence({ objectives: [missed], satisfaction: gap }));
    expect(rest).toEqual([]);
    expect(d.rule).toBe("missed_and_less_satisfied");
    expect(d.change.kind).toBe("duty_add");
    expect(d.adverse).toBe(false);
    expect(d.evidence[0]).toEqual({
      kind: "months_missed",
      objective: "first_response",
      priority: "p1",
      goal: 0.9,
      months: [
        { month: "2026-10", shareMet: 8 / 12, n: 12 },
        { month: "2026-11", shareMet: 7 / 12, n: 12 },
      ],
    });
    const sat = d.evidence[1];
    expect(sat.kind).toBe("satisfaction_gap");
    if (sat.kind === "satisfaction_gap") {
      expect([sat.metNps, sat.breachedNps, sat.nMet, sat.nBreached]).toEqual([40, -30, 100, 100]);
      expect(sat.comparison.significant).toBe(true);
    }
  });

  it("proposes nothing without a significant satisfaction gap", () => {
    expect(missedAndLessSatisfied(evidence({ objectives: [missed], satisfaction: noGap }))).toEqual([]);
    expect(missedAndLessSatisfied(evidence({ objectives: [missed], satisfaction: null }))).toEqual([]);
  });

  it("one missed month, or months with too few cases between misses, is not a run", () => {
    const once = objective({ months: [{ month: "2026-10", met: 8, breached: 4 }, { month: "2026-11", met: 12, breached: 0 }, { month: "2026-12", met: 7, breached: 5 }] });
    const thin = objective({ months: [{ month: "2026-10", met: 8, breached: 4 }, { month: "2026-11", met: 1, breached: 2 }, { month: "2026-12", met: 7, breached: 5 }] });
    expect(missedAndLessSatisfied(evidence({ objectives: [once, thin], satisfaction: gap }))).toEqual([]);
  });
});

describe("rule: met with a wide margin", () => {
  const months = [
    { month: "2026-10", met: 30, breached: 0 },
    { month: "2026-11", met: 30, breached: 0 },
    { month: "2026-12", met: 29, breached: 1 },
  ];

  it("tightens the target to what the clock shows, in readable steps", () => {
    const o = objective({ targetMinutes: 240, months, elapsedMinutes: Array.from({ length: 90 }, (_, i) => i + 1) });
    const drafts = metWithMargin(evidence({ objectives: [o] }));
    expect(drafts).toHaveLength(1);
    // p90 of 1..90 is 81.1; 81.1 x 1.25 = 101.4, but a target never more than halves: 120.
    expect(drafts[0].change).toEqual({ kind: "time_target", objective: "first_response", priority: "p1", from: 240, to: 120 });
    expect(drafts[0].adverse).toBe(false);
    const cite = drafts[0].evidence[0];
    expect(cite.kind === "met_with_margin" && [cite.n, Math.round(cite.p90Minutes * 10) / 10]).toEqual([90, 81.1]);
  });

  it("proposes nothing when the clock uses most of the target or when too few cases prove it", () => {
    const busy = objective({ targetMinutes: 240, months, elapsedMinutes: Array.from({ length: 90 }, (_, i) => i + 100) });
    const few = objective({ targetMinutes: 240, months: [{ month: "2026-10", met: 9, breached: 0 }], elapsedMinutes: [10, 11, 12, 13, 14, 15, 16, 17, 18] });
    expect(metWithMargin(evidence({ objectives: [busy, few] }))).toEqual([]);
  });
});

describe("rule: a theme that costs NPS, mapped to an SLA area", () => {
  const p1 = objective({ priority: "p1", targetMinutes: 60, months: [{ month: "2026-10", met: 19, breached: 1 }] });
  const p2 = objective({ priority: "p2", targetMinutes: 240, months: [{ month: "2026-10", met: 12, breached: 8 }] });
  const theme = { id: "t1", name: "Slow replies", area: "response_speed" as const, impact: -6, interval: { low: -9, high: -3 }, items: 140 };

  it("tightens the matching objective for the priority that misses most", () => {
    const [d] = themeCostsNps(evidence({ objectives: [p1, p2], themes: [theme] }));
    expect(d.change).toEqual({ kind: "time_target", objective: "first_response", priority: "p2", from: 240, to: 180 });
    expect(d.evidence).toEqual([{ kind: "theme_impact", themeId: "t1", name: "Slow replies", impact: -6, low: -9, high: -3, items: 140 }]);
  });

  it("extends service hours or raises availability for those areas", () => {
    const hours = themeCostsNps(evidence({ themes: [{ ...theme, area: "service_hours" }] }));
    expect(hours[0].change).toEqual({ kind: "service_hours", from: weekdays, to: weekdays.map((s) => ({ ...s, end: "20:00" })) });
    const avail = themeCostsNps(evidence({ themes: [{ ...theme, area: "availability" }], availability: { targetPercent: 99.5, months: [] } }));
    expect(avail[0].change).toEqual({ kind: "availability_target", from: 99.5, to: 99.75 });
  });

  it("proposes nothing when the interval crosses 0 or the theme has no area", () => {
    const unsure = { ...theme, interval: { low: -8, high: 1 } };
    expect(themeCostsNps(evidence({ objectives: [p1, p2], themes: [unsure, { ...theme, area: null }] }))).toEqual([]);
  });
});

describe("rule: availability below target", () => {
  const availability = {
    targetPercent: 99.9,
    months: [
      { month: "2026-10", percent: 99.95, coverage: 1 },
      { month: "2026-11", percent: 99.2, coverage: 1 },
      // Below target but half measured: not evidence.
      { month: "2026-12", percent: 98.0, coverage: 0.5 },
    ],
  };

  it("adds a credit band when the table pays nothing for the shortfall", () => {
    const [d] = availabilityBelowTarget(evidence({ availability }));
    expect(d.change).toEqual({ kind: "credits", from: [], to: [{ below: 99.9, creditPercent: 10 }] });
    expect(d.adverse).toBe(false);
    expect(d.evidence).toEqual([{ kind: "availability_months", targetPercent: 99.9, months: [availability.months[1]] }]);
  });

  it("offers an alternative service when credits already pay and none exists, else nothing", () => {
    const credits = [{ below: 99.5, creditPercent: 10 }];
    const alt = availabilityBelowTarget(evidence({ availability, version: { slots: weekdays, credits, alternative: {}, providerDuties: {} } }));
    expect(alt.map((d) => d.change.kind)).toEqual(["alternative_service"]);
    const none = availabilityBelowTarget(evidence({ availability, version: { slots: weekdays, credits, alternative: { en: "Standby desk" }, providerDuties: {} } }));
    expect(none).toEqual([]);
  });
});

describe("drafting", () => {
  it("an empty pack drafts nothing", () => {
    expect(draftProposals(evidence())).toEqual([]);
  });

  it("targets are rounded to 15-minute steps up to 8 hours and whole hours after", () => {
    expect([roundTarget(101), roundTarget(7), roundTarget(500), roundTarget(480)]).toEqual([105, 15, 480, 480]);
  });
});
